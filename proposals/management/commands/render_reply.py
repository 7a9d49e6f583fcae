import logging
import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from proposals.letter import NoLetter, latest_letter, letter_pdf
from proposals.models import Proposal


class Command(BaseCommand):
    help = (
        "把建议提案的答复函排成 PDF（GB/T 9704-2012 信函格式）：主办单位（分办时为第一个单位，"
        "或 --unit 指定的单位）最新一轮的答复函。"
    )

    def add_arguments(self, parser):
        parser.add_argument("proposal", type=int, help="建议提案的 ID")
        parser.add_argument("--out", type=Path, required=True, help="写入的 PDF 文件")
        parser.add_argument("--unit", help="分办时指定答复单位（全称或简称）")

    def handle(self, *args, proposal, out, unit, **options):
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # its "Step 1…7"
        item = Proposal.objects.filter(pk=proposal).first()
        if item is None:
            raise CommandError(f"没有 ID 为 {proposal} 的建议提案。")
        try:
            letter = latest_letter(item, unit)
        except NoLetter as error:
            raise CommandError(str(error)) from None
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(letter_pdf(letter), out)
        self.stdout.write(f"已写入 {out}：{letter.assignment.unit}《{letter.title}》")

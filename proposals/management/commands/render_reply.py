import logging
import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from proposals.letter import NoLetter, latest_letter, letter_pdf
from proposals.letter_docx import letter_docx
from proposals.models import Proposal


class Command(BaseCommand):
    help = (
        "把建议提案的答复函排成 PDF 或 Word 文件（GB/T 9704-2012 信函格式）：主办单位（分办时"
        "为第一个单位，或 --unit 指定的单位）最新一轮的答复函。--out 以 .docx 结尾时写 Word "
        "文件，否则写 PDF。"
    )

    def add_arguments(self, parser):
        parser.add_argument("proposal", type=int, help="建议提案的 ID")
        parser.add_argument("--out", type=Path, required=True, help="写入的文件（.pdf 或 .docx）")
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
        if out.suffix.lower() == ".docx":
            out.write_bytes(letter_docx(letter))
        else:
            shutil.copyfile(letter_pdf(letter), out)
        self.stdout.write(f"已写入 {out}：{letter.assignment.unit}《{letter.title}》")

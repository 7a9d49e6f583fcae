import logging
import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from applications.letter import NoAnswer, answer_pdf, answered


class Command(BaseCommand):
    help = (
        "把政府信息公开申请的答复书排成 PDF（GB/T 9704-2012 信函格式）。未填答复日期的"
        "按今日成文（草稿）。不指定 --out 时写入当前目录的“<受理编号>.pdf”。"
    )

    def add_arguments(self, parser):
        parser.add_argument("receipt_number", help="受理编号，如 湛府办依申〔2026〕1号")
        parser.add_argument("--out", type=Path, help="写入的 PDF 文件")

    def handle(self, *args, receipt_number, out, **options):
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # its "Step 1…7"
        try:
            application = answered(receipt_number)
        except NoAnswer as error:
            raise CommandError(str(error)) from None
        out = out or Path(f"{application.receipt_number}.pdf")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(answer_pdf(application), out)
        self.stdout.write(f"已写入 {out}：{application.organ}对{application.name}的答复书")

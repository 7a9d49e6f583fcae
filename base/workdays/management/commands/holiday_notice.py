from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from base.workdays.notice import NoticeError, read_notice
from base.workdays.schedule import enter_notice


class Command(BaseCommand):
    help = (
        "读取国务院办公厅节假日安排通知的文本：每天一行列出放假日和调休上班日；"
        "加 --apply 则作为该年度的正式安排录入，并重新计算受影响的未办结期限。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="通知全文的 UTF-8 文本文件（含标题）")
        parser.add_argument("--year", type=int, help="期望的年度；与通知不符时拒绝")
        parser.add_argument(
            "--apply", action="store_true", help="录入数据库（否则只列出，不做改动）"
        )

    def handle(self, *args, file, year, apply, **options):
        try:
            text = Path(file).read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"无法读取文件 {file}：{error}") from None
        try:
            notice = read_notice(text, year)
        except NoticeError as error:
            raise CommandError(
                "通知无法读取，未做任何改动：\n" + "\n".join(error.problems)
            ) from None
        for line in notice.lines():
            self.stdout.write(line)
        if not apply:
            self.stderr.write(
                f"以上为{notice.year}年（{notice.source}）的{len(notice.days)}天，仅为试读，未做任何改动；"
                "核对无误后加 --apply 录入。"
            )
        else:
            moved = enter_notice(notice, "manage.py holiday_notice")
            self.stderr.write(
                f"已录入{notice.year}年节假日安排（{notice.source}），共{len(notice.days)}天；"
                f"重新计算了{moved}个在办期限。"
            )

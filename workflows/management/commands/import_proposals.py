from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from proposals.importing import ImportFailed
from workflows.proposals.services import import_and_register


class Command(BaseCommand):
    help = (
        "导入建议提案（.xlsx 或 .csv，中文表头，见 README）。"
        "全部校验通过才导入；重复导入不会产生重复数据。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--user", help="记入导入记录的工作人员用户名")

    def handle(self, *args, file, user, **options):
        if not file.is_file():
            raise CommandError(f"找不到文件：{file}")
        person = get_user_model().objects.filter(username=user).first() if user else None
        if user and person is None:
            raise CommandError(f"没有用户名为“{user}”的工作人员。")
        try:
            result = import_and_register(file.name, file.read_bytes(), person)
        except ImportFailed as failure:
            report = "\n".join(map(str, failure.problems))
            raise CommandError(f"未导入任何数据：\n{report}") from None
        if result.already_imported:
            self.stdout.write(
                f"该文件已于{result.batch.imported_at:%Y-%m-%d %H:%M}导入，未做改动。"
            )
        else:
            self.stdout.write(f"已导入 {result.created} 条，跳过已存在的 {result.skipped} 条。")

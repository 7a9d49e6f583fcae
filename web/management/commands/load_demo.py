from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from base.organisation.demo import DEMO_PASSWORD, load_units_and_people
from workflows.proposals.services import import_and_register
from workflows.interpretation.demo import load_demo_package

PROPOSALS = Path(settings.BASE_DIR) / "demo" / "proposals-2026.csv"


class Command(BaseCommand):
    help = "载入演示数据（可重复运行，不会产生重复数据），并列出演示账号。"

    def handle(self, *args, **options):
        logins = load_units_and_people()
        imported = import_and_register(PROPOSALS.name, PROPOSALS.read_bytes())
        if not imported.already_imported:
            self.stdout.write(f"建议提案：已导入演示文件中的 {imported.created} 条。")
        if load_demo_package():
            self.stdout.write("政策解读：湛府办〔2018〕22号及其解读已提交，等待单位负责人审签。")
        self.stdout.write(
            self.style.SUCCESS(f"演示数据已就绪。演示账号（密码均为 {DEMO_PASSWORD}）：")
        )
        for username, role, unit in logins:
            self.stdout.write(f"  {username:<10} {role} · {unit}")

from django.core.management.base import BaseCommand

from base.workdays.deadlines import WorkingCalendar
from base.workdays.seed import package_years, seed_from_package

STATES = {
    "confirmed": "已确认",
    "provisional": "暂定（按法定节假日和周末计算，待录入国务院通知）",
    "missing": "缺失（落入该年的期限无法计算）",
}


class Command(BaseCommand):
    help = (
        "从 chinese-calendar 数据包补录数据库中尚缺的年度节假日安排（已有年度不改动），"
        "并列出各年度状态：已确认、暂定或缺失。"
    )

    def handle(self, *args, **options):
        added = seed_from_package()
        years = package_years()
        self.stdout.write(f"数据包含 {years[0]}–{years[-1]} 年；新增年度：{added or '无'}")
        states = WorkingCalendar().states()
        if not states:
            self.stdout.write("数据库中还没有任何年度的节假日安排。")
        for year, state in states:
            self.stdout.write(f"{year}年：{STATES[state]}")

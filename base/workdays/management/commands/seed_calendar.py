from django.core.management.base import BaseCommand

from base.workdays.deadlines import WorkingCalendar
from base.workdays.provisional import YEARS_AHEAD
from base.workdays.seed import package_years, seed_from_package


class Command(BaseCommand):
    help = (
        "从 chinese-calendar 数据包补录数据库中尚缺的年度节假日安排（已有年度不改动），"
        "并列出各年度状态：已确认、暂定或缺失。"
    )

    def handle(self, *args, **options):
        added = seed_from_package()
        years = package_years()
        self.stdout.write(f"数据包含 {years[0]}–{years[-1]} 年；新增年度：{added or '无'}")
        calendar = WorkingCalendar()
        confirmed = sorted(calendar.confirmed)
        if not confirmed:
            self.stdout.write("数据库中还没有任何年度的节假日安排。")
            return
        for year in range(confirmed[0], confirmed[-1] + YEARS_AHEAD + 2):
            if year in calendar.confirmed:
                state = "已确认"
            elif calendar.is_provisional_year(year):
                state = "暂定（按法定节假日和周末计算，待录入国务院通知）"
            else:
                state = "缺失（落入该年的期限无法计算）"
            self.stdout.write(f"{year}年：{state}")

from django.core.management.base import BaseCommand

from base.workdays.seed import package_years, seed_from_package


class Command(BaseCommand):
    help = "从 chinese-calendar 数据包补录数据库中尚缺的年度节假日安排（已有年度不改动）。"

    def handle(self, *args, **options):
        added = seed_from_package()
        years = package_years()
        self.stdout.write(f"数据包含 {years[0]}–{years[-1]} 年；新增年度：{added or '无'}")

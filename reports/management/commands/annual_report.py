from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from reports import annual, annual_docx, tables
from reports.inputs import BadInput, find_unit, parse_year
from reports.sources import Scope


def staff_link(year):
    """Links for the HTML file: the staff list behind each figure, on this installation."""
    try:
        page = reverse("staff:reports:statistics:items")
    except NoReverseMatch:  # the staff pages are not installed: numbers without links
        return None
    base = settings.PUBLIC_BASE_URL.rstrip("/")

    def link(key, unit=None):
        query = {"figure": key, "year": year}
        if unit is not None:
            query["unit"] = unit.pk
        return f"{base}{page}?{urlencode(query)}"

    return link


class Command(BaseCommand):
    help = (
        "生成政府信息公开工作年度报告（国办公开办函〔2021〕30号格式）：系统掌握的数字自动填写，"
        "其余部分以灰色标出由办公室填写。--out 以 .docx 结尾时写 Word 文件，否则写 PDF。"
        "例如：annual_report 2026 --out report.pdf"
    )

    def add_arguments(self, parser):
        parser.add_argument("year", help="年度，如 2026")
        parser.add_argument(
            "--out", required=True, help="输出文件（.pdf、.docx，或配合 --html 的 .html）"
        )
        parser.add_argument(
            "--html",
            action="store_true",
            help="输出 HTML（每个数字链接到工作平台中的事项清单），而非 PDF",
        )
        parser.add_argument("--unit", help="只统计一个单位（全称或简称）；默认全部单位")

    def handle(self, *args, year, out, html, unit, **options):
        try:
            scope = Scope(parse_year(year), find_unit(unit) if unit else None)
        except BadInput as error:
            raise CommandError(error.message) from None
        path = Path(out)
        word = path.suffix.lower() == ".docx"
        if html and word:
            raise CommandError(
                "--html 输出 HTML 文件，不能写成 .docx；去掉 --html 即写 Word 文件。"
            )
        stats = tables.compute(scope, with_steps=False)
        if not path.parent.is_dir():
            raise CommandError(f"输出目录不存在：{path.parent}")
        if html:
            path.write_text(annual.report_html(stats, staff_link(scope.year)), encoding="utf-8")
        elif word:
            path.write_bytes(annual_docx.report_docx(stats))
        else:
            path.write_bytes(annual.report_pdf(stats))
        self.stdout.write(
            f"{annual.title(scope)}：已写入 {path}"
            + ("" if stats.has_data else f"（系统中没有{scope.year}年度的记录，报告中的数字均为0）")
        )

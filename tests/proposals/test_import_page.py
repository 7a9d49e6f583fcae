"""The proposal office's import page: the template and its instructions a click away, a
result page per batch that says what was imported and what was skipped (and survives a
reload without importing again), and an error page naming every problem by its row."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from base.organisation.demo import load_units_and_people
from proposals.importing import SPREADSHEET
from proposals.models import ImportBatch, Proposal
from tests.proposals.test_import import row, xlsx

pytestmark = pytest.mark.django_db
PAGE = "/staff/proposals/import/"


@pytest.fixture
def clerk(client):
    load_units_and_people()
    client.login(username="clerk", password="gongkai-demo")
    return client


def upload(client, name, data):
    return client.post(PAGE, {"file": SimpleUploadedFile(name, data)})


def text(response):
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_page_links_the_template_and_explains_every_column(clerk):
    page = text(clerk.get(PAGE))
    assert 'href="/staff/proposals/import/template.xlsx"' in page
    assert 'href="#instructions"' in page and 'id="instructions"' in page
    for column in SPREADSHEET:
        assert f">{column.header}</td>" in page
    assert "第0213号" in page and "取值 1 至 99" in page and "不公开" in page


def test_the_template_downloads_as_a_spreadsheet(clerk):
    response = clerk.get(f"{PAGE}template.xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    assert "%E5%BB%BA%E8%AE%AE%E6%8F%90%E6%A1%88" in response["Content-Disposition"]  # 建议提案
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [cell.value for cell in sheet[1]] == [column.header for column in SPREADSHEET]


def test_an_import_redirects_to_its_result_which_a_reload_does_not_import_again(clerk):
    response = upload(clerk, "第一批.xlsx", xlsx(row(101), row(102, 建议主办单位="湛江市教育局")))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == f"{PAGE}{batch.pk}/"
    for _reload in range(2):
        page = text(clerk.get(response["Location"]))
        assert "新导入 2 件" in page and "第一批.xlsx" in page
        for proposal in Proposal.objects.all():
            link = re.search(rf'<a href="([^"]+)">{proposal.label}</a>', page)
            assert link and link.group(1).startswith("/staff/proposals/proposal/")
            assert proposal.title in page
        assert "湛江市发展和改革局" in page and "湛江市教育局" in page
    assert Proposal.objects.count() == 2 and ImportBatch.objects.count() == 1
    assert clerk.get(link.group(1)).status_code == 200


def test_the_same_file_again_shows_its_first_result_and_changes_nothing(clerk):
    data = xlsx(row(101))
    first = upload(clerk, "一.xlsx", data)["Location"]
    again = upload(clerk, "一（再次）.xlsx", data)
    assert again["Location"] == f"{first}?again=1"
    page = text(clerk.get(again["Location"]))
    assert "该文件此前已导入，本次未做任何改动" in page and "新导入 1 件" in page
    assert Proposal.objects.count() == 1


def test_rows_imported_before_are_listed_as_skipped_with_their_line_and_first_batch(clerk):
    first = upload(clerk, "一.xlsx", xlsx(row(101), row(102)))["Location"]
    second = upload(clerk, "更正.xlsx", xlsx(row(101), row(103), row(102)))["Location"]
    page = text(clerk.get(second))
    assert "新导入 1 件" in page and "跳过 2 件（此前已导入）" in page
    skipped = page.split("已跳过", 1)[1]
    assert re.search(r"第2行.*人大建议第0101号.*第4行.*人大建议第0102号", skipped)
    assert f'<a href="{first}">“一.xlsx”</a>' in skipped
    assert "人大建议第0103号" not in skipped
    assert Proposal.objects.count() == 3


def test_the_result_says_which_unit_each_name_not_written_in_full_was_read_as(clerk):
    rows = [row(101, 建议主办单位="教育局", 建议会办单位="市财政局、赤坎区"), row(102)]
    page = text(clerk.get(upload(clerk, "简称.xlsx", xlsx(*rows))["Location"]))
    assert "文件中的单位名称按以下单位导入：" in page
    for typed, full in [("教育局", "湛江市教育局"), ("市财政局", "湛江市财政局"),
                        ("赤坎区", "湛江市赤坎区人民政府"),
                        ("市住房城乡建设局", "湛江市住房和城乡建设局")]:  # fmt: skip
        assert f"“{typed}”即{full}" in page
    assert "“湛江市发展和改革局”即" not in page  # a 全称 needs no explaining
    led = Proposal.objects.get(number=101)
    assert led.suggested_lead_unit.name == "湛江市教育局"


def test_an_error_page_lists_every_problem_with_its_row_and_a_near_unit_name(clerk):
    response = upload(
        clerk,
        "坏.xlsx",
        xlsx(row(101), row(102, 领衔人=""), row(103, 建议主办单位="湛江市教肓局")),
    )
    assert response.status_code == 422
    page = text(response)
    assert "发现 2 处问题，未导入任何数据" in page
    assert "第3行：“领衔人”不能为空。" in page
    assert "第4行：“建议主办单位”：找不到单位“湛江市教肓局”，是否指“湛江市教育局”？" in page
    assert 'href="/staff/proposals/import/template.xlsx"' in page
    assert not Proposal.objects.exists() and not ImportBatch.objects.exists()


def test_a_file_that_is_no_spreadsheet_is_refused_on_the_page(clerk):
    response = upload(clerk, "照片.xlsx", b"\x89PNG not a workbook")
    assert response.status_code == 422
    assert "无法读取该 .xlsx 文件" in text(response)


def test_other_roles_reach_neither_the_template_nor_a_result(client, clerk):
    location = upload(clerk, "一.xlsx", xlsx(row(101)))["Location"]
    client.logout()
    client.login(username="handler", password="gongkai-demo")
    assert client.get(f"{PAGE}template.xlsx").status_code == 403
    assert client.get(location).status_code == 403


def test_an_unknown_batch_is_not_found(clerk):
    assert clerk.get(f"{PAGE}999/").status_code == 404


def test_an_english_speaking_clerk_reads_the_page_the_problems_and_the_result_in_english(clerk):
    clerk.cookies["django_language"] = "en"
    assert "Download the import template (.xlsx)" in text(clerk.get(PAGE))
    bad = text(upload(clerk, "bad.xlsx", xlsx(row(101, 建议主办单位="湛江市教肓局"))))
    near = "Row 2: “建议主办单位”: there is no unit “湛江市教肓局”. Did you mean “湛江市教育局”?"
    assert near in bad
    page = text(clerk.get(upload(clerk, "good.xlsx", xlsx(row(101)))["Location"]))
    assert "1 item imported" in page and "人大建议第0101号" in page

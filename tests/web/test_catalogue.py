"""The 政府信息公开目录 where the public reads it: the information-index box (信息索引) at the
top of a document's page, the API's `catalogue`, and the feeds' Dublin Core elements."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from base.organisation.models import Unit, UnitKind
from publications import catalogue
from publications.models import Kind, Topic
from tests.web.publishing import policy_with_interpretation, reply, withdraw

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

CODE = "11440800007030519C"
A = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


@pytest.fixture
def unit():
    return Unit.objects.create(name="湛江市民政局", kind=UnitKind.DEPARTMENT, code=CODE)


def year():
    return timezone.localdate().year


def box(client, url, **headers):
    """The box's cells as {header: text}, read from the page as a reader sees it."""
    response = client.get(url, headers=headers)
    assert response.status_code == 200
    html = response.content.decode()
    table = re.search(r'<table class="docmeta indexbox">(.*?)</table>', html, re.S)
    assert table, "the page has no information-index box"
    cells = re.findall(r'<th scope="row">(.*?)</th><td[^>]*>(.*?)</td>', table[1], re.S)
    text = lambda value: re.sub(r"<[^>]+>", "", value).strip()  # noqa: E731
    return html, {text(name): text(value) for name, value in cells}


def test_a_policy_page_opens_with_the_index_box(client, unit):
    catalogue.file_under(Kind.POLICY, 1, Topic.CIVIL, "drafter")
    policy_with_interpretation(1, unit, title="关于发放临时救助金的通知")
    html, cells = box(client, "/policies/1/")
    assert cells["索引号"] == f"{CODE}/{year()}-00001"
    assert cells["主题分类"] == "民政、扶贫、救灾"
    assert cells["发文机关"] == "湛江市人民政府办公室"
    assert cells["标题"] == "关于发放临时救助金的通知"
    assert cells["文号"] == "湛府办〔2026〕22号"
    today = timezone.localdate()
    assert cells["发布日期"] == f"{today.year}年{today.month}月{today.day}日"
    assert cells["成文日期"] == cells["发布日期"]  # nothing filed: the day of first publication
    assert cells["施行日期"] == "2026年6月1日" and cells["文件类型"] == "行政规范性文件"
    # the box comes before the document's title
    assert html.index("indexbox") < html.index('id="title"')


def test_an_older_document_is_not_dated_the_day_it_was_published(client, unit):
    policy_with_interpretation(
        2, unit, title="关于印发湛江市2018年政务公开工作要点的通知", number="湛府办〔2018〕22号"
    )
    html, cells = box(client, "/policies/2/")
    assert cells["文号"] == "湛府办〔2018〕22号"
    assert cells["成文日期"] == "—"  # unknown until filed, never the publication day of 2026
    catalogue.file_under(Kind.POLICY, 2, Topic.GENERAL, "reviewer", datetime.date(2018, 6, 29))
    html, cells = box(client, "/policies/2/")
    assert cells["成文日期"] == "2018年6月29日"


def test_a_reply_page_shows_the_letter_as_its_catalogue_entry(client, unit):
    reply(7, unit, title="关于加强校园安全的建议的答复", sent_on="2026-06-01")
    _html, cells = box(client, "/replies/7/")
    assert cells["索引号"] == f"{CODE}/{year()}-00001"
    assert cells["主题分类"] == "科技、教育"  # 校园, from the title
    assert cells["发文机关"] == "湛江市民政局"  # the handling unit signs the letter
    assert cells["成文日期"] == "2026年6月1日"
    assert cells["文号"] == "湛教函〔2026〕12号"


def test_an_interpretation_page_has_its_own_number_and_no_document_number(client, unit):
    policy_with_interpretation(1, unit)
    _html, cells = box(client, "/policies/1/interpretation/")
    assert cells["索引号"] == f"{CODE}/{year()}-00002"
    assert cells["文号"] == "—"
    assert cells["发文机关"] == "湛江市民政局"


def test_the_box_speaks_english_with_the_same_number(client, unit):
    reply(7, unit, sent_on="2026-06-01")
    client.cookies["django_language"] = "en"
    _html, cells = box(client, "/replies/7/")
    assert f"{CODE}/{year()}-00001" in cells.values()
    assert "1 June 2026" in cells.values()


def test_the_api_gives_each_item_its_catalogue_as_the_openapi_spec_says(client, unit):
    policy_with_interpretation(1, unit)
    reply(7, unit, sent_on="2026-06-01")
    items = client.get("/api/publications/").json()["results"]
    spec = client.get("/api/openapi.json").json()["components"]["schemas"]["Catalogue"]
    numbers = {item["id"]: item["catalogue"]["index_number"] for item in items}
    assert numbers == {
        "reply-7": f"{CODE}/{year()}-00003",
        "interpretation-1": f"{CODE}/{year()}-00002",
        "policy-1": f"{CODE}/{year()}-00001",
    }
    for item in items:
        entry = item["catalogue"]
        assert set(entry) == set(spec["properties"]) == set(spec["required"])
        assert entry["topic"] in spec["properties"]["topic"]["enum"]
        assert entry["topic_code"] in spec["properties"]["topic_code"]["enum"]
    reply_entry = client.get("/api/publications/reply-7/").json()["catalogue"]
    assert reply_entry["written_on"] == "2026-06-01"


def test_the_api_names_topics_in_chinese_for_an_english_reader(client, unit):
    reply(7, unit, title="关于加强校园安全的建议的答复")
    client.cookies["django_language"] = "en"
    assert client.get("/api/publications/reply-7/").json()["catalogue"]["topic"] == "科技、教育"
    spec = client.get("/api/openapi.json").json()["components"]["schemas"]["Catalogue"]
    assert "综合政务" in spec["properties"]["topic"]["enum"]


def test_feeds_carry_the_catalogue_as_dublin_core_and_stay_well_formed(client, unit):
    reply(7, unit, title="关于加强校园安全的建议的答复", sent_on="2026-06-01")
    atom = ET.fromstring(client.get("/feeds/all.atom").content)
    entry = atom.find(f"{A}entry")
    assert entry.findtext(f"{DC}identifier") == f"{CODE}/{year()}-00001"
    assert entry.findtext(f"{DC}subject") == "科技、教育"
    assert entry.findtext(f"{DC}publisher") == "湛江市民政局"
    assert entry.findtext(f"{DC}date") == "2026-06-01"
    assert "科技、教育" in [c.get("term") for c in entry.findall(f"{A}category")]
    rss = ET.fromstring(client.get("/feeds/reply.rss").content)
    item = rss.find("channel/item")
    assert item.findtext(f"{DC}identifier") == f"{CODE}/{year()}-00001"
    assert item.findtext(f"{DC}subject") == "科技、教育"


def test_a_withdrawn_item_keeps_its_number_out_of_sight(client, unit):
    version = reply(7, unit)
    withdraw(version.publication)
    assert client.get("/replies/7/").status_code == 404
    assert client.get("/api/publications/reply-7/").status_code == 404
    assert f"{CODE}/" not in client.get("/feeds/all.atom").content.decode()
    reply(7, unit, title="关于加强校园安全的建议的答复（更正）")
    _html, cells = box(client, "/replies/7/")
    assert cells["索引号"] == f"{CODE}/{year()}-00001"


def test_a_reader_finds_an_item_by_its_index_number(client, unit):
    reply(7, unit, title="关于加强校园安全的建议的答复")
    reply(8, unit, title="关于增加公交线路的建议的答复")
    found = client.get("/search/", {"q": f"{CODE}/{year()}-00002"}).content.decode()
    assert "关于增加公交线路的建议的答复" in found
    assert "关于加强校园安全的建议的答复" not in found

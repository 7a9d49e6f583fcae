"""依申请公开 on the portal, as an applicant meets it: the form and what it refuses, the
receipt with its number and personal link, the status page that link alone opens, and that
nothing of an application ever shows on the public side."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from applications.models import Application, Channel
from base.audit.models import AuditRecord
from base.organisation.models import UnitKind
from publications.models import Kind
from tests.factories import UnitFactory
from tests.web.publishing import publish
from workflows.models import ApplicationProcess

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

RESIDENT_ID = "11010519491231002X"  # GB 11643's own example: its check digit is X
CREDIT_CODE = "91440800MA4UJ0XC7E"  # made up; its check character computed below
PERSON = {
    "applicant_kind": "natural",
    "name": "韦晓岚",
    "id_type": "resident",
    "id_number": RESIDENT_ID,
    "phone": "13800138000",
    "email": "wei@example.cn",
    "address": "湛江市赤坎区南桥南路1号",
    "postcode": "524000",
    "description": "2025年湛江市城乡居民最低生活保障资金的发放明细及其审批文件",
    "provision": "electronic",
    "collection": "email",
}
ENTERPRISE = {
    "applicant_kind": "business",
    "name": "湛江蓝海水产有限公司",
    "org_code": "",  # set in the fixture
    "legal_representative": "梁振邦",
    "contact_name": "符雅琴",
    "phone": "0759-2233445",
    "address": "湛江市霞山区海滨大道18号",
    "postcode": "524000",
    "description": "霞山区2026年近海养殖水域滩涂规划的批复文件全文",
    "provision": "paper",
    "collection": "post",
}


@pytest.fixture(autouse=True)
def office():
    return UnitFactory(
        name="湛江市人民政府办公室", short_name="市政府办公室", kind=UnitKind.GOVERNMENT_OFFICE
    )


@pytest.fixture(autouse=True)
def credit_code():
    from base.organisation.codes import check_character

    ENTERPRISE["org_code"] = CREDIT_CODE[:17] + check_character(CREDIT_CODE[:17])


def apply(data, client=None, status=200):
    """Submits the form and, when it was taken, follows the redirect to the status page."""
    client = client or Client()
    response = client.post(reverse("portal:apply"), data)
    if response.status_code == 303:
        response = client.get(response["Location"])
    assert response.status_code == status
    return response, response.content.decode()


def cache_control(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def status_link(body):
    return re.search(r'id="status-link">([^<]+)<', body).group(1)


def test_the_form_explains_what_applying_is():
    response = Client().get(reverse("portal:apply"))
    body = response.content.decode()
    assert "依申请公开" in body and "20个工作日" in body and "仅用于办理本次申请" in body
    assert "csrfmiddlewaretoken" in body
    assert 'href="/apply/"' in Client().get("/").content.decode()  # in the navigation


def test_a_natural_person_applies_and_gets_a_number_and_a_link(office):
    response, body = apply(PERSON)
    application = Application.objects.get()
    assert application.name == "韦晓岚" and application.channel == Channel.ONLINE
    year = application.submitted_on.year
    assert application.receipt_number == f"市政府办公室依申〔{year}〕1号"
    assert application.received_on is None  # received when the office confirms it
    assert application.receipt_number in body
    link = status_link(body)
    assert link.startswith("http://testserver/apply/status/")
    # the key is kept only as its digest, and the handling has started
    assert link.rsplit("/", 2)[-2] not in application.status_digest
    assert ApplicationProcess.objects.filter(artifact_object_id=application.pk).exists()
    assert {"private", "no-store"} <= cache_control(response)
    # the audit names the number, never the person or what they asked
    audit = AuditRecord.objects.get(action="application.received")
    assert audit.details == {"receipt_number": application.receipt_number, "channel": "online"}


def test_submitting_redirects_to_the_status_page_and_a_refresh_applies_nothing_again():
    client = Client()
    response = client.post(reverse("portal:apply"), PERSON)
    assert response.status_code == 303
    assert {"private", "no-store"} <= cache_control(response)
    target = response["Location"]
    assert re.fullmatch(r"/apply/status/[^/]+/\?new=1", target)
    first = client.get(target).content.decode()
    again = client.get(target).content.decode()  # the browser's refresh: a GET, not a POST
    assert Application.objects.count() == 1
    number = Application.objects.get().receipt_number
    assert number in first and number in again and "申请已提交" in first
    # the link to keep is the page's own address, without the flag
    assert status_link(first) == "http://testserver" + target.removesuffix("?new=1")
    later = client.get(status_link(first)).content.decode()
    assert number in later and 'id="status-link"' not in later


def test_an_enterprise_applies_with_its_code_and_representative():
    _response, body = apply(ENTERPRISE)
    application = Application.objects.get()
    assert application.applicant_kind == "business"
    assert application.org_code == ENTERPRISE["org_code"]
    assert (application.legal_representative, application.contact_name) == ("梁振邦", "符雅琴")
    assert application.id_number == "" and application.collection == "post"
    assert "申请已提交" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**PERSON, "id_number": "110105194912310021"}, "居民身份证号码的校验位"),
        ({**PERSON, "id_number": "110105194913310028"}, "出生日期"),
        ({**PERSON, "id_number": "1101051949"}, "居民身份证号码应为18位"),
        ({**PERSON, "id_type": "passport", "id_number": "护照"}, "护照号码的格式不对"),
        ({**PERSON, "name": ""}, "请填写申请人的姓名"),
        ({**ENTERPRISE, "org_code": "91440800MA4UJ0XC7A"}, "统一社会信用代码的校验位不对"),
        ({**ENTERPRISE, "org_code": ""}, "请填写统一社会信用代码"),
        ({**ENTERPRISE, "legal_representative": ""}, "请填写法定代表人或负责人"),
        ({**PERSON, "email": ""}, "选择以电子邮件获取信息，请填写电子邮箱"),
        ({**ENTERPRISE, "address": ""}, "选择邮寄获取信息，请填写通信地址"),
        ({**PERSON, "description": "低保名单"}, "至少需要10个字（现为4个字）"),
        ({**PERSON, "description": "字" * 2001}, "最多2000个字"),
        ({**PERSON, "description": "<script>alert(1)</script>低保资金发放明细"}, "HTML"),
        ({**PERSON, "phone": "12345"}, "联系电话应为11位手机号码"),
        ({**PERSON, "postcode": "52400"}, "邮政编码应为6位数字"),
    ],
)
def test_a_wrong_field_is_named_and_nothing_is_saved(data, message):
    _response, body = apply(data)
    assert message in body
    assert "申请尚未提交" in body
    assert not Application.objects.exists() and not ApplicationProcess.objects.exists()
    assert not AuditRecord.objects.filter(action="application.received").exists()


def test_an_english_reader_gets_the_organs_own_receipt_number():
    client = Client(headers={"accept-language": "en"})
    _response, body = apply(PERSON, client)
    assert "Application submitted" in body or "申请已提交" in body
    number = Application.objects.get().receipt_number
    assert number.startswith("市政府办公室依申〔") and number in body


def test_a_landline_with_its_area_code_is_a_phone():
    apply({**PERSON, "phone": "0759 3183 456"})
    assert Application.objects.get().phone == "07593183456"


def test_each_link_opens_its_own_application_and_nothing_else():
    _r, first = apply(PERSON)
    _r, second = apply(ENTERPRISE)
    mine, theirs = status_link(first), status_link(second)
    client = Client()
    page = client.get(mine)
    body = page.content.decode()
    number = Application.objects.get(name="韦晓岚").receipt_number
    assert page.status_code == 200 and number in body and "待确认" in body
    assert "湛江蓝海水产有限公司" not in body and "蓝海" not in body
    other = client.get(theirs).content.decode()
    assert Application.objects.get(name="湛江蓝海水产有限公司").receipt_number in other
    assert number not in other
    # a made-up key, a key one character off, and the receipt number open nothing
    key = mine.rsplit("/", 2)[-2]
    wrong = key[:-1] + ("A" if key[-1] != "A" else "B")
    for guess in ("abc", wrong, number, "1"):
        response = client.get(reverse("portal:apply-status", args=[guess]))
        assert response.status_code == 404 and number not in response.content.decode()


def test_the_status_page_is_not_kept_indexed_or_referred():
    _r, body = apply(PERSON)
    response = Client().get(status_link(body))
    assert {"private", "no-store"} <= cache_control(response)
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"
    missing = Client().get("/apply/status/not-a-key/")
    assert missing.status_code == 404 and "no-store" in cache_control(missing)


def test_the_status_page_says_the_due_date_once_received_and_the_answer():
    from datetime import date

    from applications.models import AnswerCategory, Correction

    _r, body = apply(PERSON)
    link = status_link(body)
    application = Application.objects.get()
    Application.objects.filter(pk=application.pk).update(
        submitted_on=date(2026, 12, 1), received_on=date(2026, 12, 1)
    )
    correction = Correction.objects.create(
        application=application,
        asked_on=date(2026, 12, 2),
        what="请写明所需信息的年份和区县",
        reply_by=date(2026, 12, 17),
    )
    page = Client().get(link).content.decode()
    assert "待申请人补正" in page and "请写明所需信息的年份和区县" in page
    assert "2026年12月17日" in page
    correction.delete()
    page = Client().get(link).content.decode()
    assert "请写明所需信息的年份和区县" not in page
    # 20 working days from 12月1日: 12月29日 (2026's calendar is announced)
    assert "2026年12月29日" in page and "办理中" in page
    Application.objects.filter(pk=application.pk).update(
        answered_on=date(2026, 12, 7), category=AnswerCategory.objects.get(code="granted")
    )
    page = Client().get(link).content.decode()
    assert "已答复" in page and "予以公开" in page and "2026年12月7日" in page
    # told as the applicant reads it: the report's numbering and counting note stay in the report
    Application.objects.filter(pk=application.pk).update(
        category=AnswerCategory.objects.get(code="partial")
    )
    page = Client().get(link).content.decode()
    assert "部分公开" in page and "（二）" not in page and "不计其他情形" not in page


def test_nothing_of_an_application_shows_on_the_public_side():
    publish(Kind.POLICY, 1, title="湛江市最低生活保障实施办法", summary="低保", body="低保资金。")
    _r, body = apply(PERSON)
    number = Application.objects.get().receipt_number
    secrets = ["韦晓岚", "发放明细及其审批文件", number, "13800138000", RESIDENT_ID]
    client = Client()
    pages = [
        "/",
        "/policies/",
        "/replies/",
        "/feeds/all.atom",
        "/feeds/all.rss",
        "/sitemap.xml",
        "/sitemap-policies.xml",
        "/api/publications/",
        "/search/?q=韦晓岚",
        "/search/?q=最低生活保障资金的发放明细",
    ]
    for path in pages:
        text = client.get(path).content.decode()
        asked = path.partition("?q=")[2]
        text = text.replace(asked, "") if asked else text  # the search repeats its words
        assert not [s for s in secrets if s in text], path
        assert "/apply/status/" not in text, path
    assert "Disallow: /apply/status/" in client.get("/robots.txt").content.decode()
    search = client.get("/search/?q=最低生活保障").content.decode()
    assert "湛江市最低生活保障实施办法" in search  # the search itself works


def test_the_static_export_does_not_follow_apply():
    from web.portal import crawl

    assert "/apply/status/x/".startswith(crawl.NOT_FOLLOWED)
    assert "/apply/".startswith(crawl.NOT_FOLLOWED)


def test_applying_is_rate_limited(settings):
    settings.PUBLIC_RATE_LIMITS = {**settings.PUBLIC_RATE_LIMITS, "apply": "3/m"}
    client = Client(REMOTE_ADDR="203.0.113.8")
    # reading the form while correcting mistakes is not counted
    assert [client.get(reverse("portal:apply")).status_code for _ in range(5)] == [200] * 5
    statuses = [client.post(reverse("portal:apply"), PERSON).status_code for _ in range(4)]
    assert statuses == [303, 303, 303, 429]
    assert Application.objects.count() == 3
    # guessing status links is counted on its own
    guesses = [client.get(f"/apply/status/guess{n}/").status_code for n in range(4)]
    assert guesses == [404, 404, 404, 429]
    assert Client(REMOTE_ADDR="198.51.100.9").get("/apply/status/guess/").status_code == 404

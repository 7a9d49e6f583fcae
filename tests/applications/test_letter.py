"""The answer letter (政府信息公开申请答复书): what it says for each way of answering, with
the article; the remedies notice; 您 or 贵单位; a long letter on the grid of 22 lines; the
render_answer command; and the files given with an answer, checked by content and read by
the personal-data detector."""

import io
import subprocess
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from applications import answer_files, answer_text
from applications.letter import answer_number, answer_pdf, reconsideration_body
from applications.models import (
    AnswerCategory,
    AnswerSetup,
    ApplicantKind,
    Consultation,
    Correction,
    Extension,
)
from base.organisation.models import UnitKind
from tests.applications.test_rules import application
from tests.factories import UnitFactory
from tests.privacy import sample_files

pytestmark = pytest.mark.django_db
OFFICE = "湛江市人民政府办公室"
SHANGHAI = ZoneInfo("Asia/Shanghai")
RECEIVED = date(2026, 11, 2)
ANSWERED = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def office():
    return UnitFactory(name=OFFICE, short_name="湛府办", kind=UnitKind.GOVERNMENT_OFFICE)


def answered(organ, code, **fields):
    values = {"category": AnswerCategory.objects.get(code=code), "answered_on": ANSWERED}
    return application(organ, RECEIVED, **{**values, **fields})


def text_of(path):
    """The PDF's text as pdftotext reads it, without whitespace: lines broken by the layout
    read as one."""
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return "".join(done.stdout.decode().split())


def letter_text(item):
    return text_of(answer_pdf(item))


def upload(name, data):
    return SimpleUploadedFile(name, data)


# what the letter says, category by category


CASES = [
    (
        "granted",
        {},
        ["本机关予以公开", "现向您提供：《2026年最低生活保障资金发放情况》"],
        "第三十六条第（二）项",
    ),
    (
        "partial",
        {"withheld_grounds": "名单中的身份证号码、银行账号属于个人隐私"},
        [
            "作区分处理后予以提供",
            "不予公开的部分及理由：名单中的身份证号码、银行账号属于个人隐私。",
        ],
        "第三十七条",
    ),
    ("refused.secret", {}, ["属于国家秘密", "本机关不予公开"], "第十四条"),
    ("refused.process", {}, ["过程性信息", "本机关不予公开"], "第十六条第二款"),
    ("refused.inquiry", {}, ["行政查询事项", "办理查询"], "第三十六条第（七）项"),
    (
        "unable.not_held",
        {"holder": "湛江市民政局"},
        ["经检索，本机关未制作或获取您申请公开的政府信息", "由湛江市民政局负责公开"],
        "第三十六条第（四）项、第（五）项",
    ),
    ("unable.to_be_made", {}, ["需要对现有政府信息进行加工、分析"], "第三十八条"),
    ("unable.unclear", {}, ["补正后的申请内容仍不明确", "本机关无法提供"], "第三十条"),
    (
        "not_handled.petition",
        {},
        ["信访、投诉、举报", "不作为政府信息公开申请处理"],
        "第三十九条第一款",
    ),
    ("not_handled.repeated", {}, ["不予重复处理"], "第三十六条第（六）项"),
    ("other.no_fee", {}, ["缴纳信息处理费", "不再处理"], "第四十二条"),
]


@pytest.mark.parametrize(("code", "fields", "says", "article"), CASES)
def test_each_way_of_answering_says_its_decision_with_its_article(
    office, code, fields, says, article
):
    item = answered(office, code, **fields)
    if code in ("granted", "partial"):
        answer_files.attach(
            item, upload("2026年最低生活保障资金发放情况.pdf", sample_files.pdf(pages=1))
        )
    text = letter_text(item)
    for phrase in says:
        assert phrase in text, phrase
    assert f"根据《中华人民共和国政府信息公开条例》{article}的规定" in text
    assert "政府信息公开申请答复书" in text and "张三：" in text
    assert "本机关于2026年11月2日收到您提出的政府信息公开申请" in text
    assert "湛江市人民政府办公室2026年11月27日" in text  # 署名 above 成文日期


def test_an_office_that_rewords_a_basis_sees_its_wording():
    row = AnswerCategory.objects.get(code="refused.secret")
    row.legal_basis = "第十四条、《中华人民共和国保守国家秘密法》第二十八条"
    row.save()
    item = answered(UnitFactory(), "refused.secret")
    assert "《中华人民共和国保守国家秘密法》第二十八条的规定" in "".join(answer_text.decision(item))


def test_the_remedies_notice_names_60_days_6_months_and_the_government_of_the_level(office):
    text = letter_text(answered(office, "refused.secret"))
    assert (
        "如对本答复不服，可以自收到本答复之日起60日内向湛江市人民政府申请行政复议，"
        "或者自收到本答复之日起6个月内向有管辖权的人民法院提起行政诉讼。"
    ) in text
    district = UnitFactory(name="湛江市赤坎区人民政府", kind=UnitKind.DISTRICT)
    assert reconsideration_body(district) == "湛江市人民政府"  # a district: the city's
    assert reconsideration_body(UnitFactory(name="湛江市赤坎区教育局")) == district.name
    assert reconsideration_body(UnitFactory(name="湛江市教育局")) == "湛江市人民政府"
    tax = UnitFactory(name="国家税务总局湛江市税务局")
    AnswerSetup.objects.create(
        organ=tax, reconsideration_body="国家税务总局广东省税务局", contact_phone="0759-1234567"
    )
    text = letter_text(answered(tax, "refused.secret"))
    assert "60日内向国家税务总局广东省税务局申请行政复议" in text
    assert "（联系电话：0759-1234567）" in text


def test_an_organisation_is_贵单位_and_never_您(office):
    item = answered(
        office,
        "unable.not_held",
        applicant_kind=ApplicantKind.BUSINESS,
        name="湛江某某有限公司",
        org_code="91440800MA4UJ1234X",
    )
    text = letter_text(item)
    assert "湛江某某有限公司：" in text
    assert "收到贵单位提出的政府信息公开申请" in text
    assert "未制作或获取贵单位申请公开的政府信息" in text
    assert "您" not in text


def test_completion_consultation_and_extension_are_told(office):
    item = answered(office, "granted")
    Correction.objects.create(
        application=item,
        asked_on=date(2026, 11, 3),
        what="请明确年度",
        reply_by=date(2026, 11, 18),
        received_on=date(2026, 11, 6),
    )
    Consultation.objects.create(
        application=item, third_party="湛江某某公司", sent_on=date(2026, 11, 9)
    )
    Extension.objects.create(
        application=item,
        working_days=15,
        approved_by="黄海",
        approved_on=date(2026, 11, 20),
        reason="需征求意见",
        notified_on=date(2026, 11, 20),
    )
    text = letter_text(item)
    assert "经告知补正，本机关于2026年11月6日收到补正后的申请。" in text
    assert "本机关依法征求了第三方意见" in text and "湛江某某公司" not in text
    assert "延长答复期限15个工作日，并已于2026年11月20日告知您" in text
    assert "相关信息随本答复书一并提供" in text  # granted without files


def test_a_draft_is_dated_today(office):
    draft = answered(office, "refused.secret", answered_on=None)
    with time_machine.travel(datetime(2026, 11, 24, 9, tzinfo=SHANGHAI), tick=False):
        assert "湛江市人民政府办公室2026年11月24日" in letter_text(draft)


def test_the_number_follows_the_receipt_number(office):
    item = answered(office, "granted")
    assert item.receipt_number == "湛府办依申〔2026〕1号"
    assert answer_number(item) == "湛府办依申复〔2026〕1号"
    assert "湛府办依申复〔2026〕1号" in letter_text(item)


def test_a_long_description_is_quoted_to_a_clause_and_a_long_letter_keeps_the_grid(office):
    clause = "请公开湛江市赤坎区2025年度城乡居民最低生活保障资金的发放明细，"
    description = clause * 6 + "\n以及霞山区同期的审批台账"
    quoted = answer_text.quoted(description)
    assert quoted.endswith("……") and len(quoted) <= answer_text.DESCRIPTION_LIMIT + 2
    assert quoted.startswith(clause[:-1]) and "\n" not in quoted
    # cut at a clause's end, not inside a list of places
    assert answer_text.quoted("甲" * 50 + "；以及赤坎区、霞山区" + "乙" * 40) == "甲" * 50 + "……"
    assert answer_text.quoted("第一项\n第二项。") == "第一项；第二项"
    assert answer_text.quoted("“十四五”规划") == "‘十四五’规划"

    grounds = (
        "名单中的身份证号码、银行账号、家庭住址属于个人隐私，公开会对第三方合法权益造成损害" * 9
    )
    item = answered(office, "partial", description=description, withheld_grounds=grounds)
    path = answer_pdf(item)
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    assert len(reader.pages) == 2
    # page 2 is numbered; every line of text holds at most 28 characters of the grid
    second = reader.pages[1].extract_text()
    assert "— 2 —" in second
    body = [line for line in second.splitlines() if line.strip() and "—" not in line]
    assert body and all(len(line.strip()) <= 28 for line in body), body
    text = text_of(path)
    assert text.index("不予公开的部分及理由") < text.index("60日内") < text.index("2026年11月27日")


def test_render_answer_writes_the_pdf_and_refuses_an_unknown_number(office, tmp_path, capsys):
    item = answered(office, "refused.secret")
    out = tmp_path / "answer.pdf"
    call_command("render_answer", item.receipt_number, "--out", str(out))
    assert "政府信息公开申请答复书" in text_of(out)
    assert len(PdfReader(out).pages) == 1  # a short answer is one page, signature included
    assert "已写入" in capsys.readouterr().out
    with pytest.raises(CommandError, match="没有受理编号"):
        call_command("render_answer", "湛府办依申〔2026〕99号", "--out", str(out))
    draft = application(office, RECEIVED)
    with pytest.raises(CommandError, match="尚未确定答复类型"):
        call_command("render_answer", draft.receipt_number, "--out", str(out))


# the files given with the answer


def test_a_provided_file_with_a_phone_and_an_id_number_gives_findings_to_decide(office):
    item = answered(office, "partial")
    kept = answer_files.attach(item, upload("发放名单.docx", sample_files.docx()))
    assert kept.name == "发放名单.docx" and len(kept.sha256) == 64
    found = answer_files.findings(item)
    kinds = {finding.kind for finding in found}
    assert {"手机号码", "身份证号"} <= kinds
    assert sample_files.ID_NUMBER in {finding.text for finding in found}
    assert all(finding.file == kept and "发放名单" in finding.where for finding in found)
    problems = answer_files.answer_problems(item)
    assert problems and "高可信度的个人信息" in problems[0]
    assert answer_files.answer_problems(item, override_reason="申请人本人的信息") == []


def test_a_clean_file_goes_out_as_it_is(office):
    item = answered(office, "granted")
    clean = io.BytesIO()
    from docx import Document

    document = Document()
    document.add_paragraph("2026年全市城乡居民最低生活保障标准为每人每月900元。")
    document.save(clean)
    kept = answer_files.attach(item, upload("保障标准.docx", clean.getvalue()))
    assert answer_files.findings(item) == [] and answer_files.answer_problems(item) == []
    assert answer_files.provided_copy(kept) == kept
    answer_files.attach(item, upload("低保对象名册.docx", clean.getvalue()))
    assert answer_text.file_titles(item) == "《保障标准》《低保对象名册》"


def test_a_program_renamed_pdf_is_refused_in_chinese(office):
    item = answered(office, "granted")
    program = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
    program += b"PE\x00\x00L\x01" + b"\x00" * 200
    with pytest.raises(ValidationError) as refused:
        answer_files.attach(item, upload("答复材料.pdf", program))
    assert "内容与扩展名“.pdf”不符" in refused.value.messages[0]
    assert item.answer_files.count() == 0

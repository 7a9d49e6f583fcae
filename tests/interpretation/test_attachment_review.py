"""A package's attachments in the openness review: their findings stand beside the texts',
the reviewer decides them the same way, approving with high-confidence findings undecided
in an attachment needs the override with a reason, and the public (portal file, static
export, pushed payload) gets the masked copy of an attachment, never the original."""

import hashlib
import subprocess
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from base.privacy import review
from base.privacy.confidentiality import Checklist
from base.privacy.redaction import decide
from interpretation import publishing, rules
from tests.factories import AttachmentFactory, InterpretationFactory, PersonFactory
from tests.privacy import sample_files
from tests.privacy.sample_files import ID_NUMBER, MOBILE
from web.portal import files

pytestmark = pytest.mark.django_db

CHECKLIST = Checklist(
    state_secret=False, trade_secret=False, personal_privacy=True, process_info=False
)
NOTHING = Checklist(
    state_secret=False, trade_secret=False, personal_privacy=False, process_info=False
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def attach(document, name, data, content_type):
    return AttachmentFactory(
        document=document,
        name=name,
        file=SimpleUploadedFile(name, data),
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


@pytest.fixture(scope="module")
def pdf_bytes():
    return sample_files.pdf()


@pytest.fixture
def package(pdf_bytes):
    # texts without personal data: whatever is found is the attachment's
    document = InterpretationFactory(contact="办公室 0759-3100000").document
    attachment = attach(document, "补助名单.pdf", pdf_bytes, "application/pdf")
    return document, attachment


def attachment_texts(document):
    return [text for text in rules.published_texts(document) if text.key.startswith("file-")]


def test_the_reviewer_sees_an_attachments_findings_by_page(package):
    document, attachment = package
    texts = attachment_texts(document)
    assert [text.label for text in texts][:2] == [
        "附件《补助名单.pdf》第1页",
        "附件《补助名单.pdf》第2页",
    ]
    shown = review.panel(rules.published_texts(document))
    page = next(text for text in shown.texts if text.label == "附件《补助名单.pdf》第1页")
    found = {row.item.text.replace("\n", ""): row for row in page.rows}
    assert found[MOBILE].where == "第1页" and found[MOBILE].item.open_high
    assert found[MOBILE].shown == "（涂黑）"
    assert ID_NUMBER in found
    assert shown.open_high_count >= 2


def test_undecided_findings_in_an_attachment_need_the_override(package):
    document, _attachment = package
    problems = rules.openness_approval_problems(document, CHECKLIST)
    assert any("高可信度的个人信息" in problem for problem in problems)
    assert rules.openness_approval_problems(document, CHECKLIST, override_reason="已核实") == []


def test_decided_findings_need_no_override(package):
    document, attachment = package
    reviewer = PersonFactory()
    for text in attachment_texts(document):
        for item in text.assess().open_high:
            decide(
                reviewer,
                attachment,
                text.field,
                text.text,
                item.start,
                item.end,
                "mask",
                text.names,
            )
    assert rules.openness_approval_problems(document, CHECKLIST) == []


def pdftotext(path):
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode()


def test_the_public_gets_the_masked_copy_of_an_attachment(package, settings):
    document, attachment = package
    rules.openness_approval_problems(document, CHECKLIST, override_reason="已核实")
    entry = publishing.policy_content(document)["attachments"][0]
    assert entry["name"] == "补助名单.pdf"
    assert entry["path"] != attachment.file.name
    copy = settings.MEDIA_ROOT / entry["path"]
    assert hashlib.sha256(copy.read_bytes()).hexdigest() == entry["sha256"] != attachment.sha256
    assert entry["size"] == copy.stat().st_size
    text = pdftotext(copy)
    assert MOBILE not in text and ID_NUMBER not in text
    # a version that recorded the original's path is served the copy all the same
    version = SimpleNamespace(attachments=[{"name": "补助名单.pdf", "path": attachment.file.name}])
    assert files.stored_path(version, "补助名单.pdf") == entry["path"]


def test_an_attachment_with_everything_kept_is_published_as_uploaded(package):
    document, attachment = package
    reviewer = PersonFactory()
    for text in attachment_texts(document):
        for item in text.assess().findings:
            decide(
                reviewer,
                attachment,
                text.field,
                text.text,
                item.start,
                item.end,
                "keep",
                text.names,
            )
    entry = publishing.policy_content(document)["attachments"][0]
    assert entry["path"] == attachment.file.name and entry["sha256"] == attachment.sha256


def test_an_attachment_nobody_could_read_needs_the_override():
    document = InterpretationFactory().document
    broken = b"PK\x03\x04" + b"\x00" * 200
    attach(document, "名单.xlsx", broken, "application/zip")
    problems = rules.openness_approval_problems(document, NOTHING)
    assert any("附件《名单.xlsx》无法读取" in problem for problem in problems)
    assert rules.openness_approval_problems(document, NOTHING, override_reason="已人工核对") == []
    notices = rules.attachment_notices(document)
    assert notices and notices[0].blocking


def test_a_scanned_page_is_pointed_out_to_the_reviewer():
    document = InterpretationFactory().document
    AttachmentFactory(document=document, name="扫描件.pdf")  # a page without any text
    notices = rules.attachment_notices(document)
    assert "第1页没有文字" in notices[0].message and not notices[0].blocking
    assert rules.openness_approval_problems(document, NOTHING) == []


def test_word_and_excel_attachments_are_reviewed_by_part_and_cell(settings):
    document = InterpretationFactory().document
    kinds = "application/vnd.openxmlformats-officedocument."
    attach(document, "说明.docx", sample_files.docx(), kinds + "wordprocessingml.document")
    attach(document, "名单.xlsx", sample_files.xlsx(), kinds + "spreadsheetml.sheet")
    shown = review.panel(rules.published_texts(document))
    labels = [text.label for text in shown.with_items]
    assert "附件《说明.docx》页眉1" in labels and "附件《说明.docx》文档属性（作者等）" in labels
    sheet = next(text for text in shown.texts if text.label == "附件《名单.xlsx》工作表“名单”")
    assert {row.item.text: row.where for row in sheet.rows}[MOBILE] == "单元格B2"
    entries = publishing.policy_content(document)["attachments"]
    originals = {a.file.name for a in document.attachments.all()}
    assert all(entry["path"] not in originals for entry in entries)
    # the copy shows what the reviewer was told the public reads
    assert {row.item.text: row.shown for row in sheet.rows}[MOBILE] == "138****8000"
    copy = load_workbook(settings.MEDIA_ROOT / entries[1]["path"])["名单"]
    assert copy["B2"].value == "138****8000" and copy["C2"].value == "440***********4537"

"""Bad input on the package forms: a specific message on the form, nothing saved."""

import io
import zipfile

import pypdfium2 as pdfium
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from interpretation.models import Attachment, PolicyDocument
from tests.workflows.conftest import DOCUMENT, NS, package_data

pytestmark = pytest.mark.django_db


def save_draft(desk, process, files=None, **overrides):
    task = desk.take(process, "draft")
    data = package_data(**overrides, save="1")
    return desk.client.post(desk.url(task, "execute"), {**data, **(files or {})})


def test_a_duplicate_document_number_is_refused(desk):
    desk.start()
    response = desk.client.post(reverse(f"{NS}:start:execute"), DOCUMENT)
    assert response.status_code == 200
    assert "该发文机关已有相同发文字号的文件" in response.content.decode()
    assert PolicyDocument.objects.filter(number=DOCUMENT["number"]).count() == 1


@pytest.mark.parametrize("disclosure", ["on_request", "withheld"])
def test_non_disclosure_without_a_reason_is_refused_at_registration(desk, disclosure):
    desk.login("drafter")
    response = desk.client.post(
        reverse(f"{NS}:start:execute"), {**DOCUMENT, "disclosure": disclosure}
    )
    assert response.status_code == 200
    assert "须写明理由" in response.content.decode()
    assert not PolicyDocument.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("document-title", "<script>alert(1)</script>通知"),
        ("material-main_content", '主要内容<img src=x onerror="alert(1)">'),
        ("material-qa", "问题 | <b>回答</b>"),
    ],
)
def test_markup_in_any_text_field_is_refused(desk, field, value):
    process = desk.start()
    prefix, name = field.split("-", 1)
    response = save_draft(
        desk, process, **{"document" if prefix == "document" else "material": {name: value}}
    )
    assert response.status_code == 200
    assert "不允许包含 HTML 标记或脚本" in response.content.decode()
    document = PolicyDocument.objects.get(pk=process.artifact_object_id)
    assert "<" not in document.title + document.interpretation.main_content


def test_an_attachment_whose_content_does_not_match_its_name_is_refused(desk):
    process = desk.start()
    fake = SimpleUploadedFile(
        "通知.pdf", b"MZ\x90\x00 this is a windows program", "application/pdf"
    )
    response = save_draft(desk, process, files={"attachment-file": fake})
    assert response.status_code == 200
    assert "内容与扩展名“.pdf”不符" in response.content.decode()
    assert not Attachment.objects.exists()


@override_settings(UPLOAD_MAX_BYTES=1024)
def test_an_oversized_attachment_is_refused(desk):
    process = desk.start()
    big = SimpleUploadedFile("附件.pdf", b"%PDF-1.4\n" + b"0" * 4096, "application/pdf")
    response = save_draft(desk, process, files={"attachment-file": big})
    assert response.status_code == 200
    assert "超过上限" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.parametrize("button", ["save", "submit"])
def test_a_refused_page_says_the_chosen_file_was_not_saved(desk, button):
    """A browser cannot re-fill a file input: the person must know to choose it again."""
    process = desk.start()
    task = desk.take(process, "draft")
    refused = {
        "save": {"document": {"title": "<b>通知</b>"}},  # the form refuses it
        "submit": {"material": {"main_content": ""}},  # the submission refuses it
    }
    data = package_data(**refused[button], **{button: "1"})
    pdf = SimpleUploadedFile("附件一.pdf", real_pdf(), "application/pdf")
    response = desk.client.post(desk.url(task, "execute"), {**data, "attachment-file": pdf})
    assert response.status_code == 200
    assert "所选附件“附件一.pdf”未保存" in response.content.decode()
    assert "重新选择" in response.content.decode()
    assert not Attachment.objects.exists()


def real_pdf():
    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def package(parts, compression=zipfile.ZIP_DEFLATED):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_a_genuine_pdf_is_kept_with_its_hash_and_a_safe_name(desk):
    process = desk.start()
    pdf = SimpleUploadedFile("C:\\材料\\<img src=x>附件一.pdf", real_pdf(), "application/pdf")
    response = save_draft(desk, process, files={"attachment-file": pdf})
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.name == "img src=x_附件一.pdf" and len(attachment.sha256) == 64


DOCX_PARTS = {"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"}


@pytest.mark.parametrize(
    "name, data, why",
    [
        ("通知.pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "无法解析该 PDF"),
        ("通知.docx", package({"hello.txt": "hello"}), "缺少文档必需的部分"),
        ("表格.xlsx", package(DOCX_PARTS), "缺少文档必需的部分（xl/workbook.xml）"),
        ("版式.ofd", package(DOCX_PARTS), "缺少文档必需的部分（OFD.xml）"),
        ("炸弹.docx", package({**DOCX_PARTS, "word/media/zero.bin": b"\0" * (50 << 20)}),
         "压缩比异常"),
    ],
    ids=["pdf-that-does-not-parse", "zip-as-docx", "docx-as-xlsx", "docx-as-ofd", "zip-bomb"],
)  # fmt: skip
def test_a_document_that_is_not_what_its_name_says_is_refused(desk, name, data, why):
    process = desk.start()
    upload = SimpleUploadedFile(name, data, "application/octet-stream")
    response = save_draft(desk, process, files={"attachment-file": upload})
    assert response.status_code == 200
    assert why in response.content.decode()
    assert not Attachment.objects.exists()


def test_a_genuine_docx_is_kept(desk):
    process = desk.start()
    upload = SimpleUploadedFile("意见.docx", package(DOCX_PARTS), "application/octet-stream")
    assert save_draft(desk, process, files={"attachment-file": upload}).status_code == 302
    assert Attachment.objects.get().name == "意见.docx"


def test_a_bad_line_in_structured_fields_names_its_row(desk):
    process = desk.start()
    response = save_draft(desk, process, material={"key_figures": "24 | 小时 | 时限\n只有一项"})
    assert response.status_code == 200
    assert "第2行应有3项" in response.content.decode()


def test_an_image_attachment_is_kept_redrawn_without_exif_and_a_bomb_is_refused(desk):
    import io

    from PIL import Image

    process = desk.start()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    photo = io.BytesIO()
    Image.new("RGB", (30, 20), "red").save(photo, "JPEG", exif=exif.tobytes())
    upload = SimpleUploadedFile("现场照片.jpg", photo.getvalue(), "image/jpeg")
    assert save_draft(desk, process, files={"attachment-file": upload}).status_code == 302
    stored = Attachment.objects.get()
    kept = Image.open(stored.file.open("rb"))
    assert kept.size == (30, 20) and not kept.getexif()
    assert stored.size == stored.file.size

    bomb = io.BytesIO()
    Image.new("1", (50_000, 50_000)).save(bomb, "PNG")
    upload = SimpleUploadedFile("图.png", bomb.getvalue(), "image/png")
    response = save_draft(desk, process, files={"attachment-file": upload})
    assert response.status_code == 200 and "超过上限" in response.content.decode()
    assert Attachment.objects.count() == 1

"""Attacks on the documents an office signs and files: text pasted from Word into the annual
report's parts or a reply, and files uploaded as attachments, must never break the Word copy
or the public copy, nor leave a masked value in what the public downloads."""

import io
import warnings
import zipfile

import pytest
from docx import Document

from base.organisation.demo import load_units_and_people
from base.organisation.models import Person
from base.organisation.naming import UnitNameError, find_unit
from base.privacy import file_child
from base.privacy.attachments import UnreadableFile
from tests.privacy import sample_files
from tests.privacy.sample_files import MOBILE
from tests.privacy.test_attachment_files import pdftotext, spec_of

pytestmark = pytest.mark.django_db

PARTS = "/staff/reports/annual/parts/"
# Word's manual line break and page break, an escape and a non-character: what a paste from
# another program brings, and what XML 1.0 cannot hold
PASTED = "第一行\x0b第二行\x0c第三行\x1b完\ufffe。"


def test_text_pasted_from_word_does_not_break_the_reports_word_copy(client):
    load_units_and_people()
    client.force_login(Person.objects.get(username="reviewer"))
    saved = client.post(f"{PARTS}problems/?year=2026", {"problems": PASTED})
    assert saved.status_code in (302, 422)
    response = client.get("/staff/reports/annual/report.docx?year=2026")
    assert response.status_code == 200
    text = "".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    if saved.status_code == 302:
        assert "第一行" in text and "第三行" in text
    assert client.get("/staff/reports/annual/report.pdf?year=2026").status_code == 200


# --- attachments ------------------------------------------------------------------------------


def _with_member(data, name, content):
    """`data` (a package) with one more member, as Word stores a chart's workbook."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            copy.writestr(info, source.read(info.filename))
        copy.writestr(name, content, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _everything(data, depth=0):
    """Every member's bytes, those of packages inside the package too."""
    found = {}
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for name in package.namelist():
            content = package.read(name)
            found[name] = content
            if depth < 2 and content[:2] == b"PK":
                found |= {f"{name}!{k}": v for k, v in _everything(content, depth + 1).items()}
    return found


def test_a_masked_value_does_not_survive_in_an_embedded_workbook():
    """A chart in a Word file keeps its data as a whole .xlsx inside the .docx, compressed:
    the masked phone number must not reach the public there."""
    data = _with_member(
        sample_files.docx(), "word/embeddings/Microsoft_Excel_Worksheet.xlsx", sample_files.xlsx()
    )
    try:
        copy = file_child.redact("docx", data, spec_of(file_child.extract("docx", data)))
    except UnreadableFile:
        return  # refused: then the file is not published
    for name, content in _everything(copy).items():
        assert MOBILE.encode() not in content, name


def _annotated_pdf():
    """A clean page with a sticky note and a file attached to the PDF, both naming someone."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.annotations import Text
    from weasyprint import HTML

    page = HTML(string="<p>本办法自公布之日起施行。</p>").write_pdf()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(page)))
    note = Text(text=f"请联系陈国强 {MOBILE}", rect=(50, 550, 200, 650))
    writer.add_annotation(page_number=0, annotation=note)
    writer.add_attachment("名单.txt", f"陈国强 {MOBILE}".encode())
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdfs_notes_are_reviewed_and_left_out_of_the_masked_copy(tmp_path):
    """A note on a page is text the public reads in any PDF viewer: the reviewer sees it,
    and once its number is masked the public copy holds no note; a file attached to the PDF
    cannot be read and is pointed out for the reviewer to check by eye."""
    data = _annotated_pdf()
    extracted = file_child.extract("pdf", data)
    read = "\n".join(segment.text for segment in extracted.segments)
    assert MOBILE in read
    assert extracted.images >= 1  # the attached file, which nobody could read
    copy = file_child.redact("pdf", data, spec_of(extracted))
    assert MOBILE.encode() not in copy
    assert MOBILE not in pdftotext(copy, tmp_path)
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    masked = pdfium.PdfDocument(copy)
    assert raw.FPDFDoc_GetAttachmentCount(masked.raw) == 0
    assert raw.FPDFPage_GetAnnotCount(masked[0].raw) == 0


# --- unit names -------------------------------------------------------------------------------


def test_an_invisible_character_pasted_into_a_unit_name_reads_as_the_name():
    """A name copied from a web page or chat often carries a zero-width space, a BOM or a
    direction mark: the clerk sees 市教育局 and must get 湛江市教育局, not "not found"."""
    load_units_and_people()
    for pasted in ("市教\u200b育局", "\ufeff市教育局", "市教育局\u200e", "全\u2060市教育局"[1:]):
        assert find_unit(pasted).name == "湛江市教育局", repr(pasted)


@pytest.mark.parametrize(
    "lookalike",
    ["市教肓局", "市敎育局", "市教育局局", "湛江市教育", "市教育司"],
)
def test_a_lookalike_unit_name_is_refused_not_guessed(lookalike):
    """A name that only looks like a unit's (a similar character, a traditional variant, one
    character more or less) is never read as that unit: the clerk is asked."""
    load_units_and_people()
    with pytest.raises(UnitNameError):
        find_unit(lookalike)


A = "http://schemas.openxmlformats.org/drawingml/2006/main"
TEXT_BOX = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"'
    f' xmlns:a="{A}"><xdr:twoCellAnchor><xdr:sp><xdr:txBody><a:p><a:r>'
    f"<a:t>制表人陈国强，电话{MOBILE}</a:t></a:r></a:p></xdr:txBody></xdr:sp>"
    "</xdr:twoCellAnchor></xdr:wsDr>"
)


@pytest.mark.parametrize(
    ("kind", "make", "member"),
    [
        ("xlsx", sample_files.xlsx, "xl/drawings/drawing1.xml"),  # a text box on a sheet
        ("docx", sample_files.docx, "word/glossary/document.xml"),  # a saved Quick Part
    ],
)
def test_text_in_any_part_of_a_package_is_reviewed_and_masked(kind, make, member):
    """A text box on a worksheet, a building block saved in a Word file: text the public
    gets with the file is text the reviewer reads, and masked in the copy."""
    data = _with_member(_without_mobile(make()), member, TEXT_BOX)
    extracted = file_child.extract(kind, data)
    assert any(MOBILE in segment.text for segment in extracted.segments)
    copy = file_child.redact(kind, data, spec_of(extracted))
    for name, content in _everything(copy).items():
        assert MOBILE.encode() not in content, name


def test_a_file_a_package_holds_that_nobody_reads_is_pointed_out():
    data = _with_member(_without_mobile(sample_files.docx()), "word/notes.txt", MOBILE)
    assert file_child.extract("docx", data).images >= 1


def _without_mobile(data):
    """A sample file with its phone numbers taken out (so that only what the test adds has
    one)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as copy:
        for info in source.infolist():
            copy.writestr(info, source.read(info.filename).replace(MOBILE.encode(), b"0759"))
    return out.getvalue()


def test_a_masked_copy_carries_no_thumbnail_of_the_original():
    """Word and WPS save a picture of page 1 in the file (docProps/thumbnail.jpeg): in a
    masked copy it would show the very number the copy masks."""
    data = sample_files.docx()  # python-docx's template has one, as Word's files do
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        assert "docProps/thumbnail.jpeg" in package.namelist()
        assert "thumbnail" in package.read("_rels/.rels").decode()
    copy = file_child.redact("docx", data, spec_of(file_child.extract("docx", data)))
    with zipfile.ZipFile(io.BytesIO(copy)) as package:
        assert "docProps/thumbnail.jpeg" not in package.namelist()
        assert "thumbnail" not in package.read("_rels/.rels").decode()
    Document(io.BytesIO(copy))  # still opens


def test_a_picture_on_a_pdf_page_with_text_is_pointed_out():
    """A scanned list pasted onto a page that also has typed text (a heading, a page number)
    is not a page without text, but its picture is still unread: the reviewer is told."""
    import base64

    from PIL import Image
    from weasyprint import HTML

    picture = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(picture, "PNG")
    source = "data:image/png;base64," + base64.b64encode(picture.getvalue()).decode()
    data = HTML(
        string=f'<p>附件：补助名单（扫描件）</p><img src="{source}" style="width:150mm">'
    ).write_pdf()
    extracted = file_child.extract("pdf", data)
    assert extracted.pages_without_text == []
    assert extracted.images == 1


def test_a_links_address_is_reviewed_and_masked():
    """A link shown as 联系我们 whose address is a person's e-mail: the public gets the
    address with the file, so the reviewer reads it and the copy masks it."""
    from docx.opc.constants import RELATIONSHIP_TYPE

    document = Document()
    paragraph = document.add_paragraph("如有疑问，请")
    address = "mailto:chenguoqiang.private@example.com"
    rel = paragraph.part.relate_to(address, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = paragraph._p.makeelement(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}hyperlink",
        {"{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id": rel},
    )
    run = paragraph.add_run("联系我们")._r
    link.append(run)
    paragraph._p.append(link)
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    extracted = file_child.extract("docx", data)
    assert any("chenguoqiang.private" in segment.text for segment in extracted.segments)
    copy = file_child.redact("docx", data, spec_of(extracted))
    for name, content in _everything(copy).items():
        assert b"chenguoqiang.private" not in content, name
    Document(io.BytesIO(copy))


def test_figures_typed_in_full_width_digits_are_counts(client):
    """A Chinese input method types １２ and ３．５: they are the counts 12 and the amount
    3.5, not "not a count"."""
    from reports import office_parts
    from reports.models import AnnualReportPart

    load_units_and_people()
    client.force_login(Person.objects.get(username="reviewer"))
    cell = office_parts.appeal_cell("review", "upheld")
    assert client.post(f"{PARTS}appeals/?year=2026", {cell: "１２"}).status_code == 302
    saved = AnnualReportPart.objects.get(part="appeals").content
    assert saved["cells"]["review"][0] == 12


def test_a_part_with_a_long_name_gives_a_key_decisions_can_be_stored_under():
    """A decision is stored under "file.<segment key>" in a field of 100 characters: a part
    named at length by a hostile file must not make the reviewer's decision fail."""
    member = "xl/drawings/" + "d" * 300 + ".xml"
    data = _with_member(_without_mobile(sample_files.xlsx()), member, TEXT_BOX)
    keys = [segment.key for segment in file_child.extract("xlsx", data).segments]
    assert all(len(f"file.{key}") <= 100 for key in keys)


def test_a_package_holding_a_part_twice_is_refused():
    """Two members of one name: a reader may show the one the review did not read."""
    hidden = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        f"<w:body><w:p><w:r><w:t>陈国强 {MOBILE}</w:t></w:r></w:p></w:body></w:document>"
    )
    clean = _without_mobile(sample_files.docx())
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(clean)) as source, zipfile.ZipFile(out, "w") as copy:
        copy.writestr("word/document.xml", hidden)
        with warnings.catch_warnings():  # zipfile warns of the duplicate it is told to write
            warnings.simplefilter("ignore", UserWarning)
            for info in source.infolist():
                copy.writestr(info, source.read(info.filename))
    with pytest.raises(UnreadableFile) as error:
        file_child.extract("docx", out.getvalue())
    assert error.value.reason == "malformed"


def test_an_upload_holding_a_part_twice_is_refused_at_once():
    """Refused when uploaded, with a reason the drafter reads, rather than left to the review
    (where an override would publish it unread)."""
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from base.validation import check_upload

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(sample_files.docx())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy,
    ):
        copy.writestr("word/document.xml", b"<w:document/>")
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            for info in source.infolist():
                copy.writestr(info, source.read(info.filename))
    with pytest.raises(ValidationError) as error:
        check_upload(SimpleUploadedFile("名单.docx", out.getvalue()))
    assert "同一部分出现了两次" in error.value.messages[0]


def test_a_sheets_name_is_reviewed_and_masked():
    """One sheet per household, named by its head and number: the names are in the file the
    public downloads (the tabs, the workbook's list of parts) even when no cell repeats them."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "补助汇总"
    book.active.append(["户数", 2])
    book.create_sheet(f"陈国强{MOBILE}").append(["金额", 300])
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    extracted = file_child.extract("xlsx", data)
    assert any(MOBILE in segment.text for segment in extracted.segments)
    copy = file_child.redact("xlsx", data, spec_of(extracted))
    for name, content in _everything(copy).items():
        assert MOBILE.encode() not in content, name
    from openpyxl import load_workbook

    assert load_workbook(io.BytesIO(copy)).sheetnames[0] == "补助汇总"


def test_a_null_character_typed_into_a_part_is_not_stored(client):
    """PostgreSQL cannot hold U+0000 in JSON: stored, it would fail the save with a 500."""
    from reports.models import AnnualReportPart

    load_units_and_people()
    client.force_login(Person.objects.get(username="reviewer"))
    response = client.post(f"{PARTS}problems/?year=2026", {"problems": "问题\x00一\x0b二"})
    assert response.status_code in (302, 422)
    for part in AnnualReportPart.objects.all():
        assert not any("\x00" in str(value) for value in part.content.values())


def test_a_reply_pasted_from_word_gives_a_word_copy():
    """The reply's text, title and contact line as a unit pastes them (Word's line break, an
    escape, a field-like { PAGE } and XML-like text): the .docx is written, and what looks
    like markup or a field stays text."""
    from docx.oxml.ns import qn

    from base.rendering import word
    from proposals.letter import Paragraph
    from proposals.letter_docx import letter_document

    context = {
        "unit": "湛江市教育局",
        "number": "湛教函〔2026〕1号",
        "title": "关于\x0b第0111号建议的答复",
        "title_lines": [],
        "addressee": "陈志强代表：",
        "paragraphs": [
            Paragraph("一、\x1b办理情况"),
            Paragraph('{ PAGE } <w:fldSimple w:instr="DATE"/> ]]> &amp;'),
        ],
        "result_class": "A类",
        "date": "2026年6月3日",
        "disclosure": "主动公开",
        "contact": "联系人：王丽娟\ufffe",
        "copy_to": "市政府办公室。",
    }
    data = word.saved(letter_document(context))
    document = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in document.paragraphs)
    assert '{ PAGE } <w:fldSimple w:instr="DATE"/> ]]> &amp;' in text
    body = document.element.body
    # the only fields are the page numbers the footers carry, none in the body
    assert not body.findall(".//" + qn("w:fldSimple"))
    assert not body.findall(".//" + qn("w:instrText"))


def test_a_file_masked_after_it_was_published_is_not_kept_by_a_cache(client, settings, tmp_path):
    """An attachment published as uploaded and masked at a later review is served as its
    masked copy at once: a browser or proxy that revalidates the URL with the old ETag gets
    the copy, not a 304 that keeps the original it holds."""
    import hashlib

    from django.core.files.base import ContentFile
    from django.urls import reverse

    from base.organisation.models import Unit
    from base.privacy.models import RedactedFile
    from publications import outbox, targets
    from publications.models import Kind

    settings.MEDIA_ROOT = tmp_path / "media"
    load_units_and_people()
    original = sample_files.xlsx()
    from django.core.files.storage import default_storage

    path = default_storage.save("interpretation/2026/名单.xlsx", ContentFile(original))
    entry = {
        "name": "名单.xlsx",
        "path": path,
        "sha256": hashlib.sha256(original).hexdigest(),
        "size": len(original),
        "content_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }
    unit = Unit.objects.get(name="湛江市民政局")
    version = outbox.publish(
        Kind.POLICY, 31, unit, title="补助发放办法", body="正文", attachments=[entry], actor="t"
    )
    targets.get(targets.PORTAL).deliver(version.events.get())
    url = reverse("portal:file", args=["policy", 31, 1, "名单.xlsx"])
    first = client.get(url)
    assert b"".join(first.streaming_content) == original

    masked = b"PK masked copy"
    copy = RedactedFile(
        source_path=path, source_sha256=entry["sha256"], masks="m", size=len(masked),
        sha256=hashlib.sha256(masked).hexdigest(), content_type=entry["content_type"],
    )  # fmt: skip
    copy.file.save("名单.xlsx", ContentFile(masked), save=False)
    copy.save()
    again = client.get(
        url,
        headers={"if-none-match": first["ETag"], "if-modified-since": first["Last-Modified"]},
    )
    assert again.status_code == 200
    assert b"".join(again.streaming_content) == masked


CUSTOM = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"'
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    '<property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="经办人电话">'
    f"<vt:lpwstr>{MOBILE}</vt:lpwstr></property></Properties>"
)
RECORD = f"<档案><经办人>陈国强</经办人><电话>{MOBILE}</电话></档案>"


@pytest.mark.parametrize(
    ("member", "content"),
    [("docProps/custom.xml", CUSTOM), ("customXml/item9.xml", RECORD)],
)
def test_custom_properties_and_custom_xml_are_reviewed_and_masked(member, content):
    """A records system's 经办人电话 kept as a custom property or a custom XML part: no
    window of Word shows it, any unzip does."""
    data = _with_member(_without_mobile(sample_files.docx()), member, content)
    extracted = file_child.extract("docx", data)
    assert any(MOBILE in segment.text for segment in extracted.segments)
    copy = file_child.redact("docx", data, spec_of(extracted))
    for name, found in _everything(copy).items():
        assert MOBILE.encode() not in found, name


def test_a_masked_character_without_a_box_refuses_the_copy(monkeypatch):
    """A font with broken metrics gives pdfium no box for a character: a masked one would be
    left visible in the picture of its page. The copy is refused rather than made so."""
    import pypdfium2 as pdfium

    from base.privacy import redact_files

    data = sample_files.pdf()
    spec = spec_of(file_child.extract("pdf", data))
    no_box = lambda self, index, loose=False: (0, 0, 0, 0)  # noqa: E731
    monkeypatch.setattr(pdfium.PdfTextPage, "get_charbox", no_box)
    with pytest.raises(UnreadableFile):
        redact_files.redact_pdf(data, spec)


def test_a_pictures_alt_text_is_reviewed_and_masked():
    """A scanned ID card pasted into a Word file with its alt text 陈国强身份证 and number:
    screen readers read it out, so does anyone who unzips the file."""
    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(picture, "PNG")
    picture.seek(0)
    document = Document()
    document.add_paragraph("附：申请人证件")
    shape = document.add_picture(picture)
    shape._inline.docPr.set("descr", f"陈国强身份证，电话{MOBILE}")
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    extracted = file_child.extract("docx", data)
    assert any(MOBILE in segment.text for segment in extracted.segments)
    copy = file_child.redact("docx", data, spec_of(extracted))
    for name, content in _everything(copy).items():
        assert MOBILE.encode() not in content, name
    Document(io.BytesIO(copy))


def test_a_pictures_alt_text_in_a_workbook_is_reviewed():
    drawing = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing"'
        f' xmlns:a="{A}"><xdr:oneCellAnchor><xdr:pic><xdr:nvPicPr>'
        f'<xdr:cNvPr id="2" name="图片 1" descr="陈国强身份证 {MOBILE}"/>'
        "</xdr:nvPicPr></xdr:pic></xdr:oneCellAnchor></xdr:wsDr>"
    )
    data = _with_member(_without_mobile(sample_files.xlsx()), "xl/drawings/drawing1.xml", drawing)
    extracted = file_child.extract("xlsx", data)
    assert any(MOBILE in segment.text for segment in extracted.segments)
    copy = file_child.redact("xlsx", data, spec_of(extracted))
    for name, content in _everything(copy).items():
        assert MOBILE.encode() not in content, name


def test_a_postcode_and_phone_typed_in_full_width_are_taken(client):
    from reports.models import AnnualReportPart

    load_units_and_people()
    client.force_login(Person.objects.get(username="reviewer"))
    closing = {"postcode": "５２４０００", "phone": "０７５９－３３８１２３４", "signed_on": ""}
    assert client.post(f"{PARTS}closing/?year=2026", closing).status_code == 302
    saved = AnnualReportPart.objects.get(part="closing").content
    assert (saved["postcode"], saved["phone"]) == ("524000", "0759-3381234")


def test_a_workbook_with_comments_has_nothing_unread_to_point_out():
    """Excel keeps each comment's box as a VML drawing: not a picture the reviewer must
    check by eye (a notice on every workbook with comments would teach reviewers to skip
    them)."""
    assert file_child.extract("xlsx", sample_files.xlsx()).images == 0


def test_a_masked_copy_keeps_its_pictures_without_their_metadata():
    """A photo pasted into a Word file keeps its EXIF (the camera's owner, a GPS position):
    the masked copy keeps the picture and drops what it says about itself."""
    from PIL import Image

    photo = Image.new("RGB", (64, 48), "white")
    exif = Image.Exif()
    exif[0x013B] = f"陈国强 {MOBILE}"  # Artist
    exif[0x010E] = "申请人现场照片"  # ImageDescription
    jpeg = io.BytesIO()
    photo.save(jpeg, "JPEG", exif=exif.tobytes())
    jpeg.seek(0)
    document = Document()
    document.add_paragraph(f"申请人陈国强，电话{MOBILE}。")
    document.add_picture(jpeg)
    out = io.BytesIO()
    document.save(out)
    data = out.getvalue()
    copy = file_child.redact("docx", data, spec_of(file_child.extract("docx", data)))
    members = _everything(copy)
    for name, content in members.items():
        assert MOBILE.encode() not in content, name
    (picture,) = [content for name, content in members.items() if name.startswith("word/media/")]
    kept = Image.open(io.BytesIO(picture))
    assert kept.size == (64, 48) and not kept.getexif()

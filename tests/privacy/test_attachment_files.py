"""base.privacy.attachments and redact_files: the text of PDF, .docx and .xlsx files read for
the personal-data review, and the masked copies the public gets instead of the originals —
with no masked value left anywhere in them (a PDF's text layer, a Word header, a comment,
the author in the properties) — and hostile files refused with a reason, never a crash."""

import hashlib
import io
import subprocess
import zipfile

import pypdfium2 as pdfium
import pytest
from docx import Document
from openpyxl import load_workbook

from base.privacy import attachments, file_child
from base.privacy.attachments import UnreadableFile
from base.privacy.detector import find_personal_data
from base.privacy.redact_files import MASK
from tests.privacy import sample_files
from tests.privacy.sample_files import AUTHOR, ID_NUMBER, MOBILE


@pytest.fixture(scope="module")
def pdf():
    return sample_files.pdf()


def spec_of(extracted, kinds=None):
    """Masks every finding (of `kinds`, if given), as a reviewer who masks all would."""
    spans, digests = {}, {}
    for segment in extracted.segments:
        found = find_personal_data(segment.text, names=tuple(extracted.names))
        found = [f for f in found if kinds is None or f.kind in kinds]
        if found:
            spans[segment.key] = [[f.start, f.end] for f in found]
            digests[segment.key] = hashlib.sha256(segment.text.encode()).hexdigest()
    return {"spans": spans, "digests": digests}


def pdftotext(data, tmp_path):
    path = tmp_path / "copy.pdf"
    path.write_bytes(data)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True)
    return done.stdout.decode()


def members(data):
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return {name: package.read(name) for name in package.namelist()}


# --- reading ----------------------------------------------------------------------------------


def test_a_pdf_is_read_page_by_page_with_its_author(pdf):
    extracted = file_child.extract("pdf", pdf)
    pages = {s.key: s.text for s in extracted.segments}
    assert MOBILE in pages["page.1"] and ID_NUMBER in pages["page.1"].replace("\n", "")
    assert "补助标准" in pages["page.3"]
    assert f"Author: {AUTHOR}" in pages["properties"]
    assert extracted.names == [AUTHOR]  # found wherever the name stands in the file


def test_a_word_document_is_read_with_header_footer_comments_and_properties():
    extracted = file_child.extract("docx", sample_files.docx())
    parts = {s.key: s.text for s in extracted.segments}
    assert ID_NUMBER in parts["body"]  # stored in two runs, read as one value
    assert MOBILE in parts["header.1"]
    assert "湛江市人民政府办公室" in parts["footer.1"]
    assert f"电话{MOBILE}" in parts["comments"] and AUTHOR in parts["comments"]
    assert f"creator: {AUTHOR}" in parts["properties"]


def test_a_workbook_is_read_row_by_row_and_names_each_cell():
    extracted = file_child.extract("xlsx", sample_files.xlsx())
    sheet = next(s for s in extracted.segments if s.kind == "sheet")
    assert sheet.name == "名单"
    assert f"陈国强\t{MOBILE}\t{ID_NUMBER}\t300" in sheet.text.splitlines()
    assert sheet.where(sheet.text.index(MOBILE)) == "B2"  # a number in the cell, read as text
    assert sheet.where(sheet.text.index("13912345678")) == "B3"
    comments = next(s for s in extracted.segments if s.kind == "comments")
    assert comments.where(comments.text.index(MOBILE)) == "F1"


# --- the masked copies ------------------------------------------------------------------------


def test_a_masked_pdf_has_no_text_under_its_black_boxes(pdf, tmp_path):
    extracted = file_child.extract("pdf", pdf)
    copy = file_child.redact("pdf", pdf, spec_of(extracted))
    text = pdftotext(copy, tmp_path)
    assert MOBILE not in text and ID_NUMBER not in text
    assert text.strip() == ""  # pictures of the pages: nothing under a box to copy out
    original, redacted = pdfium.PdfDocument(pdf), pdfium.PdfDocument(copy)
    assert len(redacted) == len(original) == 3
    assert AUTHOR not in str(redacted.get_metadata_dict())
    # the pixels where the mobile number stood are black; the words before it are not
    textpage = original[0].get_textpage()
    page_text = extracted.segments[0].text
    scale = 100 / 72
    picture = redacted[0].render(scale=scale).to_pil().convert("L")
    height = original[0].get_height()

    def darkness(index):
        left, bottom, right, top = textpage.get_charbox(index)
        box = (left * scale, (height - top) * scale, right * scale, (height - bottom) * scale)
        histogram = picture.crop(tuple(int(v) for v in box)).histogram()
        return sum(histogram[:40]) / max(sum(histogram), 1)

    start = page_text.index(MOBILE)
    assert all(darkness(i) > 0.95 for i in range(start, start + len(MOBILE)))
    assert darkness(page_text.index("联")) < 0.6


def test_a_masked_pdf_page_looks_like_the_page(pdf):
    """An unmasked page of the copy is the same page, not a blank one."""
    copy = file_child.redact("pdf", pdf, spec_of(file_child.extract("pdf", pdf)))
    page = pdfium.PdfDocument(copy)[1].render(scale=0.5).to_pil().convert("L")
    dark = sum(page.histogram()[:128])
    assert 0 < dark < page.width * page.height * 0.05


def test_a_masked_word_document_keeps_no_masked_value_or_author_anywhere():
    data = sample_files.docx()
    copy = file_child.redact("docx", data, spec_of(file_child.extract("docx", data)))
    for name, content in members(copy).items():
        for value in (MOBILE, ID_NUMBER, AUTHOR):
            assert value.encode() not in content, (name, value)
    document = Document(io.BytesIO(copy))
    body = "\n".join(p.text for p in document.paragraphs)
    assert f"申请人身份证号：{MASK * 18}。" in body  # masked in both runs it was stored in
    assert "补助标准每人每月300元。" in body  # what was not masked is unchanged
    assert document.sections[0].header.paragraphs[0].text.startswith("经办人：■■■")
    assert document.core_properties.author == ""
    assert document.core_properties.last_modified_by == ""


def test_a_masked_workbook_keeps_no_masked_value_and_still_opens():
    data = sample_files.xlsx()
    copy = file_child.redact("xlsx", data, spec_of(file_child.extract("xlsx", data)))
    for name, content in members(copy).items():
        for value in (MOBILE, ID_NUMBER, "13912345678", AUTHOR):
            assert value.encode() not in content, (name, value)
    sheet = load_workbook(io.BytesIO(copy))["名单"]
    assert sheet["B2"].value == MASK * 11  # the number became text, masked
    assert sheet["C2"].value == MASK * 18
    assert sheet["A2"].value == MASK * 3  # a name in the 姓名 column
    assert sheet["A3"].value == MASK * 2 and sheet["A1"].value == "姓名"
    assert sheet["D2"].value == 300
    assert sheet["F1"].comment.text == f"电话 {MASK * 11}"


def test_a_masked_span_reads_as_its_public_form_across_runs():
    data = sample_files.docx()
    extracted = file_child.extract("docx", data)
    body = next(s for s in extracted.segments if s.key == "body")
    start = body.text.index(ID_NUMBER)  # stored in two runs
    spec = {
        "spans": {"body": [[start, start + 18, "440***********4537"]]},
        "digests": {"body": hashlib.sha256(body.text.encode()).hexdigest()},
    }
    copy = Document(io.BytesIO(file_child.redact("docx", data, spec)))
    assert "申请人身份证号：440***********4537。" in [p.text for p in copy.paragraphs]


def test_only_the_masked_findings_are_masked():
    data = sample_files.xlsx()
    copy = file_child.redact(
        "xlsx", data, spec_of(file_child.extract("xlsx", data), kinds={"id_number"})
    )
    sheet = load_workbook(io.BytesIO(copy))["名单"]
    assert sheet["C2"].value == MASK * 18
    assert str(sheet["B2"].value) == MOBILE


def test_a_file_that_reads_differently_from_what_was_reviewed_is_not_masked_blindly(pdf):
    spec = spec_of(file_child.extract("pdf", pdf))
    spec["digests"]["page.1"] = "0" * 64
    with pytest.raises(UnreadableFile):
        file_child.redact("pdf", pdf, spec)


# --- hostile files ----------------------------------------------------------------------------


def test_a_broken_pdf_is_refused_with_a_reason():
    with pytest.raises(UnreadableFile) as error:
        file_child.extract("pdf", b"%PDF-1.7\n" + b"\x00garbage" * 100)
    assert error.value.reason == "malformed"


def test_a_zip_bomb_is_not_unpacked():
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", b"<" + b" " * (attachments.MAX_MEMBER_BYTES + 10))
    with pytest.raises(UnreadableFile) as error:
        file_child.extract("docx", data.getvalue())
    assert error.value.reason == "too_large"


def test_a_package_declaring_entities_is_refused_unexpanded():
    """Office files never declare a DTD; one that does may hide a value in an entity that some
    readers expand: it is refused as unreadable (its reviewer is told), never expanded."""
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "13800138000">'
        '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"
    )
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", laughs)
    with pytest.raises(UnreadableFile) as error:
        file_child.extract("docx", data.getvalue())
    assert error.value.reason == "malformed"
    assert MOBILE not in error.value.detail


def test_a_file_that_takes_too_long_is_given_up(pdf, monkeypatch):
    monkeypatch.setattr(file_child, "WALL_SECONDS", 0.01)
    with pytest.raises(UnreadableFile) as error:
        file_child.extract("pdf", pdf)
    assert error.value.reason == "timeout"


def test_a_rotated_page_is_blacked_out_where_the_value_shows(pdf):
    from base.privacy.redact_files import _device_box

    document = pdfium.PdfDocument(pdf)
    document[0].set_rotation(90)
    rotated = io.BytesIO()
    document.save(rotated)
    data = rotated.getvalue()
    extracted = file_child.extract("pdf", data)
    copy = pdfium.PdfDocument(file_child.redact("pdf", data, spec_of(extracted)))
    original = pdfium.PdfDocument(data)[0]
    picture = copy[0].render(scale=1).to_pil().convert("L")
    before = original.render(scale=1).to_pil().convert("L")
    assert picture.width > picture.height  # still turned on its side
    textpage, text = original.get_textpage(), extracted.segments[0].text
    start = text.index(MOBILE)

    def dark(image, box):
        histogram = image.crop(box).histogram()
        return sum(histogram[:128]) / sum(histogram)

    for index in (start, start + len(MOBILE) - 1):
        box = _device_box(original, textpage.get_charbox(index), 1, picture.size)
        assert 0.02 < dark(before, box) < 0.9  # the digit's strokes stand there on the page
        assert dark(picture, box) > 0.95  # and the copy is black there

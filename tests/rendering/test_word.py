"""The GB/T 9704 page of the Word copies (base/rendering/word.py): what every Word copy
shares, and the element order Word insists on (it calls a file whose properties are out of
order unreadable, where LibreOffice reads it anyway)."""

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Pt

from base.rendering import word

# the schema's sequences, written out here independently of the module's
SEQUENCES = {
    "pPr": "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr "
    "suppressLineNumbers pBdr shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct "
    "topLinePunct autoSpaceDE autoSpaceDN bidi adjustRightInd snapToGrid spacing ind "
    "contextualSpacing mirrorIndents suppressOverlap jc textDirection textAlignment "
    "textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange",
    "rPr": "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss "
    "imprint noProof snapToGrid vanish webHidden color spacing w kern position sz szCs "
    "highlight u effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish",
    "tcPr": "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection "
    "tcFitText vAlign hideMark",
}


def out_of_order(document):
    """Every properties element (in the body, headers, footers, styles, settings) whose
    children break the schema's sequence, as 'pPr: spacing before autoSpaceDE'."""
    parts = [document.element, document.styles.element, document.settings.element]
    section = document.sections[0]
    for hf in (section.header, section.first_page_header, section.footer):
        parts.append(hf._element)
    for hf in (section.even_page_footer, section.first_page_footer):
        parts.append(hf._element)
    problems = []
    for part in parts:
        for name, sequence in SEQUENCES.items():
            rank = {qn(f"w:{tag}"): i for i, tag in enumerate(sequence.split())}
            for properties in part.iter(qn(f"w:{name}")):
                tags = [child.tag for child in properties]
                known = [rank[tag] for tag in tags if tag in rank]
                if known != sorted(known):
                    problems.append(f"{name}: {[t.split('}')[1] for t in tags]}")
    settings = [child.tag.split("}")[1] for child in document.settings.element]
    if settings.index("mirrorMargins") > settings.index("proofState"):
        problems.append(f"settings: {settings}")
    return problems


def test_a_new_document_has_the_standards_page_and_body_type():
    document = Document(io.BytesIO(word.saved(word.new_document())))
    section = document.sections[0]
    page = [section.page_width, section.page_height, section.top_margin, section.bottom_margin]
    page += [section.left_margin, section.right_margin]
    # in millimetres (the file counts twentieths of a point)
    assert [round(length.mm, 1) for length in page] == [210, 297, 37, 35, 28, 26]
    normal = document.styles["Normal"]
    assert normal.font.size == Pt(16)
    fonts = normal.element.rPr.rFonts
    assert {fonts.get(qn(f"w:{script}")) for script in ("ascii", "eastAsia")} == {"仿宋_GB2312"}
    # the official faces are in the font table with the free face to take in their place
    table = document.part.part_related_by(
        "http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable"
    ).blob.decode()
    for face in ("方正小标宋简体", "仿宋_GB2312", "黑体", "楷体_GB2312", "宋体"):
        assert f'w:name="{face}"' in table
    assert 'w:altName w:val="Noto Serif CJK SC"' in table


def test_what_the_helpers_write_keeps_the_schemas_order():
    document = word.new_document(first_page_numbered=False)
    para = word.paragraph(document, "正文", face=word.HEI_FACE, bold=True, color=word.RED)
    word.run(para, "湛江市教育局", size=Pt(30), color=word.RED, spacing=40)
    word.border(para, "bottom", style="thickThinSmallGap", eighths=36, color="E60012")
    word.shade(para, "E4E4E4")
    framed = word.paragraph(document, "抄送：市府办公室。", size=word.SMALL_SIZE)
    word.frame(framed, width=word.TYPE_WIDTH, x_align="center", y_align="bottom")
    word.box(framed)
    table = document.add_table(rows=1, cols=2)
    cell = table.cell(0, 0)
    cell.vertical_alignment = 1
    word.shade(cell, "E4E4E4")
    word.field(word.paragraph(document), "PAGE", "1", face=word.SONG_FACE, spacing=0)
    reopened = Document(io.BytesIO(word.saved(document)))
    assert out_of_order(reopened) == []

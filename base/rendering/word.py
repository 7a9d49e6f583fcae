"""Word copies (.docx) of our documents, laid out by GB/T 9704-2012 like their PDFs.

Offices finish and file documents in WPS or Word, so the reply letter and the annual report
are also written as .docx: A4, the standard's margins (天头 37 mm, 订口 28 mm, right 26 mm,
bottom 35 mm: a 156 × 225 mm type area), mirrored for printing on both sides, 22 lines of 28
characters, and the official faces by name. The file names 方正小标宋简体, 仿宋_GB2312, 黑体,
楷体_GB2312 and 宋体 rather than the free faces the PDFs embed: an office that has the
licensed fonts gets them, and WPS or LibreOffice substitutes where it does not.

Only python-docx's object model and a few WordprocessingML elements it has no API for
(page-number fields, frames, borders, shading) are used, so the files open the same in Word,
WPS and LibreOffice.
"""

import io
import re
import unicodedata

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from base.rendering.fonts import SANS, SERIF

MIME_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# the faces §7 names for each role; the file carries these names (see the module docstring)
TITLE_FACE = "方正小标宋简体"  # 标题, 发文机关标志
BODY_FACE = "仿宋_GB2312"  # 正文, 署名, 版记
HEI_FACE = "黑体"  # 一级标题 (一、…), table heads
KAI_FACE = "楷体_GB2312"  # 二级标题 (（一）…)
SONG_FACE = "宋体"  # 页码
# the free face each official one falls back to where it is not installed (the same as the
# PDFs'), written into the file's font table as its alternative name: LibreOffice and Word
# take it before guessing
FREE_FACES = {
    TITLE_FACE: SERIF,
    BODY_FACE: SERIF,
    HEI_FACE: SANS,
    KAI_FACE: "AR PL UKai CN",
    SONG_FACE: SERIF,
}

RED = RGBColor(0xE6, 0x00, 0x12)  # the letterhead's red, as in the PDF
BLACK = RGBColor(0, 0, 0)

# A4 and the type area of §5.2.1
PAGE_WIDTH, PAGE_HEIGHT = Mm(210), Mm(297)
TOP, BOTTOM, INSIDE, OUTSIDE = Mm(37), Mm(35), Mm(28), Mm(26)
TYPE_WIDTH = Mm(156)

BODY_SIZE = Pt(16)  # 三号
TITLE_SIZE = Pt(22)  # 二号
SMALL_SIZE = Pt(14)  # 四号: 版记, 页码
# 22 lines in the 225 mm area: 28.99 pt; Word counts line heights in twentieths of a point,
# and 22 × 579 twips stay inside the area
LINE = Pt(28.95)
# 28 characters in the 156 mm line: a pitch of 15.79 pt for 16 pt type. Character spacing is
# counted in twentieths of a point too: −0.25 pt keeps 28 characters (441 pt) inside the
# 442.2 pt line, where −0.2 pt would push the 28th to the next line
CHAR = Pt(15.79)
CHARACTER_SPACING = -5  # twentieths of a point
INDENT = Pt(31.59)  # 段首空二字


def new_document(*, first_page_numbered=True):
    """An empty A4 document with the standard's page: margins, mirrored binding edge, body
    style, and page numbers "— 1 —" at the outer edge (odd pages right, even pages left,
    one character in), 7 mm below the type area. `first_page_numbered=False` leaves the
    first page without one (the letter format, §10.1) and gives it its own header and
    footer, for the 版头 and the bottom red line."""
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = TOP, BOTTOM
    section.left_margin, section.right_margin = INSIDE, OUTSIDE
    section.gutter = 0
    # the page number's line (4号) begins 7 mm below the type area: its foot is about
    # 35 − 7 − 5 mm from the bottom edge
    section.footer_distance = Mm(20)
    section.header_distance = Mm(30)
    settings = document.settings.element
    settings.append(OxmlElement("w:mirrorMargins"))
    order(settings, SETTINGS_ORDER)
    document.settings.odd_and_even_pages_header_footer = True
    _body_style(document)
    _font_table(document)

    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)
    for header in (section.header, section.even_page_header):
        header.is_linked_to_previous = False
        _collapse(header.paragraphs[0])
    if not first_page_numbered:
        section.different_first_page_header_footer = True
    return document


def characters(text):
    """The width of a text in characters of its line: a Latin letter or digit is about half."""
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)


def saved(document):
    """The .docx file's bytes."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _body_style(document):
    style = document.styles["Normal"]
    style.font.size = BODY_SIZE
    style.font.color.rgb = BLACK
    set_face(style, BODY_FACE)
    rpr = style.element.get_or_add_rPr()
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "zh-CN")
    lang.set(qn("w:eastAsia"), "zh-CN")
    rpr.append(lang)
    order(rpr, RPR_ORDER)
    # no extra space between Chinese and Latin letters or digits (第0101号, not 第 0101 号):
    # the standard's text has none
    ppr = style.element.get_or_add_pPr()
    for name in ("w:autoSpaceDE", "w:autoSpaceDN"):
        off = OxmlElement(name)
        off.set(qn("w:val"), "0")
        ppr.append(off)
    form = style.paragraph_format
    form.space_before = form.space_after = 0
    form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    form.line_spacing = LINE
    form.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    form.widow_control = False  # fill every line of the grid (§7.3.5.5 tightens instead)
    order(ppr, PPR_ORDER)


def _font_table(document):
    """The official faces in the file's font table, each with its free alternative and the
    GB2312 character set (charset 86), so a program without the face substitutes a Chinese
    one of the same kind."""
    part = document.part.part_related_by(RELATIONSHIP_TYPE.FONT_TABLE)
    table = etree.fromstring(part.blob)
    for face, free in FREE_FACES.items():
        entry = etree.SubElement(table, qn("w:font"))
        entry.set(qn("w:name"), face)
        for tag, value in (("altName", free), ("charset", "86"), ("pitch", "variable")):
            etree.SubElement(entry, qn(f"w:{tag}")).set(qn("w:val"), value)
    part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def set_face(styled, face):
    """One face for every script of a run or style: Chinese text, Latin letters and digits
    (the standard's 阿拉伯数字 are printed in the same face as the text around them)."""
    styled.font.name = face
    rpr = styled.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for script in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(script), face)


# characters XML 1.0 cannot hold, which text pasted from Word or another program brings (Word's
# own line break is a vertical tab): a line or page break becomes a line break, the rest goes
BREAKS = re.compile(r"[\x0b\x0c]")
NOT_XML = re.compile(r"[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def writable(text):
    """`text` as a .docx can hold it (python-docx refuses the characters XML cannot)."""
    return NOT_XML.sub("", BREAKS.sub("\n", text or ""))


def run(paragraph, text, *, face=None, size=None, bold=False, color=None, spacing=None):
    """A run of text; `spacing` is the character spacing in twentieths of a point (the body's
    −0.25 pt when not given and the run is 三号)."""
    piece = paragraph.add_run(writable(text))
    if face:
        set_face(piece, face)
    if size:
        piece.font.size = size
    if bold:
        piece.font.bold = True
    if color is not None:
        piece.font.color.rgb = color
    if spacing is None and (size is None or size == BODY_SIZE):
        spacing = CHARACTER_SPACING
    if spacing:
        tracking = OxmlElement("w:spacing")
        tracking.set(qn("w:val"), str(spacing))
        rpr = piece.element.get_or_add_rPr()
        rpr.append(tracking)
        order(rpr, RPR_ORDER)
    return piece


def paragraph(
    container,
    text="",
    *,
    face=None,
    size=None,
    bold=False,
    color=None,
    align=None,
    indent=INDENT,
    before=0,
    line=None,
):
    """A paragraph of one run: indented two characters unless told otherwise; `before` is
    the space above it in lines of the grid."""
    para = container.add_paragraph()
    form = para.paragraph_format
    if align is not None:
        form.alignment = align
    if indent:
        form.first_line_indent = indent
    if before:
        form.space_before = Pt(LINE.pt * before)
    if line is not None:
        form.line_spacing = line
    if text:
        run(para, text, face=face, size=size, bold=bold, color=color)
    return para


def border(para, side, *, style="single", eighths=4, color="000000", space=0):
    """A paragraph border (`side` top/bottom/left/right): `eighths` is its width in eighths
    of a point, `space` the gap to the text in points."""
    ppr = para._p.get_or_add_pPr()
    borders = ppr.find(qn("w:pBdr"))
    if borders is None:
        borders = OxmlElement("w:pBdr")
        ppr.append(borders)
    line = OxmlElement(f"w:{side}")
    line.set(qn("w:val"), style)
    line.set(qn("w:sz"), str(eighths))
    line.set(qn("w:space"), str(space))
    line.set(qn("w:color"), color)
    borders.append(line)
    order(ppr, PPR_ORDER)


def box(para, *, style="single", eighths=6, space=2, color="000000"):
    for side in ("top", "left", "bottom", "right"):
        border(para, side, style=style, eighths=eighths, space=space, color=color)


def shade(element, fill):
    """A background colour for a paragraph or a table cell (`fill` as hex, e4e4e4)."""
    properties = (
        element._p.get_or_add_pPr() if hasattr(element, "_p") else element._tc.get_or_add_tcPr()
    )
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)
    order(properties, PPR_ORDER if hasattr(element, "_p") else TCPR_ORDER)


def outline_level(para, level):
    """The paragraph as a heading of the document's outline (0: 一、…, 1: （一）…)."""
    ppr = para._p.get_or_add_pPr()
    outline = OxmlElement("w:outlineLvl")
    outline.set(qn("w:val"), str(level))
    ppr.append(outline)
    order(ppr, PPR_ORDER)


def frame(para, *, width, x=None, y=None, x_align=None, y_align=None, vertical="margin"):
    """Set a paragraph apart from the flow (a Word frame), at a place on the page: `x`/`y`
    as lengths from the anchor (the page or the type area), or `x_align`/`y_align`
    (left/center/right, top/bottom); across from the type area's edge, down from the type
    area's top or (`vertical="page"`) the page's. Text above and below keeps clear of it."""
    ppr = para._p.get_or_add_pPr()
    props = OxmlElement("w:framePr")
    props.set(qn("w:w"), str(int(width.pt * 20)))
    props.set(qn("w:wrap"), "notBeside")
    props.set(qn("w:hAnchor"), "margin")
    props.set(qn("w:vAnchor"), vertical)
    if x is not None:
        props.set(qn("w:x"), str(int(x.pt * 20)))
    if x_align:
        props.set(qn("w:xAlign"), x_align)
    if y is not None:
        props.set(qn("w:y"), str(int(y.pt * 20)))
    if y_align:
        props.set(qn("w:yAlign"), y_align)
    ppr.insert(0, props)
    order(ppr, PPR_ORDER)


# the order CT_PPr's schema wants its children in (Word refuses a file that breaks it)
PPR_ORDER = [
    "pStyle",
    "keepNext",
    "keepLines",
    "pageBreakBefore",
    "framePr",
    "widowControl",
    "numPr",
    "suppressLineNumbers",
    "pBdr",
    "shd",
    "tabs",
    "suppressAutoHyphens",
    "kinsoku",
    "wordWrap",
    "overflowPunct",
    "topLinePunct",
    "autoSpaceDE",
    "autoSpaceDN",
    "bidi",
    "adjustRightInd",
    "snapToGrid",
    "spacing",
    "ind",
    "contextualSpacing",
    "mirrorIndents",
    "suppressOverlap",
    "jc",
    "textDirection",
    "textAlignment",
    "textboxTightWrap",
    "outlineLvl",
    "divId",
    "cnfStyle",
    "rPr",
    "sectPr",
    "pPrChange",
]


# CT_RPr's, CT_TcPr's and the start of CT_Settings' sequences
RPR_ORDER = [
    "rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike", "dstrike",
    "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid", "vanish", "webHidden",
    "color", "spacing", "w", "kern", "position", "sz", "szCs", "highlight", "u", "effect", "bdr",
    "shd", "fitText", "vertAlign", "rtl", "cs", "em", "lang", "eastAsianLayout", "specVanish",
    "oMath",
]  # fmt: skip
TCPR_ORDER = [
    "cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd", "noWrap", "tcMar",
    "textDirection", "tcFitText", "vAlign", "hideMark",
]  # fmt: skip
SETTINGS_ORDER = [
    "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
    "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
    "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts", "embedSystemFonts",
    "saveSubsetFonts", "saveFormsData", "mirrorMargins",
]  # fmt: skip


def order(properties, sequence):
    """Put an element's children in the order its schema wants (Word refuses a file that
    breaks it): those named in `sequence` first, in its order, then the rest as they were."""
    rank = {qn(f"w:{name}"): i for i, name in enumerate(sequence)}
    children = sorted(properties, key=lambda child: rank.get(child.tag, len(sequence)))
    for child in children:
        properties.remove(child)
        properties.append(child)


def field(para, instruction, placeholder, **style):
    """A field Word and WPS compute when they lay the page out (PAGE: the page number)."""
    for kind, text in (("begin", None), ("instr", instruction), ("separate", None)):
        piece = run(para, "", **style)
        if kind == "instr":
            code = OxmlElement("w:instrText")
            code.set(qn("xml:space"), "preserve")
            code.text = f" {text} "
            piece._r.append(code)
        else:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            piece._r.append(mark)
    run(para, placeholder, **style)
    end = run(para, "", **style)
    mark = OxmlElement("w:fldChar")
    mark.set(qn("w:fldCharType"), "end")
    end._r.append(mark)


def _page_number(footer, alignment):
    """ "— 1 —" in 4号 宋体, one character in from the outer edge (§7.5.2)."""
    footer.is_linked_to_previous = False
    para = footer.paragraphs[0]
    form = para.paragraph_format
    form.alignment = alignment
    form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    form.line_spacing = SMALL_SIZE
    form.first_line_indent = 0
    # lifts the line from the footer distance (20 mm, where the letter's bottom red line
    # lies) to 7 mm below the type area
    form.space_after = Mm(3)
    if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
        form.right_indent = SMALL_SIZE
    else:
        form.left_indent = SMALL_SIZE
    style = {"face": SONG_FACE, "size": SMALL_SIZE, "spacing": 0}
    run(para, "— ", **style)
    field(para, "PAGE", "1", **style)
    run(para, " —", **style)


def _collapse(para):
    """An empty header paragraph that takes no room from the type area."""
    form = para.paragraph_format
    form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    form.line_spacing = Pt(1)
    form.first_line_indent = 0

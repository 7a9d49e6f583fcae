"""The annual report (政府信息公开工作年度报告) as a Word file, for the office to finish in WPS
or Word: the same words, figures and tables as the PDF, on the GB/T 9704 page
(base/rendering/word.py).

The Word copy is built from the report's own HTML (reports/annual.py renders it from the
template the PDF uses), read block by block: whatever the template prints, the Word copy
prints, and the two never drift apart. Each kind of block takes the standard's type: the
title 2号小标宋, 一、 headings 黑体, （一） headings 楷体, the text 3号仿宋; the tables in 五号
with bordered cells, merged as the HTML spans them; the parts the office still has to write
stay grey; 落款 as in a letter, the organ centred over the date four characters from the
right. Page numbers "— 1 —" stand at the outer edge of every page.
"""

import re
from functools import cache

import lxml.html
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor
from docx.table import _Cell

from base.rendering import word
from reports import annual

GREY = "E4E4E4"  # what the office fills in, as in the PDF
DARK_RED = RGBColor(0x8E, 0x14, 0x14)
TABLE_SIZE = Pt(10.5)  # 五号
# the two wide tables of the national format are set smaller, as in the PDF
SMALL_TABLES = {"ar-table--requests": Pt(8.5), "ar-table--appeals": Pt(8.5)}
SIGNATURE_RIGHT = 4  # 成文日期右空四字
BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "table", "ul", "ol", "li", "section", "article"}


def report_docx(stats):
    """The .docx file's bytes, for the same figures as `annual.report_pdf(stats)`."""
    return word.saved(report_document(annual.report_html(stats)))


def report_document(html):
    document = word.new_document()
    root = lxml.html.fromstring(html)
    found = root.find_class("annual-report")
    blocks(document, found[0] if found else root.body)
    return document


def elements(parent):
    """The element children (not comments)."""
    return [child for child in parent if isinstance(child.tag, str)]


def classes(element):
    return set((element.get("class") or "").split())


def blocks(document, parent):
    for element in elements(parent):
        block(document, element)


def block(document, element):
    tag, kinds = element.tag, classes(element)
    if tag == "h1":
        title(document, element)
    elif tag in ("h2", "h3", "h4"):
        face = word.HEI_FACE if tag == "h2" else word.KAI_FACE
        para = word.paragraph(document)
        inline(para, element, face=face)
        para.paragraph_format.keep_with_next = True
        # an outline level: WPS and Word list the parts in their navigation pane
        word.outline_level(para, int(tag[1]) - 2)
    elif tag == "table":
        table(document, element)
    elif "ar-signature" in kinds:
        signature(document, element)
    elif tag == "div" and "ar-fill" in kinds and not has_blocks(element):
        filled(document, element, kinds)
    elif tag in ("div", "section", "article", "ul", "ol") or has_blocks(element):
        for i, child in enumerate(elements(element)):
            if "ar-fill" in kinds and child.tag == "p":
                filled(document, child, kinds | classes(child), joined=i > 0)
            else:
                block(document, child)
    else:
        text_paragraph(document, element, kinds)


def has_blocks(element):
    return any(child.tag in BLOCKS for child in elements(element))


def title(document, element):
    """2号小标宋, centred, one empty line under it; a <br> breaks the line where the HTML
    does (the organ above the rest)."""
    para = word.paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, indent=0)
    inline(para, element, face=word.TITLE_FACE, size=word.TITLE_SIZE, spacing=0)
    para.paragraph_format.space_after = word.LINE


def text_paragraph(document, element, kinds):
    if "ar-note" in kinds:
        para = word.paragraph(document, indent=0, line=Pt(16))
        inline(para, element, size=Pt(12), spacing=0)
    elif "ar-empty" in kinds:
        para = word.paragraph(document, indent=0)
        word.box(para, eighths=6, color="8E1414", space=4)
        inline(para, element, color=DARK_RED)
    elif "ar-fill" in kinds:
        filled(document, element, kinds)
    else:
        para = word.paragraph(document)
        small = "ar-hint" in kinds
        inline(para, element, size=Pt(14) if small else None)


def filled(document, element, kinds, joined=False):
    """A part the office writes: grey, in a dashed frame, as in the PDF. The paragraphs of
    one part share a frame (`joined`)."""
    note = "ar-fill--note" in kinds or "ar-hint" in kinds
    if not joined and framed(document):
        # Word and LibreOffice draw one frame around consecutive framed paragraphs: two
        # parts, one after the other, keep a thin paragraph between them and read as two
        spacer = word.paragraph(document, indent=0, line=Pt(4))
        spacer.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    para = word.paragraph(document, indent=0)
    word.shade(para, GREY)
    word.box(para, style="dashed", eighths=4, space=2)
    inline(para, element, size=Pt(14) if note else None, color=RGBColor(0x33, 0x33, 0x33))


def framed(document):
    """Whether the document ends in a framed paragraph."""
    last = document.element.body[-2] if len(document.element.body) > 1 else None
    return last is not None and last.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None


def signature(document, element):
    """落款: the organ's name centred over the date, the date four characters from the right
    edge, two lines below the text."""
    lines = [" ".join(p.text_content().split()) for p in element.iter("p")]
    lines = [line for line in lines if line]
    widest = max((word.characters(line) for line in lines), default=0)
    for i, (line, p) in enumerate(zip(lines, element.iter("p"), strict=False)):
        para = word.paragraph(document, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=0)
        if i == 0:
            para.paragraph_format.space_before = Pt(word.LINE.pt * 2)
        para.paragraph_format.keep_with_next = i < len(lines) - 1
        right = SIGNATURE_RIGHT + (widest - word.characters(line)) / 2
        para.paragraph_format.right_indent = Pt(word.CHAR.pt * right)
        inline(para, p)


def inline(para, element, **style):
    """The element's text as runs: figures bold (as the PDF prints them), a <br> a line
    break, a grey box for a blank the office fills in; white space collapsed as a browser
    does."""
    pieces = list(_pieces(element, bold=False, shaded=False))
    text_so_far = ""
    for text, bold, shaded in pieces:
        if text == "\n":
            if para.runs:
                para.runs[-1].add_break()
            text_so_far = ""
            continue
        text = re.sub(r"\s+", " ", text)
        if not text_so_far:
            text = text.lstrip()
        if not text:
            continue
        piece = word.run(para, text, bold=bold or style.get("bold", False), **_style(style))
        if shaded:
            _shade_run(piece)
        text_so_far += text
    if para.runs:
        last = para.runs[-1]
        last.text = last.text.rstrip()


def _style(style):
    return {key: value for key, value in style.items() if key != "bold"}


def _pieces(element, *, bold, shaded):
    kinds = classes(element)
    bold = bold or "figure" in kinds or element.tag in ("b", "strong")
    shaded = shaded or "ar-fill" in kinds
    if element.text:
        yield element.text, bold, shaded
    for child in element.iterchildren():
        if isinstance(child.tag, str):
            if child.tag == "br":
                yield "\n", bold, shaded
            else:
                yield from _pieces(child, bold=bold, shaded=shaded)
        if child.tail:
            yield child.tail, bold, shaded


def _shade_run(piece):
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), GREY)
    rpr = piece._r.get_or_add_rPr()
    rpr.append(shading)
    word.order(rpr, word.RPR_ORDER)


# ---------------------------------------------------------------------------------------------
# tables


@cache
def column_widths():
    """{column class: per cent of the table's width}, as the stylesheet sets them."""
    found = re.findall(r"\.(ar-[\w-]+)\s*\{\s*width:\s*([\d.]+)%", annual.stylesheet())
    return {name: float(share) for name, share in found}


def grid(element):
    """The table's cells on a grid: [(row, column, rowspan, colspan, cell, is_head)]."""
    placed, taken = [], set()
    rows = element.xpath("./thead/tr | ./tbody/tr | ./tr")
    for r, row in enumerate(rows):
        c = 0
        head = row.getparent().tag == "thead"
        for cell in row.iterchildren("th", "td"):
            while (r, c) in taken:
                c += 1
            down, across = int(cell.get("rowspan", 1)), int(cell.get("colspan", 1))
            for i in range(down):
                for j in range(across):
                    taken.add((r + i, c + j))
            placed.append((r, c, down, across, cell, head))
            c += across
    height = max((r for r, _ in taken), default=-1) + 1
    columns = max((c for _, c in taken), default=-1) + 1
    return placed, height, columns


def table(document, element):
    placed, height, columns = grid(element)
    if not placed:
        return
    kinds = classes(element)
    size = next((SMALL_TABLES[k] for k in kinds if k in SMALL_TABLES), TABLE_SIZE)
    style = cell_style(document, size)
    sheet = document.add_table(rows=height, cols=columns)
    sheet.style = document.styles["Table Grid"]
    sheet.alignment = WD_TABLE_ALIGNMENT.CENTER
    sheet.autofit = False
    widths = _widths(element, columns)
    # Word and LibreOffice lay a fixed table out by its grid, WPS by its cells: set both
    for column, share in zip(sheet._tbl.tblGrid.gridCol_lst, widths, strict=True):
        column.w = int(word.TYPE_WIDTH * share)
    # the cells by place, taken before any merge (python-docx would walk the whole table to
    # find each one)
    cells = [[_Cell(tc, sheet) for tc in tr.tc_lst] for tr in sheet._tbl.tr_lst]
    rows = element.xpath("./thead/tr | ./tbody/tr | ./tr")
    for row, source in zip(sheet.rows, rows, strict=False):
        _cant_split(row)
        if "ar-data" in classes(source):
            # a row of blanks to write figures in: two lines high, as in the PDF
            row.height = Pt(size.pt * 2.2)
            row.height_rule = WD_ROW_HEIGHT_RULE.AT_LEAST
    for row in cells:
        for cell, share in zip(row, widths, strict=True):
            cell.width = int(word.TYPE_WIDTH * share)
    head_rows = set()
    for r, c, down, across, source, head in placed:
        cell = cells[r][c]
        if down > 1 or across > 1:
            cell = cell.merge(cells[r + down - 1][c + across - 1])
        _fill_cell(cell, source, head, size, style)
        if head:
            head_rows.update(range(r, r + down))
    for r in sorted(head_rows):
        _repeat_header(sheet.rows[r])


def _widths(element, columns):
    named = [classes(col) for col in element.iter("col")]
    shares = [
        next((column_widths()[k] for k in kinds if k in column_widths()), None) for kinds in named
    ]
    if len(shares) != columns or None in shares:
        return [1 / columns] * columns
    total = sum(shares)
    return [share / total for share in shares]


def cell_style(document, size):
    """The paragraph style of a table's cells: 五号 (or the wide tables' smaller type),
    centred, no indent; one style rather than the same properties on every cell (and one
    place for the office to change them)."""
    name = f"表格文字 {size.pt:g}"
    found = next((style for style in document.styles if style.name == name), None)
    if found:
        return found
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = size
    form = style.paragraph_format
    form.first_line_indent = 0
    form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    form.line_spacing = Pt(size.pt * 1.35)
    form.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return style


def _fill_cell(cell, source, head, size, style):
    kinds = classes(source)
    blank = "ar-blank" in kinds
    para = cell.paragraphs[0]
    para._p.style = style.style_id  # python-docx's `para.style =` looks the style up each time
    if "ar-row" in kinds:
        para.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    face = word.HEI_FACE if head or "ar-band" in kinds else None
    inline(
        para,
        source,
        face=face,
        size=Pt(size.pt * 0.9) if blank else None,
        bold="ar-num" in kinds,
        spacing=0,
        color=RGBColor(0x55, 0x55, 0x55) if blank else None,
    )
    if blank:
        word.shade(cell, GREY)


def _cant_split(row):
    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:cantSplit"))


def _repeat_header(row):
    props = row._tr.get_or_add_trPr()
    props.append(OxmlElement("w:tblHeader"))

"""The reply letter (答复函) as a Word file, in the letter format of GB/T 9704-2012 (§10.1)
like its PDF (proposals/letter.py), for the unit to finish in WPS or Word.

It is built from the same context as the PDF, so both print the same words. The 版头 (the
result class in its box at the upper right, the organ's name in red, the red double line
and the document number) is the first page's header: Word pages share one top margin, and
only a header can start 30 mm from the top edge on the first page while the text of the
later pages starts at 37 mm. The first page's footer holds the red double line 20 mm above
the bottom edge and no page number. The copy-to line (抄送) is a frame at the foot of the
type area of the last page, where the PDF puts it.
"""

from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.shared import Mm, Pt

from base.rendering import word
from proposals.letter import letter_context

SIGNATURE_RIGHT = 4  # 成文日期右空四字 (§7.3.5.1)


def letter_docx(letter):
    """The .docx file's bytes."""
    return word.saved(letter_document(letter_context(letter)))


def letter_document(context):
    document = word.new_document(first_page_numbered=False)
    section = document.sections[0]
    letterhead(section.first_page_header, context)
    bottom_rule(section.first_page_footer)

    lines = context["title_lines"] or [context["title"]]
    title = word.paragraph(document, align=WD_ALIGN_PARAGRAPH.CENTER, indent=0, before=2)
    for i, line in enumerate(lines):
        piece = word.run(title, line, face=word.TITLE_FACE, size=word.TITLE_SIZE, spacing=0)
        if i < len(lines) - 1:
            piece.add_break()
    word.paragraph(document, context["addressee"], indent=0, before=1)

    for part in context["paragraphs"]:
        face = word.HEI_FACE if part.heading else None
        para = word.paragraph(document, part.text, face=face)
        if part.heading:
            para.paragraph_format.keep_with_next = True
    signature(document, context)
    if context.get("copy_to"):
        copy_to(document, context["copy_to"])
    return document


def letterhead(header, context):
    """版头: the boxed class, the red organ name, the red double line, the number."""
    first = header.paragraphs[0]
    if context.get("result_class"):
        # 办理结果分类 in a box at the upper right, above the organ's name
        word.frame(first, width=Mm(18), y=Mm(12), x_align="right", vertical="page")
        first.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        first.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        first.paragraph_format.line_spacing = Pt(20)
        first.paragraph_format.first_line_indent = 0
        word.run(first, context["result_class"], face=word.HEI_FACE, spacing=0)
        word.box(first, eighths=6, space=1)
        first._p.get_or_add_pPr()  # the frame's paragraph stays the first
        mark = header.add_paragraph()
    else:
        mark = first
    form = mark.paragraph_format
    form.alignment = WD_ALIGN_PARAGRAPH.CENTER
    form.first_line_indent = 0
    form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    form.line_spacing = Pt(30)
    # the red double line (thick above, thin below) is 170 mm long, centred on the type area
    form.left_indent = form.right_indent = -Mm(7)
    word.run(mark, context["unit"], face=word.TITLE_FACE, size=Pt(30), color=word.RED, spacing=40)
    word.border(mark, "bottom", style="thickThinSmallGap", eighths=36, color="E60012", space=6)

    number = header.add_paragraph()
    form = number.paragraph_format
    form.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    form.first_line_indent = 0
    form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    form.line_spacing = word.LINE
    form.space_before = Mm(2)
    word.run(number, context.get("number") or "\u3000", size=word.BODY_SIZE)


def bottom_rule(footer):
    """The letter format's red double line 20 mm above the bottom edge (thin above, thick
    below), 170 mm long; no page number on the first page."""
    footer.is_linked_to_previous = False
    para = footer.paragraphs[0]
    form = para.paragraph_format
    form.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    form.line_spacing = Pt(2)
    form.first_line_indent = 0
    form.left_indent = form.right_indent = -Mm(7)
    word.border(para, "top", style="thinThickSmallGap", eighths=24, color="E60012")


def signature(document, context):
    """发文机关署名 centred over 成文日期, the date four characters from the right edge, two
    lines below the text; the notes (附注) under them. The last paragraph of the
    text keeps with them: the signature never stands on a page alone."""
    if document.paragraphs:
        document.paragraphs[-1].paragraph_format.keep_with_next = True
    unit, date = context["unit"], context["date"]
    block = max(word.characters(unit), word.characters(date))
    for text, before in ((unit, 2), (date, 0)):
        para = word.paragraph(
            document, text, align=WD_ALIGN_PARAGRAPH.RIGHT, indent=0, before=before
        )
        right = SIGNATURE_RIGHT + (block - word.characters(text)) / 2
        para.paragraph_format.right_indent = Pt(word.CHAR.pt * right)
        para.paragraph_format.keep_with_next = True
    # 附注: the disclosure attribute (公开属性), then the contact line, each in brackets
    if context.get("disclosure"):
        word.paragraph(document, f"（公开属性：{context['disclosure']}）")
    if context.get("contact"):
        word.paragraph(document, f"（{context['contact']}）")


def copy_to(document, names):
    """版记: 抄送 in 4号 at the foot of the last page's type area, one character in on each
    side, a second line under the first name (§7.4.2)."""
    para = word.paragraph(document, indent=0, line=word.LINE)
    form = para.paragraph_format
    form.alignment = WD_ALIGN_PARAGRAPH.LEFT
    form.left_indent = Pt(4 * word.SMALL_SIZE.pt)
    form.first_line_indent = -Pt(3 * word.SMALL_SIZE.pt)
    form.right_indent = word.SMALL_SIZE
    word.frame(para, width=word.TYPE_WIDTH, x_align="center", y_align="bottom")
    word.run(para, f"抄送：{names}", size=word.SMALL_SIZE, spacing=0)

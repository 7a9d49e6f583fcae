"""How the reply letter's text is set on its pages (GB/T 9704-2012 §7.3.5.5 and §5.2.2).

The standard's grid is 22 lines of 28 characters on the 156 mm × 225 mm type area, and it
allows 特定情况可以作适当调整. The situation it has in mind is ours: a letter whose last
lines and signature would carry over to a page of their own, leaving the page before it
with empty lines at its foot. Then the text is set tighter, within these bounds:

- up to 25 lines a page (line pitch 25.51 pt instead of 28.99 pt, still 1.59 times the
  三号 body size, more than the 1.5 of a word processor's "1.5 lines": no crowding);
- up to 29 characters a line (character pitch 15.25 pt for a 16 pt face: Noto and the
  仿宋 faces leave more than 0.75 pt of side bearing, so characters never touch).

Tighter is tried only when the letter's last page holds few lines (FEW_LINES: the signature
with its two blank lines, the 公开属性 and contact lines, two lines of 抄送 and three lines of
text), mildest first, and kept only when it
saves that page; otherwise the standard grid stays. A long letter whose last page is well
filled keeps the standard grid on every page. Every vertical space of the letter (the
title's two lines, the salutation's one, the signature's two, the copy-to line) is a whole
number of lines of whichever grid is used, so a tighter page is still a grid.

Laying a letter out costs about a tenth of what writing its PDF costs, so measuring a few
layouts and writing one keeps a letter's render time close to that of a single render.
"""

import math
from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre
TYPE_AREA = (156 * MM, 225 * MM)  # 版心, points
BODY_SIZE = 16  # 三号, points
PX = 4 / 3  # CSS pixels per point: WeasyPrint measures its boxes in CSS pixels
# part of a composed PDF's cache key: a change to the rules below gives new files
VERSION = "composition 1\n"


def _down(value):
    """Rounded down to 0.01 pt: n lines or characters never exceed the type area by
    rounding."""
    return math.floor(value * 100) / 100


@dataclass(frozen=True)
class Grid:
    lines: int  # a page
    characters: int  # a line

    @property
    def line(self):
        """Line pitch in points."""
        return _down(TYPE_AREA[1] / self.lines)

    @property
    def pitch(self):
        """Character pitch in points."""
        return TYPE_AREA[0] / self.characters

    @property
    def letter_spacing(self):
        return _down(self.pitch - BODY_SIZE)

    def css(self):
        """What this grid changes of proposals/reply_letter.css, whose numbers are the
        standard grid's; nothing for the standard grid itself."""
        if self == STANDARD:
            return ""
        line, chars = f"{self.line:.2f}pt", f"{2 * self.pitch:.2f}pt"
        return (
            f"html{{line-height:{line};letter-spacing:{self.letter_spacing:.2f}pt}}"
            f".title{{margin-top:{2 * self.line:.2f}pt}}"
            f".addressee{{margin-top:{line}}}"
            f".body,.heading,.note{{text-indent:{chars}}}"
            f".signature{{margin-top:{2 * self.line:.2f}pt;padding-right:{4 * self.pitch:.2f}pt}}"
            f".imprint{{line-height:{line}}}"
        )


STANDARD = Grid(22, 28)
# a last page holding no more than this (in lines of the standard grid) is worth saving
FEW_LINES = 12
# mildest first; the last is the tightest the letter is ever set in
TIGHTER = (Grid(23, 28), Grid(24, 28), Grid(24, 29), Grid(25, 29))


@dataclass(frozen=True)
class PageFoot:
    """How a page ends: the empty lines under its last line of text (above the copy-to line
    when the page carries it) and whether that last line is a heading's."""

    empty_lines: float
    heading: bool


def _lines(box, inside=""):
    """(bottom, class of the element it belongs to) of every line box of the text flow."""
    kind = type(box).__name__
    if kind in ("AbsolutePlaceholder", "FootnoteAreaBox", "MarginBox"):
        return
    element = getattr(box, "element", None)
    if element is not None and element.get("class"):
        inside = element.get("class")
    if kind == "LineBox":
        yield box.position_y + box.margin_height(), inside
        return
    for child in getattr(box, "children", ()):
        yield from _lines(child, inside)


def feet(document, grid):
    """A PageFoot for each page of a laid-out document."""
    result = []
    for page in document.pages:
        box = page._page_box
        bottom = box.content_box_y() + box.height
        for child in box.children:
            if type(child).__name__ == "FootnoteAreaBox" and child.children:
                bottom = min(bottom, child.position_y)
        lines = list(_lines(box))
        last, owner = max(lines) if lines else (box.content_box_y(), "")
        empty = max(0.0, bottom - last) / (grid.line * PX)
        result.append(PageFoot(round(empty, 2), "heading" in owner.split()))
    return result


def first_lines(document):
    """The class of the element each page's first line of text belongs to (body, heading,
    signature…)."""
    heads = []
    for page in document.pages:
        lines = sorted(_lines(page._page_box), key=lambda line: line[0])
        heads.append(lines[0][1] if lines else "")
    return heads


def last_page_lines(document):
    """How many lines of the standard grid the last page uses (the copy-to line included)."""
    return STANDARD.lines - feet(document, STANDARD)[-1].empty_lines


def compose(html_for, lay_out):
    """(grid, laid-out document) of the letter whose HTML for a grid is `html_for(grid)`:
    the standard grid unless a tighter one within the bounds saves its last page."""
    standard = lay_out(html_for(STANDARD))
    if len(standard.pages) == 1 or last_page_lines(standard) > FEW_LINES:
        return STANDARD, standard
    for grid in TIGHTER:  # mildest first: most letters that can be saved need little
        document = lay_out(html_for(grid))
        if len(document.pages) < len(standard.pages):
            return grid, document
    return STANDARD, standard

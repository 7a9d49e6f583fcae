"""The reply letter (答复函) as a PDF laid out by GB/T 9704-2012 (党政机关公文格式).

A reply letter is a 函 (its number reads 湛教函〔2026〕18号), so it takes the standard's letter
format (信函格式, §10.1) rather than the 文件 format: the organ's name in red 30 mm from the
top with a red double line under it and another 20 mm above the bottom edge, the document
number under the first line at the right, no page number on the first page, and a 版记 of the
copy-to line alone, at the foot of the last page (the letter format prints no 印发机关 and
印发日期 line and no separator lines there). The result class (A类) stands in a box at the
upper right of the first page. The type area, fonts and numbers are in
proposals/static/proposals/reply_letter.css.

The signature never stands on a page alone: when the organ's name, the date, the contact line
and the copy-to line do not fit under the text, they take the text's last lines with them to
the next page (GB/T 9704 §7.3.5.5 asks the same of the seal).

Two deliberate departures from what the issue asked:

- The date (成文日期) is written in Arabic numerals, 2026年6月3日, not 二〇二六年六月三日:
  GB/T 9704-2012 §7.3.5.4 says 成文日期中的数字用阿拉伯数字将年、月、日标全 (no leading zeros).
  Chinese numerals were the rule of GB/T 9704-1999, which the 2012 edition replaced; a letter
  claiming the 2012 layout with a 1999 date would be wrong on its face.
- No 印发 line, as said above (§10.1 of the same standard).

The 成文日期 is the day the principal leader signed the letter (签发), as the 公文处理工作条例
defines it; before that, the day it was sent, and for a draft, today.

Nothing of the proposer's contact data is read here: the letter names the lead proposer only
(each merged item's, for a merged handling: proposals/merging.py).
"""

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from base.organisation.naming import UnitNameError, UnitNames
from base.rendering.cache import rendered
from proposals import composition, merging, reply_defaults
from proposals.models import AssignmentRole, Kind

TEMPLATE = "proposals/reply_letter.html"
STYLESHEET = "proposals/reply_letter.css"
SIGN_STEP = "sign"  # the flow step in which the principal leader signs (签发)
# 一、关于…: a first-level heading, a short line of its own without a full stop
HEADING = re.compile(r"^[一二三四五六七八九十]+、[^。，；：！？]{1,30}$")
# a title line (2号, 22 pt) of the 156 mm type area holds 20 characters
TITLE_WIDTH = 20
# a first line of the body that is already the salutation: 陈志强代表： / 李明委员、王芳委员：
SALUTATION = re.compile(r"^[^，,。；;：:]{1,30}[：:]$")


class NoLetter(Exception):
    """The item, or the unit asked for, has no reply letter to print."""


@dataclass(frozen=True)
class Paragraph:
    text: str
    heading: bool = False


def written_date(day):
    """成文日期 as GB/T 9704-2012 §7.3.5.4 writes it: 2026年6月3日 (Arabic numerals, the year
    in full, no leading zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def written_on(letter):
    """The day the letter was signed (签发), else sent; a draft is dated today."""
    signed = letter.reviews.filter(step=SIGN_STEP, approved=True).order_by("-at", "-pk").first()
    moment = signed.at if signed else letter.sent_at
    return timezone.localdate(moment) if moment else timezone.localdate()


def addressees(proposal):
    """陈志强代表 for a deputy's suggestion, 李明委员 for a member's proposal; a merged
    handling's letter names each merged item's lead proposer (陈志强代表、王芳代表)."""
    title = "代表" if proposal.kind == Kind.NPC else "委员"
    names = merging.lead_names(proposal) or [""]
    return "、".join(f"{name}{title}" for name in names)


def salutation(proposal):
    """主送, the letter's first line: the addressees and a colon (陈志强代表、王芳代表：)."""
    return addressees(proposal) + "："


def width(text):
    """In characters of the line: a Latin letter or digit is about half of one."""
    return sum(1 if unicodedata.east_asian_width(c) in "WF" else 0.6 for c in text)


def title_lines(title):
    """标题回行 with the meaning whole (词意完整): 关于市十五届人大五次会议 / 第0111号建议的答复
    rather than a line ending in 答 and another of 复. Other titles wrap where they must."""
    if width(title) <= TITLE_WIDTH:
        return [title]
    head, mark, tail = title.partition("会议")
    if mark and tail and max(width(head + mark), width(tail)) <= TITLE_WIDTH:
        return [head + mark, tail]
    return [title]


def paragraphs(body):
    """The body's non-empty lines as paragraphs; a first-level heading (一、…) is marked."""
    lines = (line.strip() for line in body.replace("\r\n", "\n").split("\n"))
    return [Paragraph(line, bool(HEADING.match(line))) for line in lines if line]


def copy_to_line(text):
    """抄送机关, separated by 、 and closed with a full stop (§7.4.2)."""
    names = [name.strip() for name in re.split(r"[、，,;；\n]+", text.strip("。. \n"))]
    names = [name for name in names if name]
    return "、".join(names) + "。" if names else ""


def letter_context(letter):
    assignment = letter.assignment
    proposal = assignment.proposal
    body = paragraphs(letter.body)
    addressee = salutation(proposal)
    if body and SALUTATION.match(body[0].text):
        # the unit wrote the salutation itself (the editor suggests it): print theirs, once
        addressee = body.pop(0).text.replace(":", "：")
    contact = "，".join(
        f"{label}：{value}"
        for label, value in [("联系人", letter.contact_person), ("联系电话", letter.contact_phone)]
        if value
    )
    # WeasyPrint (which the fetcher imports) takes about a second to import and logs as it
    # parses its own stylesheets: only a process that renders pays for it
    from base.rendering.fetcher import static_url

    return {
        "stylesheet": static_url(STYLESHEET),
        "unit": assignment.unit.name,
        "number": letter.number,
        "title": letter.title,
        "title_lines": title_lines(letter.title),
        "addressee": addressee,
        "paragraphs": body,
        "result_class": f"{letter.result_class.code}类" if letter.result_class else "",
        "date": written_date(written_on(letter)),
        "disclosure": reply_defaults.disclosure_attribute(letter),
        "contact": contact,
        "copy_to": copy_to_line(letter.copy_to),
    }


def letter_html(letter, grid=composition.STANDARD):
    return render_to_string(TEMPLATE, {**letter_context(letter), "grid_css": grid.css()})


def composed_pdf(kind, context, template=TEMPLATE):
    """The path of the PDF of a letter's context, set on the grid that saves a near-empty
    last page (proposals/composition.py); rendered once per distinct content. Any letter of
    the office on the reply letter's stylesheet: `template` names its HTML."""
    from base.rendering.pdf import lay_out, write_pdf  # imported late: see letter_context

    def html_for(grid):
        return render_to_string(template, {**context, "grid_css": grid.css()})

    def produce():
        _grid, document = composition.compose(html_for, lay_out)
        return write_pdf(document)

    # the stylesheet's own text too: its URL alone in the HTML would keep serving letters
    # laid out by a stylesheet since changed
    stylesheet = Path(finders.find(STYLESHEET)).read_text()
    material = composition.VERSION + stylesheet + html_for(composition.STANDARD)
    return rendered(kind, material, ".pdf", produce)


def letter_pdf(letter):
    """The path of the letter's PDF."""
    return composed_pdf("reply-letters", letter_context(letter))


def latest_letter(proposal, unit=None):
    """The latest letter of the item's lead unit, or of its first unit in split handling, or
    of the unit named as a clerk writes it (湛江市民政局, 市民政局, 民政局: see
    base/organisation/naming.py)."""
    shares = (
        proposal.assignments.live()
        .exclude(role=AssignmentRole.CO)
        .select_related("unit")
        .order_by("role", "unit__rank", "pk")  # lead before split
    )
    if unit:
        try:
            named = UnitNames([share.unit for share in shares]).find(unit)
        except UnitNameError:
            raise NoLetter(
                _("%(item)s没有答复单位“%(unit)s”。") % {"item": proposal.label, "unit": unit}
            ) from None
        shares = [share for share in shares if share.unit_id == named.pk]
    share = next(iter(shares), None)
    letter = share.letters.order_by("-round").first() if share else None
    if letter is None:
        raise NoLetter(_("%(item)s尚无答复函。") % {"item": proposal.label})
    return letter

"""How a sitting (届次) is named in the active language: 市十五届人大五次会议 in Chinese,
"15th Municipal People's Congress, 5th session" in English. Every page, list, export and
publication names a sitting through `sitting`; the reply letter, a Chinese official document,
names it in Chinese whatever the language of the person drafting it."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

DIGITS = "〇一二三四五六七八九"
# the city whose people's congress and CPPCC committee the items come from, as the sittings'
# full names (全称) write it
CITY = "湛江市"


def chinese_count(n):
    """十五, 四, 二十一: how 届 and 次 are written."""
    tens, ones = divmod(n, 10)
    if n < 10:
        return DIGITS[n]
    return f"{DIGITS[tens] if tens > 1 else ''}十{DIGITS[ones] if ones else ''}"


def ordinal(n):
    """1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st, 22nd."""
    if n % 100 in (11, 12, 13):
        return f"{n}th"
    return f"{n}{({1: 'st', 2: 'nd', 3: 'rd'}).get(n % 10, 'th')}"


def npc_sitting(term, session, full=False):
    """A people's congress sitting in Chinese: 市十五届人大五次会议, or in full (the opening
    sentence of a formal text) 湛江市第十五届人民代表大会第五次会议."""
    term, session = chinese_count(term), chinese_count(session)
    if full:
        return f"{CITY}第{term}届人民代表大会第{session}次会议"
    return f"市{term}届人大{session}次会议"


def cppcc_sitting(term, session, full=False):
    """A CPPCC committee sitting in Chinese: 市政协十四届五次会议 (the committee's name comes
    first: it is the committee's sitting, not the city's), or in full
    政协湛江市第十四届委员会第五次会议."""
    term, session = chinese_count(term), chinese_count(session)
    if full:
        return f"政协{CITY}第{term}届委员会第{session}次会议"
    return f"市政协{term}届{session}次会议"


def chinese_sitting(term, session, kind, full=False):
    """The sitting of an item of `kind` in Chinese whatever the active language: what a
    reply letter, a Chinese official document, says."""
    return (npc_sitting if kind == "npc" else cppcc_sitting)(term, session, full)


def sitting(term, session, kind=None):
    """The sitting of a suggestion (kind "npc"), a proposal ("cppcc"), or either (None: the
    term and session alone, as a filter that spans both names them)."""
    chinese = (get_language() or "zh-hans").startswith("zh")
    if chinese and kind in ("npc", "cppcc"):
        return chinese_sitting(term, session, kind)
    count = chinese_count if chinese else ordinal
    numbers = {"term": count(term), "session": count(session)}
    if kind == "npc":
        return _("市%(term)s届人大%(session)s次会议") % numbers
    if kind == "cppcc":
        return _("市政协%(term)s届%(session)s次会议") % numbers
    return _("%(term)s届%(session)s次会议") % numbers

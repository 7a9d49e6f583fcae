"""Finds personal data in Chinese text: ID numbers, phone numbers, e-mail addresses, bank cards,
vehicle plates, street addresses (with the postcode beside them) and people's names.

    find_personal_data(text, names=("陈志强", "李秀英"))
    -> [Finding(kind, start, end, text, confidence), ...]   # in order, never overlapping

Offsets are into `text` as given. Full-width digits, letters and brackets (１３８, （0759）),
dash variants (－ — –) and the ideographic space are read as their ASCII forms, one character
for one, so offsets stay those of the original. Regular expressions propose candidates and
small validators accept or reject them: the ISO 7064 MOD 11-2 check digit, province code and
birth date of ID numbers, Luhn for bank cards, area codes for landlines, the GB 32100 check
of social credit codes. Nothing is looked up over the network.

Where candidates overlap, a confident one (0.5 or more) wins over a doubtful one, then the
longer one (an e-mail address over the mobile number inside it, a bank card over the 11
digits inside it), then the more confident one (an ID number over the same digits read as a
bank card).

kind       confidence  what
id_number  0.99        18 digits (last may be X), valid check digit, real province, born
                       1900-01-01..today; also as 6 8 4 with spaces or dashes
           0.85        15 digits (before 1999): real province, real date 19YYMMDD
           0.4         18 digits, province and date plausible, check digit wrong
mobile     0.95/0.98   1[3-9] and 9 digits; 3-4-4 etc. with spaces or dashes; +86, 0086, (+86)
landline   0.9         0 + area code (010, 02x, 0xxx), 7-8 digits; (0759), +86 759; extension
                       (转801, -801, 分机801)
           0.7         7-8 digits right after 电话/座机/传真/固话, or after a full number
                       (0759-2231856、2231857)
email      0.97
bank_card  0.95/0.85   13-19 digits (or groups of 4) passing Luhn, after 卡号/账号/银行卡…
                       or starting with an issuer's digit (3 4 5 6 9)
plate      0.9         province + letter + 5 (粤G·12345) or new-energy 6 (粤GD12345,
                       粤G12345D); 学/挂/警 plates
address    0.85/0.8    road, street, lane or village + N号, with the districts, towns and
                       the compound, building, unit and room around it
           0.6         a building with unit or room (5栋2单元301室) and nothing in front
postcode   0.8         six digits directly beside a found address
name       0.95        every occurrence of a name in `names`
           0.9         in a table (rows as lines, cells cut at tabs): the names a cell
                       begins with, under a header cell that means a person (PERSON_WORDS:
                       值班人, 姓名, 负责人…) or right of such a label in a form
           0.8         full name before 先生/女士/同志/代表/委员, or after 联系人/附议人/
                       申请人/户名… when the name ends at punctuation
           0.6         surname alone before 先生/女士/代表/委员 (陈先生, 李代表)

Decisions on ambiguous cases (tests/privacy hold the detector to them):

- ID numbers whose check digit is wrong are still reported, doubtful (0.4): a mistyped ID
  number is still somebody's, and the reviewer should see it. If those 18 digits pass Luhn
  they are a bank card instead. Digits after 统一社会信用代码, 纳税人识别号 and the like are
  an organisation's code, never a person's.
- Postcodes are reported only directly beside a found address (before it, or after it with
  at most a separator and 邮编/邮政编码), as kind ``postcode``. A postcode alone covers
  thousands of households and identifies no one, and six digits alone are as often a count;
  beside the address it completes a proposer's contact data, which must not be published.
- Addresses need a house number or a flat: a road without a number, a district, an office
  floor (3楼301室) or a building count (120栋) is no address. An office's street address is
  found like anyone else's; whose it is, the reviewer decides.
- Names without a title, a label or a place in `names` are not found: guessing names from
  surnames alone would flag half of every text. The span of a titled name is the name only
  (陈 of 陈先生). Words that look like a name before a title are excluded by rule (全体代表,
  双方代表, 各位委员, 人大代表, 主任委员, 委员会, 代表团, 有关同志).
- 12345, 110, 120 and other short numbers, dates, amounts, percentages, document numbers
  (湛府办〔2018〕22号), article numbers and unified social credit codes are never findings.
- Out of scope: numbers in Chinese numerals (一三八…), foreign phone numbers, foreign names,
  house numbers in Chinese numerals.

Input must be text: bytes, text containing NUL, text with more than 1 % other control
characters and text over MAX_CHARS are refused with NotTextError (a ValueError) in Chinese.
Every expression has bounded repetition and starts at a token boundary, and each candidate
costs a bounded amount of work, so time grows linearly with the text: about 0.05 s per 100 KB
of mixed text, under 0.1 s per 100 KB for the worst inputs found (bench/privacy_detector.py).
"""

import bisect
import re
from dataclasses import asdict, dataclass
from datetime import date
from functools import lru_cache

KINDS = (
    "id_number",
    "mobile",
    "landline",
    "email",
    "bank_card",
    "plate",
    "address",
    "postcode",
    "name",
)

# 10 million characters (about 30 MB of Chinese) take seconds; more is no document but a dump.
MAX_CHARS = 10_000_000


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    start: int
    end: int
    text: str
    confidence: float

    def as_dict(self):
        return asdict(self)


# --------------------------------------------------------------------------------------------
# validators


_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"
# the first two digits of a resident ID number: provinces, Taiwan, Hong Kong, Macau
PROVINCE_CODES = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 "
    "61 62 63 64 65 71 81 82".split()
)


def id_check_digit(first17):
    """The ISO 7064 MOD 11-2 check character of the first 17 digits of an ID number."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11]


def plausible_birth_date(yyyymmdd, today=None):
    """A real day between 1900-01-01 and today."""
    try:
        born = date(int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:8]))
    except ValueError:
        return False
    return date(1900, 1, 1) <= born <= (today or date.today())


def id_number_confidence(digits, today=None):
    """How sure the 15 or 18 characters are a resident ID number (0 = not one).

    18: 0.99 with a valid check digit, 0.4 with a wrong one (province and date plausible);
    15 (the pre-1999 form, 19YYMMDD without century and check digit): 0.85."""
    if digits[:2] not in PROVINCE_CODES:
        return 0.0
    if len(digits) == 18:
        if not plausible_birth_date(digits[6:14], today):
            return 0.0
        return 0.99 if id_check_digit(digits[:17]) == digits[17].upper() else 0.4
    if len(digits) == 15 and digits.isdigit():
        return 0.85 if plausible_birth_date("19" + digits[6:12], today) else 0.0
    return 0.0


def luhn_valid(digits):
    """The Luhn (mod 10) check that bank card numbers pass."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = ord(char) - 48
        if position % 2:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


_USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def uscc_valid(code):
    """The GB 32100-2015 check of an 18-character unified social credit code."""
    code = code.upper()
    if len(code) != 18 or any(char not in _USCC_CHARS for char in code):
        return False
    total = sum(_USCC_CHARS.index(c) * w for c, w in zip(code[:17], _USCC_WEIGHTS, strict=True))
    return _USCC_CHARS[(31 - total % 31) % 31] == code[17]


# --------------------------------------------------------------------------------------------
# input


class NotTextError(ValueError):
    """The input is not text the detector can read."""


_CONTROL = [chr(c) for c in (*range(1, 9), 0x0E, *range(0x0F, 0x20), 0x7F)]


def check_text(text):
    if isinstance(text, bytes | bytearray | memoryview):
        raise NotTextError("需要文本（str），收到的是字节串：请先按 UTF-8 解码。")
    if not isinstance(text, str):
        raise NotTextError(f"需要文本（str），收到的是 {type(text).__name__}。")
    if len(text) > MAX_CHARS:
        raise NotTextError(f"文本过长：{len(text):,} 个字符，超过上限 {MAX_CHARS:,}；请分段检查。")
    if "\x00" in text:
        raise NotTextError("文本中含有空字符（NUL），像是二进制文件，不是文本。")
    controls = sum(text.count(char) for char in _CONTROL)
    if controls and controls * 100 > len(text):
        raise NotTextError(f"文本中有 {controls} 个控制字符（超过 1%），像是二进制文件，不是文本。")


# Full-width forms and dash variants mapped one character to one character, so that offsets
# in the normalised text are offsets in the original.
_NORMALISE = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_NORMALISE.update({0x3000: 0x20, 0x00A0: 0x20})
_NORMALISE.update({ord(c): ord("-") for c in "‐‑‒–—―−﹣"})
_NORMALISE.update({ord(c): ord("·") for c in "•・‧∙"})


# --------------------------------------------------------------------------------------------
# candidates: each finder yields (start, end, kind, confidence) in the normalised text

_A = re.ASCII
_ORG_CODE_LABEL = re.compile(r"统一社会信用代码|信用代码|组织机构代码|纳税人识别号|税号|注册号")


def _labelled_as_org_code(text, start):
    return _ORG_CODE_LABEL.search(text, max(0, start - 16), start) is not None


_ID18 = re.compile(
    r"(?<![0-9A-Za-z])([0-9]{6})([ \-]?)([0-9]{8})\2([0-9]{3}[0-9Xx])(?![0-9A-Za-z])", _A
)
_ID15 = re.compile(r"(?<![0-9A-Za-z])[0-9]{15}(?![0-9A-Za-z])", _A)


def _id_numbers(text):
    for match in _ID18.finditer(text):
        digits = match[1] + match[3] + match[4]
        confidence = id_number_confidence(digits)
        if confidence and not _labelled_as_org_code(text, match.start()):
            yield match.start(), match.end(), "id_number", confidence
    for match in _ID15.finditer(text):
        confidence = id_number_confidence(match[0])
        if confidence and not _labelled_as_org_code(text, match.start()):
            yield match.start(), match.end(), "id_number", confidence


_SEP = r"(?:[ \-]{1,3})"
_MOBILE = re.compile(
    r"(?<![0-9])"
    r"(?:(?:(?:\+|00)86|\((?:\+|00)?86\)|86(?=[ \-]?1))[ \-]{0,3})?"
    r"1[3-9][0-9]"
    rf"(?:[0-9]{{8}}|{_SEP}[0-9]{{4}}{_SEP}[0-9]{{4}}|{_SEP}[0-9]{{8}}|[0-9]{{4}}{_SEP}[0-9]{{4}}"
    rf"|[0-9]{_SEP}[0-9]{{3}}{_SEP}[0-9]{{4}}|{_SEP}[0-9]{{3}}{_SEP}[0-9]{{5}})"
    r"(?![0-9])",
    _A,
)


def _mobiles(text):
    for match in _MOBILE.finditer(text):
        confidence = 0.98 if match[0][0] in "+(0" or match[0][:2] == "86" else 0.95
        yield match.start(), match.end(), "mobile", confidence


_AREA = r"(?:10|2[0-9]|[3-9][0-9]{2})"  # after the trunk 0: 010, 020–029, 0310–0999
_LOCAL = r"(?:[2-9][0-9]{6,7}|[2-9][0-9]{2,3}[ \-][0-9]{4})"
_EXTENSION = r"(?:[ ]?(?:转|分机号?|[Ee][Xx][Tt]\.?|[xX]|-)[ ]?[0-9]{1,6})?"
_LANDLINE = re.compile(
    r"(?<![0-9+])"
    r"(?:(?:\+|00)86[ \-]{0,3}(?:\(0?" + _AREA + r"\)|0?" + _AREA + r")[ \-]{0,3}"
    r"|\(0" + _AREA + r"\)[ \-]{0,3}"
    r"|0" + _AREA + r"[ \-]{0,3})" + _LOCAL + _EXTENSION + r"(?![0-9])",
    _A,
)
_LABELLED_LOCAL = re.compile(
    r"(?:电话|座机|传真|固话)(?:号码)?[ ]{0,2}:?[ ]{0,2}([2-9][0-9]{6,7}"
    + _EXTENSION
    + r")(?![0-9])"
)
# a second number of the same exchange after a full one: 0759-2231856、2231857
_FOLLOWING_LOCAL = re.compile(r"(?:[、/]|或|及)[ ]?([2-9][0-9]{6,7})(?![0-9])")


def _landlines(text):
    for match in _LANDLINE.finditer(text):
        yield match.start(), match.end(), "landline", 0.9
        following = _FOLLOWING_LOCAL.match(text, match.end())
        if following:
            yield following.start(1), following.end(1), "landline", 0.7
    for match in _LABELLED_LOCAL.finditer(text):
        yield match.start(1), match.end(1), "landline", 0.7


_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}"
    r"@(?:[A-Za-z0-9\-]{1,63}\.){1,6}[A-Za-z]{2,24}(?![A-Za-z0-9\-])",
    _A,
)


def _emails(text):
    for match in _EMAIL.finditer(text):
        yield match.start(), match.end(), "email", 0.97


_CARD = re.compile(
    r"(?<![0-9A-Za-z])(?<![0-9][ \-])"
    r"(?:[0-9]{13,19}|[0-9]{4}(?:[ \-][0-9]{4}){2,3}(?:[ \-][0-9]{1,4})?)"
    r"(?![0-9A-Za-z])",
    _A,
)
_CARD_LABEL = re.compile(r"卡号|账号|帐号|账户|帐户|银行卡|开户|借记卡|信用卡|社保卡")


def _bank_cards(text):
    for match in _CARD.finditer(text):
        digits = match[0].replace(" ", "").replace("-", "")
        if not 13 <= len(digits) <= 19 or not luhn_valid(digits):
            continue
        if len(digits) == 15 and id_number_confidence(digits):
            continue  # the old ID number form; 15-digit bank cards are rare here
        if len(digits) == 18 and uscc_valid(digits) or _labelled_as_org_code(text, match.start()):
            continue
        labelled = _CARD_LABEL.search(text, max(0, match.start() - 12), match.start())
        if labelled:
            yield match.start(), match.end(), "bank_card", 0.95
        elif digits[0] in "34569":  # UnionPay 62, Visa 4, Mastercard 5, JCB/Amex 3x, old 9
            yield match.start(), match.end(), "bank_card", 0.85


_PLATE = re.compile(
    r"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-Z][·.\- ]?"
    r"(?:[DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF]|[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳])"
    r"(?![A-Za-z0-9])"
)


def _plates(text):
    for match in _PLATE.finditer(text):
        serial = match[0][-5:]
        # an ordinary plate has at most two letters among its last five; new-energy plates
        # (6 after the city letter) match the first two alternatives
        if sum(char.isdigit() for char in serial) >= 3:
            yield match.start(), match.end(), "plate", 0.9


# --- addresses ------------------------------------------------------------------------------


def _is_han(char):
    return "\u4e00" <= char <= "\u9fff" or "\u3400" <= char <= "\u4dbf"


# a road, street, lane or village with a house number
_STREET = re.compile(
    r"(?:大道|大街|胡同|路|街|巷|弄|里|村)"
    r"(?:[东南西北中]段?|[一二三四五六七八九十]{1,3}(?:横|巷|弄|街|路|里)?|[0-9]{1,3}(?:横巷|巷|弄|横|里))?"
    r"[0-9]{1,5}(?:[\-之][0-9]{1,4})?号(?:之[0-9一二三四五六七八九十]{1,3}|院|楼)?(?![线文令窗机])"
)
_COMPOUND = r"(?:小区|花园|大厦|公寓|苑|园|宿舍|新村|家园|大院|广场|华庭|山庄|公馆|花城|名都)"
_ROOM = r"(?:室|房|号房)"
_NOT_A_ROOM = r"(?![0-9]|户|人|个|元|万|平|套|间|米|辆|家|名|次|年|月|日|亿|多|余|栋|幢)"
_BUILDING = (
    r"(?:(?:[0-9]{1,4}|[A-Z])(?:栋|幢|座|号楼)(?:[0-9]{1,3}单元)?(?:[0-9]{1,3}[楼层])?"
    rf"(?:[0-9]{{1,5}}{_ROOM}|[0-9]{{2,5}}{_NOT_A_ROOM})?"
    rf"|[0-9]{{1,3}}单元(?:[0-9]{{1,5}}{_ROOM}|[0-9]{{2,5}}{_NOT_A_ROOM})?"
    rf"|[0-9]{{1,5}}{_ROOM}"
    rf"|[0-9]{{1,3}}[楼层](?:[0-9]{{1,5}}{_ROOM})?)"
)
# what may follow the house number: compound, building, unit, floor, room
_TAIL = re.compile(
    rf"(?:(?:(?![的在于和与及旁边对面附近])[\u4e00-\u9fff]){{0,8}}?{_COMPOUND})?{_BUILDING}"
)
# a building with a unit or a room, without a street in front
_FLAT = re.compile(
    rf"(?<![0-9A-Za-z])(?:[0-9]{{1,4}}|[A-Z])(?:栋|幢|座)"
    rf"(?:[0-9]{{1,3}}单元(?:[0-9]{{1,3}}[楼层])?(?:[0-9]{{1,5}}{_ROOM}|[0-9]{{2,5}}{_NOT_A_ROOM})?"
    rf"|(?:[0-9]{{1,3}}[楼层])?[0-9]{{1,5}}{_ROOM})"
    rf"|(?<![0-9A-Za-z栋幢座])[0-9]{{1,3}}单元[0-9]{{1,5}}{_ROOM}"
)
_COMPOUND_END = re.compile(_COMPOUND + r"$")

# Administrative units in front of a street: their marker, longest first
_ADMIN_MARKERS = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "开发区",
    "村委会",
    "居委会",
    "街道",
    "社区",
    "新区",
    "岛",
)
_ADMIN_CHARS = "省市区县镇乡旗"
# names of units whose length is not two characters, and the local ones
_PLACE_NAMES = frozenset(
    (
        "黑龙江 内蒙古 新疆维吾尔 广西壮族 宁夏回族 西藏 香港 澳门 "
        "北京 天津 上海 重庆 河北 山西 辽宁 吉林 江苏 浙江 安徽 福建 江西 山东 河南 湖北 "
        "湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 广西 宁夏 新疆 "
        "广州 深圳 珠海 汕头 佛山 韶关 湛江 肇庆 江门 茂名 惠州 梅州 汕尾 河源 阳江 清远 "
        "东莞 中山 潮州 揭阳 云浮 赤坎 霞山 坡头 麻章 遂溪 徐闻 廉江 雷州 吴川 "
        "湛江经济技术 奋勇高新"
    ).split()
)
_PLACE_NAME_LENGTHS = sorted({len(name) for name in _PLACE_NAMES}, reverse=True)
# words in front of a unit that are no part of its name (本市, 我区, 全省)
_NOT_PLACE_NAMES = set("本我全该各此其外当原")
# characters that end a road or compound name to the left
_STOP_CHARS = set("在于住址至到往从经沿即是为的将把被了与及或请由向对给让和跟同位近旁号室栋幢")
_STOP_WORDS = frozenset(
    ("位于", "居住", "住在", "家住", "现住", "地址", "住址", "门牌", "地处", "坐落")
)
_ORDINAL = set("一二三四五六七八九十东南西北中横新")


_MARKER_ENDS = {marker[-1] for marker in _ADMIN_MARKERS}


def _admin_marker_before(text, position):
    """The administrative marker ending at `position`, or ''."""
    if position <= 0:
        return ""
    last = text[position - 1]
    if last in _MARKER_ENDS:
        for marker in _ADMIN_MARKERS:
            if text.startswith(marker, position - len(marker)):
                return marker
    return last if last in _ADMIN_CHARS else ""


def _is_stop(text, index):
    """Whether the character at `index` ends a name to its right (a stop character, or the
    end of a two-character stop word)."""
    return text[index] in _STOP_CHARS or text[max(index - 1, 0) : index + 1] in _STOP_WORDS


def _name_start(text, end, longest, fallback):
    """Where a road or compound name ending at `end` starts: at the nearest boundary (an
    administrative unit, a stop word, no Chinese character) within `longest` characters,
    else `fallback` characters back (plus one for a direction or ordinal: 解放西, 中山一)."""
    for length in range(longest + 1):
        index = end - length
        if index == 0:
            return 0
        char = text[index - 1]
        if not _is_han(char) or _is_stop(text, index - 1) or _admin_marker_before(text, index):
            return index
    start = end - fallback
    if text[end - 1] in _ORDINAL:
        start -= 1
    return max(start, 0)


def _admin_chain_start(text, start):
    """Moves `start` left over the administrative units in front of it (赤坎区, 湛江市,
    广东省, 徐城街道), as far as they go."""
    for _ in range(6):
        marker = _admin_marker_before(text, start)
        if not marker:
            break
        name_end = start - len(marker)
        known = next(
            (
                text[name_end - n : name_end]
                for n in _PLACE_NAME_LENGTHS
                if n <= name_end and text[name_end - n : name_end] in _PLACE_NAMES
            ),
            "",
        )
        if not known and name_end > 0 and text[name_end - 1] in _ADMIN_CHARS:
            start = name_end  # 湛江市开发区: the 开发区 of the 市 in front
            continue
        length = len(known) or 2
        name_start = name_end - length
        if (
            name_start < 0
            or not known
            and not all(
                _is_han(text[i]) and not _is_stop(text, i) for i in range(name_start, name_end)
            )
        ):
            break
        if text[name_start] in _NOT_PLACE_NAMES or text[name_end - 1] in _NOT_PLACE_NAMES:
            break
        start = name_start
    return start


_POSTCODE_AFTER = re.compile(r"[ ,、;(]{0,3}(?:邮编|邮政编码)?:?[ ]{0,2}([0-8][0-9]{5})(?![0-9])")
_POSTCODE_BEFORE = re.compile(r"(?<![0-9])([0-8][0-9]{5})[ ]{1,2}$")


def _postcodes(text, start, end):
    after = _POSTCODE_AFTER.match(text, end)
    if after:
        yield after.start(1), after.end(1), "postcode", 0.8
    before = _POSTCODE_BEFORE.search(text, max(0, start - 8), start)
    if before:
        yield before.start(1), before.end(1), "postcode", 0.8


def _addresses(text):
    """Streets with a house number, then flats (building and unit or room) without one; a
    flat inside a street's tail loses to the longer street in _resolve."""
    for match in _STREET.finditer(text):
        road_start = _name_start(text, match.start(), longest=4, fallback=2)
        if road_start == match.start():
            continue  # a bare 路12号 or 村3号: no road name in front
        start = _admin_chain_start(text, road_start)
        end = match.end()
        tail = _TAIL.match(text, end)
        if tail:
            end = tail.end()
        confidence = 0.85 if start < road_start or tail else 0.8
        yield start, end, "address", confidence
        yield from _postcodes(text, start, end)
    for match in _FLAT.finditer(text):
        before = text[max(0, match.start() - 6) : match.start()]
        compound = _COMPOUND_END.search(before)
        if compound:
            name_end = match.start()
            compound_start = name_end - (len(before) - compound.start())
            start = _name_start(text, compound_start, longest=6, fallback=2)
            start = _admin_chain_start(text, start)
            confidence = 0.85
        else:
            start, confidence = match.start(), 0.6
        yield start, match.end(), "address", confidence
        yield from _postcodes(text, start, match.end())


# --- names ----------------------------------------------------------------------------------

# common surnames; the ones that are also everyday words next to a title (全体代表, 时代,
# 向代表反馈, 党代表, 区代表) are left out
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左"
    "柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝游辛靳管柴蒙鲍华喻祁蒲房滕屈饶"
    "解牟艾尤阳穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景宫费卜冷晏卫米柏宗瞿桂佟应臧闵苟邬边卞姬"
    "仇栾隋刁沙荣巫寇桑郎甄丛仲虞敖巩佘池查麻苑迟邝封谈匡鞠惠荆乐冀郁胥班储栗燕楚鄢劳谌奚皮粟"
    "冼蔺伊仝郜阚屠豆朴盖练廉禹井祖漆巴丰卿狄宣晋芮扈晁阙浦戈伏鹿薄邸雍辜羊裘亓邰赫杭况宿鲜逯"
    "隆茹诸慕危嵇湛宾戎勾茅揭尉冶檀昝奉植衡尧黎赖洪傅萧阎"
)
COMPOUND_SURNAMES = frozenset(
    "欧阳 司马 上官 诸葛 司徒 东方 皇甫 尉迟 公孙 慕容 长孙 令狐 夏侯 端木 独孤 宇文".split()
)
# surnames that are also common words before 先生/代表/委员 on their own (方: 双方代表)
_SHAKY_SURNAMES = set("文安成常关方江华阳简车项乐万甘宁曲单")
# characters that do not occur in given names but do in words before a title
_NOT_GIVEN = set(
    "的了是在和与及等位们个名些体级届次人会委协代团组各全该本这那其每请向对给为由被把将并也都"
    "还又就市省区县镇乡村府局厅部办处科室务员业界方属席职工队长主干作表议党政联侨商校院所站"
)
# what may stand right before a surname used alone (陈先生, 市民陈先生, 与李代表)
_BEFORE_LONE_SURNAME = set(
    "与和向对给请致的是由同跟及系民户主者属姐哥了在将把被让叫称经据、。,:;( \n"
)
# words that end in a surname (主任委员, 双方代表)
_ENDS_LIKE_SURNAME = {"主任", "对方", "双方", "各方", "甲方", "乙方", "主席"}
# words that are no part of a name before it (向陈志强代表)
_NAME_STOP = set("向与和同由经对给为请及将把被让是在的了致")
_TITLES = re.compile(
    r"(?:先生|女士|同志|代表(?!团|性|作|处|队|大会|人|名额)|委员(?!会|长|制))(?!们)"
)
_LABELS = re.compile(
    r"(?:联系人|领衔人|提出人|附议人|建议人|提案人|经办人|承办人|来信人|反映人|申请人|当事人|收件人"
    r"|收款人|开户人"
    r"|投诉人|举报人|委托人|代理人"
    r"|户名|姓名)(?:及(?:联系)?(?:电话|方式))?[ ]{0,2}:?[ ]{0,2}"
)


def _is_full_name(candidate):
    if len(candidate) >= 3 and candidate[:2] in COMPOUND_SURNAMES:
        given = candidate[2:]
    elif candidate[0] in SURNAMES:
        given = candidate[1:]
    else:
        return False
    return 1 <= len(given) <= 2 and all(_is_han(c) and c not in _NOT_GIVEN for c in given)


def _titled_names(text):
    for match in _TITLES.finditer(text):
        end = match.start()
        found = None
        for length in (4, 3, 2):
            start = end - length
            candidate = text[max(start, 0) : end]
            if start < 0 or not _is_full_name(candidate):
                continue
            if length < 4 and text[start] in _NAME_STOP:
                continue
            found = start, end, "name", 0.8
            break
        if found is None and match[0] != "同志" and end >= 1:
            surname, before = text[end - 1], text[end - 2] if end >= 2 else " "
            if (
                surname in SURNAMES
                and surname not in _SHAKY_SURNAMES
                and (before in _BEFORE_LONE_SURNAME or not _is_han(before))
                and before + surname not in _ENDS_LIKE_SURNAME
            ):
                found = end - 1, end, "name", 0.6
        if found:
            yield found


def _labelled_names(text):
    for match in _LABELS.finditer(text):
        position = match.end()
        for _ in range(20):
            end = position
            while end < len(text) and end - position < 5 and _is_han(text[end]):
                end += 1
            candidate = text[position:end]
            if not 2 <= len(candidate) <= 4 or (end < len(text) and _is_han(text[end])):
                break
            if not _is_full_name(candidate):
                break
            yield position, end, "name", 0.8
            if end < len(text) and text[end] == "、":
                position = end + 1
            else:
                break


# What a table's header or a form's label says of the cells below or beside it: a person.
PERSON_WORDS = (
    "姓名 名字 值班人 值班人员 值班领导 带班领导 带班人 联系人 负责人 责任人 经办人 承办人 "
    "申请人 当事人 投诉人 举报人 委托人 代理人 收件人 寄件人 收款人 领款人 填表人 制表人 "
    "审核人 审批人 签收人 登记人 户主 家属 家庭成员 监护人 法定代表人 户名 值班员"
).split()
_PERSON_LABEL = re.compile(
    r"(?:" + "|".join(sorted(PERSON_WORDS, key=len, reverse=True)) + r")"
    r"(?:姓名)?(?:[(][^()]{0,8}[)])?:?"
)
_CELL_SPACES = re.compile(r"[ \u3000]+")
# several names in one cell: 李文涛、陈晓燕 / 李文涛 陈晓燕
_CELL_NAME = re.compile(r"\([^()]{0,12}\)|[^\s、,;/()]+")


def _is_person_label(cell):
    return _PERSON_LABEL.fullmatch(_CELL_SPACES.sub("", cell)) is not None


def _rows(text):
    """[(line start, [(cell start, cell text), ...])] of each line, cells cut at tabs; a
    blank line is None (a table ends there)."""
    position = 0
    for line in text.split("\n"):
        if not line.strip():
            yield None
        else:
            cells, start = [], position
            for cell in line.split("\t"):
                cells.append((start, cell))
                start += len(cell) + 1
            yield cells
        position += len(line) + 1


def _names_in_cell(start, cell):
    """The names a cell begins with (李文涛、陈晓燕; 李文涛 13800138000; 陈晓燕(组长)): a
    cell that starts with other words (市林业局) is no name."""
    if len(cell) > 40:
        return
    for piece in _CELL_NAME.finditer(cell):
        if piece[0].startswith("("):
            continue  # a remark on the name before it: (组长)
        if _is_full_name(piece[0]):
            yield start + piece.start(), start + piece.end(), "name", 0.9
        elif any(_is_han(char) for char in piece[0]):
            return


def _table_names(text):
    """Names in the cells of a table (rows as lines, cells cut at tabs, as attachments reads
    worksheets and Word tables): under a header cell that means a person, and right of such a
    label in a form (姓名 | 李文涛). Only cells that are nothing but names count."""
    if "\t" not in text:
        return
    person_columns = set()
    for cells in _rows(text):
        if cells is None:
            person_columns = set()
            continue
        labels = {column for column, (_s, cell) in enumerate(cells) if _is_person_label(cell)}
        for column, (start, cell) in enumerate(cells):
            if column in labels:
                continue
            if column in person_columns or column - 1 in labels:
                yield from _names_in_cell(start, cell)
        person_columns |= labels


@lru_cache(maxsize=64)
def _names_pattern(names):
    wanted = sorted({n.strip() for n in names if len(n.strip()) >= 2}, key=len, reverse=True)
    if not wanted:
        return None
    return re.compile("|".join(re.escape(name) for name in wanted))


def _listed_names(text, names):
    pattern = _names_pattern(tuple(name.translate(_NORMALISE) for name in names))
    if pattern is not None:
        for match in pattern.finditer(text):
            yield match.start(), match.end(), "name", 0.95


# --------------------------------------------------------------------------------------------


def _resolve(candidates):
    """Non-overlapping findings: confident before doubtful, then longer, then more sure."""
    ordered = sorted(
        candidates, key=lambda c: (c[3] < 0.5, -(c[1] - c[0]), -c[3], KINDS.index(c[2]), c[0])
    )
    starts, ends, kept = [], [], []
    for candidate in ordered:
        start, end = candidate[0], candidate[1]
        index = bisect.bisect_left(starts, start)
        if index > 0 and ends[index - 1] > start:
            continue
        if index < len(starts) and starts[index] < end:
            continue
        starts.insert(index, start)
        ends.insert(index, end)
        kept.insert(index, candidate)
    return kept


def find_personal_data(text, *, names=()):
    """The personal data in `text`, in order of position, as non-overlapping Findings.

    `names` are people's names to find wherever they occur (the proposers of an item, say).
    Raises NotTextError (a ValueError) for input that is not text."""
    check_text(text)
    if isinstance(names, str):
        names = [names]
    plain = text.translate(_NORMALISE)
    candidates = [
        *_id_numbers(plain),
        *_mobiles(plain),
        *_landlines(plain),
        *_emails(plain),
        *_bank_cards(plain),
        *_plates(plain),
        *_addresses(plain),
        *_titled_names(plain),
        *_labelled_names(plain),
        *_table_names(plain),
        *_listed_names(plain, tuple(names)),
    ]
    return [
        Finding(kind, start, end, text[start:end], confidence)
        for start, end, kind, confidence in _resolve(candidates)
    ]

"""Redaction (去标识化): what the public reads in place of personal data.

`published_text(obj, field, text, names=())` is the one door between an internal text and
anything public: every publication builder passes each text through it. It returns `text`
with

- every finding of the detector at least CONFIDENT (0.5) sure masked, unless a reviewer
  kept it;
- every finding a reviewer masked, whatever its confidence;
- every span a reviewer marked (`mark`).

Until a reviewer has decided, a confident finding is masked: the default is to hide, never
to leak. The original stays where it is, internal.

Decisions are tied to the text they were made on. Each one stores its span's characters and
the CONTEXT_CHARS characters on either side; in the text given here it counts where the same
characters stand next to the same neighbours on at least one side: at the place it was made
if that still holds, else where the text moved them (an edit above, the parts a partial
disclosure releases). A kept finding counts only where that place is unambiguous; a marked
span counts wherever it is found that way, since masking too much is the safe error.
Decisions that are found nowhere are dropped for that text: after an edit a reviewer sees
those findings open again. (They stay stored: one field may be published as more than one
text, a reply's body and the part of it a partial disclosure releases.)

Masks (`mask(kind, text)`): 138****8000, 0759-*****56, 440***********1234,
6222 **** **** 1234, c***@example.com, 粤G·****5, 湛江市赤坎区×××, ×××.
"""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from base import audit
from base.privacy.detector import find_personal_data
from base.privacy.models import CONTEXT_CHARS, Decision, Kind, RedactionDecision, Source
from base.text import enumerate_items

# a finding at least this confident is masked unless a reviewer keeps it
CONFIDENT = 0.5
# an undecided finding at least this confident needs an explicit override to be published
HIGH = 0.9

KIND_LABELS = dict(Kind.choices)


# --------------------------------------------------------------------------------------------
# masks


def _is_digit(char):
    return char.isdigit() or char in "Xx"


def _mask_digits(text, head, tail, national=None):
    """Keeps the first `head` and last `tail` digits (of the last `national` digits, when
    given: a country code in front stays) and stars the others; separators stay."""
    positions = [i for i, char in enumerate(text) if _is_digit(char)]
    if national and len(positions) > national:
        positions = positions[-national:]
    if len(positions) <= head + tail:  # too short for the usual form: the last two at most
        head, tail = 0, min(2, len(positions) // 3)
    hidden = set(positions[head : len(positions) - tail])
    return "".join("*" if i in hidden else char for i, char in enumerate(text))


_FULLWIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_COUNTRY = re.compile(r"\s*\(?\s*(\+|00)86")


def _mask_landline(text):
    """The country and area codes stay, the number's last two digits stay: 0759-*****56."""
    plain = text.translate(_FULLWIDTH)
    positions = [i for i, char in enumerate(plain) if char.isdigit()]
    digits = "".join(plain[i] for i in positions)
    country = _COUNTRY.match(plain)
    if country:
        area_at = 4 if country[1] == "00" else 2
        area_at += digits[area_at : area_at + 1] == "0"
    else:
        area_at = 1 if digits.startswith("0") else None
    keep = 0
    if area_at is not None:
        keep = area_at + (2 if digits[area_at : area_at + 1] in ("1", "2") else 3)
    if len(digits) - keep < 5:  # no full number behind it: hide all but the last two
        keep = 0
    kept = set(positions[:keep]) | set(positions[-2:])
    return "".join(
        "*" if char.isdigit() and i not in kept else text[i] for i, char in enumerate(plain)
    )


def _mask_email(text):
    local, at, domain = text.partition("@")
    if not at:
        return "×××"
    return f"{local[:1]}***@{domain}"


def _mask_plate(text):
    """粤G·12345 → 粤G·****5: the issuing province and city stay."""
    head, rest = text[:2], text[2:]
    serial = [i for i, char in enumerate(rest) if char.isalnum()]
    hidden = set(serial[:-1])
    return head + "".join("*" if i in hidden else char for i, char in enumerate(rest))


# the administrative units in front of an address (广东省湛江市赤坎区), which identify no one;
# a compound (金沙湾小区) or community (社区) is not one of them
_ADMIN_PREFIX = re.compile(
    r"^(?:[\u4e00-\u9fff]{1,8}?(?:特别行政区|自治区|自治州|自治县|省|市|县|旗|(?<![小社园校营])区))+"
)


def _mask_address(text):
    prefix = _ADMIN_PREFIX.match(text)
    kept = prefix[0] if prefix and prefix.end() < len(text) else ""
    return f"{kept}×××"


def mask(kind, text):
    """What the public reads instead of `text`, a piece of personal data of `kind`."""
    if not text:
        return text
    if kind == Kind.NAME:
        return "×××"
    if kind == Kind.ADDRESS:
        return _mask_address(text)
    if kind == Kind.EMAIL:
        return _mask_email(text)
    if kind == Kind.MOBILE:
        return _mask_digits(text, 3, 4, national=11)
    if kind == Kind.LANDLINE:
        return _mask_landline(text)
    if kind == Kind.ID_NUMBER:
        return _mask_digits(text, 3, 4)
    if kind == Kind.BANK_CARD:
        return _mask_digits(text, 4, 4)
    if kind == Kind.PLATE:
        return _mask_plate(text)
    if kind == Kind.POSTCODE:
        return "".join("*" if char.isdigit() else char for char in text)
    return "×××"  # a span marked by hand, or spans of several kinds run together


# --------------------------------------------------------------------------------------------
# decisions found again in a text


def context_of(text, start, end):
    return text[max(0, start - CONTEXT_CHARS) : start], text[end : end + CONTEXT_CHARS]


def _neighbours_match(decision, text, start, end):
    """Whether the characters on at least one side of [start, end) are those the decision
    was made next to."""
    before, after = decision.before, decision.after
    if len(before) < CONTEXT_CHARS:  # the span stood near the beginning of its text
        before_ok = text[:start] == before
    else:
        before_ok = start >= len(before) and text[start - len(before) : start] == before
    if len(after) < CONTEXT_CHARS:  # and near the end
        after_ok = text[end:] == after
    else:
        after_ok = text[end : end + len(after)] == after
    return before_ok or after_ok


def locate(decision, text):
    """Where `decision` stands in `text`: a list of (start, end), empty if nowhere.

    A place counts where the decision's characters stand with the same neighbours on at
    least one side; the place it was made at wins over others. A kept finding needs one
    place; a mask covers every place that counts."""
    span, places = decision.text, []
    position = text.find(span)
    while position >= 0:
        if _neighbours_match(decision, text, position, position + len(span)):
            places.append((position, position + len(span)))
        position = text.find(span, position + 1)
    if (decision.start, decision.end) in places:
        return [(decision.start, decision.end)]
    if decision.decision == Decision.KEEP and len(places) != 1:
        return []
    return places


# --------------------------------------------------------------------------------------------
# the state of one text


class State:
    OPEN = "open"  # undecided, masked by default
    DOUBTFUL = "doubtful"  # undecided, below CONFIDENT: shown by default
    MASKED = "masked"  # a reviewer masked it (or marked a span covering it)
    KEPT = "kept"  # a reviewer kept it
    MARKED = "marked"  # a span a reviewer marked


@dataclass(frozen=True)
class Item:
    """One finding or marked span of a text, as the reviewer sees it."""

    kind: str
    start: int
    end: int
    text: str
    confidence: float | None
    source: str
    state: str
    decision: RedactionDecision | None = None

    @property
    def kind_label(self):
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def masked(self):
        return self.state in (State.OPEN, State.MASKED, State.MARKED)

    @property
    def shown(self):
        """What the public reads at this place."""
        return mask(self.kind, self.text) if self.masked else self.text

    @property
    def open(self):
        return self.state in (State.OPEN, State.DOUBTFUL)

    @property
    def open_high(self):
        return self.state == State.OPEN and self.confidence >= HIGH

    @property
    def level(self):
        """高 / 中 / 低, as the page shows confidence."""
        if self.confidence is None:
            return ""
        if self.confidence >= HIGH:
            return _("高")
        return _("中") if self.confidence >= CONFIDENT else _("低")

    def as_audit(self, field_name):
        """What the audit log keeps of it: never the personal data itself."""
        return {
            "field": field_name,
            "kind": self.kind,
            "start": self.start,
            "end": self.end,
            "confidence": self.confidence,
            "masked": mask(self.kind, self.text),
        }


@dataclass
class Assessment:
    """A text with its findings, the decisions found in it and what the public reads."""

    text: str
    findings: list = field(default_factory=list)  # Items of the detector's findings
    marked: list = field(default_factory=list)  # Items of the spans reviewers marked
    masked: list = field(default_factory=list)  # (start, end, kind) to mask

    @property
    def items(self):
        return sorted(self.findings + self.marked, key=lambda item: (item.start, -item.end))

    @property
    def open_high(self):
        return [item for item in self.findings if item.open_high]

    @property
    def published(self):
        spans = sorted(self.masked)
        merged = []
        for start, end, kind in spans:
            if merged and start < merged[-1][1]:
                last_start, last_end, last_kind = merged[-1]
                same = (start, end) == (last_start, last_end) and kind == last_kind
                merged[-1] = (last_start, max(end, last_end), last_kind if same else Kind.OTHER)
            else:
                merged.append((start, end, kind))
        out, cursor = [], 0
        for start, end, kind in merged:
            out.append(self.text[cursor:start])
            out.append(mask(kind, self.text[start:end]))
            cursor = end
        out.append(self.text[cursor:])
        return "".join(out)


def assess(obj, field_name, text, names=(), decisions=None):
    """The findings of `text` (the value of `obj.<field_name>`, or a text published in its
    name) and the reviewers' decisions on it."""
    text = text or ""
    if decisions is None:
        decisions = RedactionDecision.of(obj, field_name).select_related("decided_by")
    assessment = Assessment(text)
    if not text:
        return assessment
    on_findings, marks = {}, {}
    for decision in decisions:  # oldest first: a later decision on the same span wins
        for place in locate(decision, text):
            (marks if decision.source == Source.MARKED else on_findings)[place] = decision
    findings = find_personal_data(text, names=tuple(names or ()))
    found_places = set()
    for finding in findings:
        place = (finding.start, finding.end)
        found_places.add(place)
        decision = on_findings.get(place)
        cover = next((d for (s, e), d in marks.items() if s <= place[0] and place[1] <= e), None)
        if cover is not None:
            state, decision = State.MASKED, cover
        elif decision is not None:
            state = State.MASKED if decision.decision == Decision.MASK else State.KEPT
        else:
            state = State.OPEN if finding.confidence >= CONFIDENT else State.DOUBTFUL
        item = Item(
            finding.kind,
            finding.start,
            finding.end,
            finding.text,
            finding.confidence,
            Source.FINDING,
            state,
            decision,
        )
        assessment.findings.append(item)
        if item.masked:
            assessment.masked.append((item.start, item.end, item.kind))
    # a finding a reviewer masked stays masked when the detector no longer reports it there
    for (start, end), decision in on_findings.items():
        if (start, end) not in found_places and decision.decision == Decision.MASK:
            assessment.masked.append((start, end, decision.kind))
    for (start, end), decision in sorted(marks.items()):
        assessment.marked.append(
            Item(
                decision.kind,
                start,
                end,
                text[start:end],
                None,
                Source.MARKED,
                State.MARKED,
                decision,
            )
        )
        assessment.masked.append((start, end, decision.kind))
    return assessment


def published_text(obj, field, text, names=()):
    """`text` (the value of `obj.field`, or the part of it that is released) as it may be
    published: confident findings masked unless kept, reviewers' masks and marks applied.

    `names` are people's names to find wherever they occur (an item's proposers); pass the
    same names the review page used."""
    if not text:
        return text
    return assess(obj, field, text, names).published


# --------------------------------------------------------------------------------------------
# texts to review and publish


@dataclass(frozen=True)
class PublishedText:
    """One text as it will be published: `key` names it on the review page, `obj` and
    `field` are what `published_text` is called with."""

    key: str
    obj: object
    field: str
    label: str
    text: str
    names: tuple = ()

    def assess(self):
        return assess(self.obj, self.field, self.text, self.names)


def open_high_findings(texts):
    """[(PublishedText, Item)] of the undecided findings at least HIGH sure."""
    return [(text, item) for text in texts for item in text.assess().open_high]


def override_details(open_findings):
    return [item.as_audit(text.field) for text, item in open_findings]


def override_problems(open_findings, override_reason, tick=None):
    """Deciding to publish while high-confidence findings are undecided needs a reason.
    `tick` is the label of the page's override box ("仍然决定" unless the page says)."""
    if not open_findings or (override_reason or "").strip():
        return []
    kinds = []
    for _text, item in open_findings:
        if item.kind_label not in kinds:
            kinds.append(item.kind_label)
    return [
        _(
            "尚有%(n)d处高可信度的个人信息（%(kinds)s）未处理：请逐项选择“遮盖”或“保留”；"
            "确需先行办理的，请勾选“%(tick)s”并写明理由。"
        )
        % {"n": len(open_findings), "kinds": enumerate_items(kinds), "tick": tick or _("仍然决定")}
    ]


def record_override(person, obj, open_findings, reason):
    """The audit entry of a decision taken while high-confidence findings were open."""
    if open_findings:
        audit.record(
            person,
            "privacy.override",
            obj,
            reason=reason.strip(),
            findings=override_details(open_findings),
        )


# --------------------------------------------------------------------------------------------
# recording decisions


def _same_place(obj, field_name, text, start, end, source):
    """The decisions that stand at [start, end) of `text` now, of the given source."""
    return [
        decision
        for decision in RedactionDecision.of(obj, field_name).filter(source=source)
        if (start, end) in locate(decision, text)
    ]


def _create(person, obj, field_name, text, start, end, kind, source, decision, confidence):
    from django.contrib.contenttypes.models import ContentType

    before, after = context_of(text, start, end)
    return RedactionDecision.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        field=field_name,
        start=start,
        end=end,
        text=text[start:end],
        before=before,
        after=after,
        kind=kind,
        confidence=confidence,
        source=source,
        decision=decision,
        decided_by=person,
    )


@transaction.atomic
def decide(person, obj, field_name, text, start, end, decision, names=()):
    """A reviewer masks or keeps the finding at [start, end) of `text`. Raises ValueError
    when there is no finding there (the text changed since the reviewer saw it)."""
    if decision not in Decision.values:
        raise ValueError(_("无效的处理方式。"))
    findings = find_personal_data(text, names=tuple(names))
    finding = next((f for f in findings if (f.start, f.end) == (start, end)), None)
    if finding is None:
        raise ValueError(_("该处已不是识别出的个人信息（内容可能已被修改），请刷新页面后再处理。"))
    for earlier in _same_place(obj, field_name, text, start, end, Source.FINDING):
        earlier.delete()
    made = _create(
        person, obj, field_name, text, start, end, finding.kind, Source.FINDING, decision,
        finding.confidence,
    )  # fmt: skip
    audit.record(
        person,
        f"privacy.{decision}",
        obj,
        field=field_name,
        kind=finding.kind,
        start=start,
        end=end,
        confidence=finding.confidence,
        masked=mask(finding.kind, finding.text),
    )
    return made


@transaction.atomic
def decide_all(person, texts, kind, words, decision):
    """Masks or keeps every finding of `kind` reading exactly `words` in `texts`
    (PublishedTexts): a proposer's name wherever it stands, say. Returns how many."""
    done = 0
    for text in texts:
        for item in text.assess().findings:
            if item.kind == kind and item.text == words and item.source == Source.FINDING:
                if item.decision is None or item.decision.decision != decision:
                    decide(person, text.obj, text.field, text.text, item.start, item.end,
                           decision, text.names)  # fmt: skip
                    done += 1
    return done


@transaction.atomic
def mark(person, obj, field_name, text, spans, kind=Kind.OTHER):
    """A reviewer marks spans [(start, end)] of `text` to be masked."""
    made = []
    for start, end in spans:
        if not 0 <= start < end <= len(text):
            raise ValueError(_("标记的范围超出了文字。"))
        if _same_place(obj, field_name, text, start, end, Source.MARKED):
            continue
        made.append(
            _create(person, obj, field_name, text, start, end, kind, Source.MARKED, "mask", None)
        )
    if made:
        audit.record(
            person,
            "privacy.marked",
            obj,
            field=field_name,
            kind=kind,
            spans=[[m.start, m.end] for m in made],
            masked=[mask(kind, m.text) for m in made],
        )
    return made


@transaction.atomic
def unmark(person, obj, field_name, text, start, end):
    """A reviewer takes back a span they marked (or an earlier decision on a finding)."""
    gone = _same_place(obj, field_name, text, start, end, Source.MARKED)
    gone += _same_place(obj, field_name, text, start, end, Source.FINDING)
    if not gone:
        raise ValueError(_("该处没有可撤销的处理意见（内容可能已被修改），请刷新页面。"))
    for decision in gone:
        decision.delete()
    audit.record(person, "privacy.undone", obj, field=field_name, start=start, end=end)

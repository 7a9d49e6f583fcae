"""Immutable versions of a package and what changed between them.

A reviewer who saw version 2 and now opens version 3 is shown exactly the fields that
changed, document and interpretation alike.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from difflib import SequenceMatcher

from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.db.models import BooleanField, DateField, Max
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from base.textdiff import DELETED, INSERTED, LABEL, SAME, Piece, Row, char_diff, text_rows, whole
from interpretation.models import (
    Interpretation,
    InterpretationForm,
    PackageVersion,
    PolicyDocument,
    VersionSeen,
)
from interpretation.rules import ensure_submittable

DOCUMENT_FIELDS = [
    "title", "number", "issuing_body", "doc_type", "summary", "body", "livelihood",
    "disclosure", "disclosure_reason", "effective_from", "expires_on",
]  # fmt: skip
INTERPRETATION_FIELDS = [
    "forms", "channel", "timing", "interpreter", "interpreter_title", "contact",
    "background", "aims", "main_content", "scope", "standards", "notes", "key_terms",
    "benefits", "differences", "qa", "key_figures", "timeline", "chart", "video_url",
    "audio_url", "later_forms",
]  # fmt: skip


def snapshot(document):
    def values(obj, fields, prefix):
        return {f"{prefix}.{name}": _plain(getattr(obj, name)) for name in fields}

    return {
        **values(document, DOCUMENT_FIELDS, "document"),
        **values(document.interpretation, INTERPRETATION_FIELDS, "interpretation"),
        "attachments": sorted(document.attachments.values_list("sha256", flat=True)),
    }


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def content_hash(data):
    encoded = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()


@transaction.atomic
def submit(document, person):
    """Checks the package and records it as the next version; returns that version."""
    ensure_submittable(document)
    data = snapshot(document)
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = PackageVersion.objects.create(
        document=document,
        number=last + 1,
        snapshot=data,
        content_hash=content_hash(data),
        submitted_by=person,
    )
    mark_seen(person, version)
    return version


@dataclass(frozen=True)
class Change:
    """One field that changed, as rows of a side-by-side comparison (base.textdiff.Row)."""

    field: str
    label: str
    rows: tuple

    @property
    def items(self):
        """Compared item by item (Q&A, key figures…), not paragraph by paragraph."""
        return self.field in ITEM_PARTS


@dataclass(frozen=True)
class Comparison:
    """What changed between two versions, field by field, and the names of the fields that
    stayed as they were. Iterating it gives the changes."""

    changes: tuple
    unchanged: tuple

    def __iter__(self):
        return iter(self.changes)

    def __len__(self):
        return len(self.changes)


# The parts of each item of a structured list, in the order the drafter types them
# ("问题 | 回答"); each part of a changed item is compared on its own.
ITEM_PARTS = {
    "interpretation.qa": [("question", _("问")), ("answer", _("答"))],
    "interpretation.key_figures": [
        ("value", _("数值")),
        ("unit", _("单位")),
        ("label", pgettext_lazy("关键数据", "说明")),
    ],
    "interpretation.timeline": [("date", _("日期")), ("event", pgettext_lazy("时间轴", "事项"))],
    "interpretation.chart": [("label", pgettext_lazy("图表数据", "类别")), ("value", _("数值"))],
}
# The part that names an item: kept, the item was edited rather than replaced.
ITEM_NAMES = {
    "interpretation.qa": "question",
    "interpretation.key_figures": "label",
    "interpretation.timeline": "event",
    "interpretation.chart": "label",
}
MODELS = {"document": PolicyDocument, "interpretation": Interpretation}


def compare(before, after, attachment_names=None):
    """Compares two snapshots for a reader: each changed field with its old and new value
    side by side (texts character by character, lists item by item), and the fields that
    did not change. Fields empty in both versions are neither: they say nothing.

    `attachment_names` maps an attachment's sha256 to its file name (a snapshot keeps only
    the hash)."""
    changed, unchanged = [], []
    for key in after:
        old, new = _lines(before.get(key)), _lines(after[key])
        if old == new:
            if new not in (None, "", [], {}):
                unchanged.append(_label(key))
            continue
        changed.append(Change(key, _label(key), tuple(_rows(key, old, new, attachment_names))))
    return Comparison(tuple(changed), tuple(unchanged))


def _lines(value):
    """A text as typed: a browser sends a textarea's line breaks as CRLF, a script as LF."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


def _field(key):
    """The model field a snapshot key stands for; None for the attachments, or for a field
    an old snapshot still has and the model no longer does."""
    prefix, _dot, name = key.partition(".")
    try:
        return MODELS[prefix]._meta.get_field(name)
    except (KeyError, FieldDoesNotExist):
        return None


def _label(key):
    if key == "attachments":
        return _("附件")
    field = _field(key)
    return key if field is None else field.verbose_name


def _rows(key, old, new, attachment_names):
    if key in ITEM_PARTS:
        return _item_rows(_items(old), _items(new), key)
    if key in ("interpretation.forms", "interpretation.later_forms"):
        return [Row(*_labels_diff(_form_labels(old), _form_labels(new)))]
    if key == "attachments":
        names = attachment_names or {}
        olds = [_attachment(sha256, names) for sha256 in old or []]
        news = [_attachment(sha256, names) for sha256 in new or []]
        return [Row(*_labels_diff(olds, news))]
    field = _field(key)
    if field is not None and (field.choices or isinstance(field, (BooleanField, DateField))):
        return [Row(*whole(_shown(field, old), _shown(field, new)))]
    return text_rows(_text(old), _text(new))


def _text(value):
    if value is None:
        return ""
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _shown(field, value):
    """A choice, yes/no or date as the reader knows it (主动公开, 是, 2026年11月29日)."""
    if value in (None, ""):
        return ""
    if isinstance(field, BooleanField):
        return str(_("是") if value else _("否"))
    if isinstance(field, DateField):
        return date_format(date.fromisoformat(value), "DATE_FORMAT")
    return str(dict(field.flatchoices).get(value, value))


def _form_labels(codes):
    return [str(dict(InterpretationForm.choices).get(code, code)) for code in codes or []]


def _attachment(sha256, names):
    return names.get(sha256) or _("已移除的附件（%(hash)s）") % {"hash": sha256[:8]}


def _labels_diff(old, new):
    """Two lists of names, kept ones plain, dropped ones deleted and new ones inserted."""

    def pieces(names, others, kind):
        result = []
        for name in names:
            if result:
                result.append(Piece("、"))
            result.append(Piece(name, SAME if name in others else kind))
        return tuple(result)

    return pieces(old, new, DELETED), pieces(new, old, INSERTED)


def _items(value):
    items = value.get("items", []) if isinstance(value, dict) else value or []
    return [item for item in items if isinstance(item, dict)]


def _parts(item, parts):
    return [_number(item.get(name, "")) for name, _label in parts]


def _number(value):
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _item_rows(old, new, key):
    """Item by item: unchanged items counted, an edited item paired with what it was (its
    name, such as the question, kept; or most of its text), the rest added or removed."""
    parts = ITEM_PARTS[key]
    name = [part for part, _label in parts].index(ITEM_NAMES[key])
    olds = [tuple(_parts(item, parts)) for item in old]
    news = [tuple(_parts(item, parts)) for item in new]
    labels = [label for _name, label in parts]
    rows = []
    matcher = SequenceMatcher(None, olds, news, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.append(Row(status="unchanged", unchanged=i2 - i1))
            continue
        waiting = list(news[j1:j2])
        for item in olds[i1:i2]:
            match = next(
                (n for n, other in enumerate(waiting) if _same_item(item, other, name)), None
            )
            if match is None:
                rows.append(_item_row(labels, item, None))
                continue
            rows.extend(_item_row(labels, None, added) for added in waiting[:match])
            rows.append(_item_row(labels, item, waiting[match]))
            waiting = waiting[match + 1 :]
        rows.extend(_item_row(labels, None, added) for added in waiting)
    return rows


def _same_item(old, new, name):
    joined = SequenceMatcher(None, "".join(old), "".join(new), autojunk=False)
    return old[name] == new[name] or joined.ratio() >= 0.5


def _item_row(labels, old, new):
    """A row whose cells list the item's parts, each after a label piece (问, 答)."""
    blank = [""] * len(labels)
    pairs = [char_diff(a, b) for a, b in zip(old or blank, new or blank, strict=True)]

    def cell(item, side):
        if item is None:
            return ()
        return tuple(
            piece
            for label, pair in zip(labels, pairs, strict=True)
            for piece in (Piece(str(label), LABEL), *pair[side])
        )

    status = "removed" if new is None else "added" if old is None else "changed"
    return Row(cell(old, 0), cell(new, 1), status)


def last_seen(person, document):
    seen = VersionSeen.objects.filter(person=person, document=document).select_related("version")
    return seen[0].version if seen else None


def changes_since_seen(person, document):
    """(the version they saw or None, the current version, the changes between)."""
    current = document.versions.order_by("-number").first()
    seen = last_seen(person, document)
    if current is None or seen is None or seen.pk == current.pk:
        return seen, current, Comparison((), ())
    names = dict(document.attachments.values_list("sha256", "name"))
    return seen, current, compare(seen.snapshot, current.snapshot, names)


def mark_seen(person, version):
    VersionSeen.objects.update_or_create(
        person=person, document=version.document, defaults={"version": version}
    )

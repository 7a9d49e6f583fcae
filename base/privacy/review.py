"""The reviewer's side of redaction, for any page that reviews texts before they are
published: the texts with their findings highlighted, and the three things a reviewer does
(mask or keep a finding, mark a span the detector missed, take a decision back).

A page lists its texts as `PublishedText`s (key, object, field, label, text, names) and

    panel(texts, mark_form=None, errors=())   → what `privacy/panel.html` shows
    handle(person, texts, request.POST)       → a message; raises ValidationError, with the
                                                 bound MarkForm as `error.form` when it was
                                                 the mark form that was wrong

Every action names the text it was taken on by a digest of that text, so an action on a
text that changed since the page was shown is refused rather than applied to other words.
The actions post to the page's own URL (no script needed); `privacy/redaction.js` only fills
the mark form from a selection.
"""

import hashlib
from dataclasses import dataclass, field

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.privacy import redaction
from base.privacy.models import Decision, Kind
from base.privacy.redaction import State

DECIDE, DECIDE_ALL = "privacy_decide", "privacy_decide_all"
MARK, UNDO = "privacy_mark", "privacy_undo"
ACTIONS = (DECIDE, DECIDE_ALL, MARK, UNDO)

STATE_LABELS = {
    State.OPEN: gettext_lazy("待处理（默认遮盖）"),
    State.DOUBTFUL: gettext_lazy("存疑（默认不遮盖）"),
    State.MASKED: gettext_lazy("已遮盖"),
    State.KEPT: gettext_lazy("已保留"),
    State.MARKED: gettext_lazy("人工标记，遮盖"),
}
# which highlight wins where a marked span and a finding overlap
_PRIORITY = {
    State.MARKED: 5,
    State.MASKED: 4,
    State.OPEN: 3,
    State.KEPT: 2,
    State.DOUBTFUL: 1,
}


def digest(text):
    return hashlib.sha256((text or "").encode()).hexdigest()[:16]


def is_action(data):
    return any(name in data for name in ACTIONS)


def _css_key(key):
    return "".join(char if char.isalnum() else "-" for char in key)


def anchor(key, item):
    return f"pd-{_css_key(key)}-{item.start}-{item.end}"


def _state_class(item):
    return "open-high" if item.open_high else item.state


def highlighted(key, assessment):
    """The text as HTML: every character in a span or mark carrying its offset (data-o), so
    that a selection can be turned into offsets; findings and marks highlighted."""
    text, items = assessment.text, assessment.items
    bounds = sorted({0, len(text), *(i.start for i in items), *(i.end for i in items)})
    parts = []
    for start, end in zip(bounds, bounds[1:], strict=False):
        piece = text[start:end]
        covering = [item for item in items if item.start <= start and end <= item.end]
        if not covering:
            parts.append(format_html('<span data-o="{}">{}</span>', start, piece))
            continue
        item = max(covering, key=lambda i: (_PRIORITY[i.state], i.end - i.start))
        title = _("%(kind)s · %(state)s · 公开时显示为：%(shown)s") % {
            "kind": item.kind_label,
            "state": STATE_LABELS[item.state],
            "shown": item.shown,
        }
        first = start == item.start
        parts.append(
            format_html(
                '<mark class="pd-mark pd-{}" data-o="{}" title="{}"{}>{}</mark>',
                _state_class(item),
                start,
                title,
                format_html(' id="{}"', anchor(key, item)) if first else "",
                piece,
            )
        )
    return mark_safe("".join(parts))  # noqa: S308 - every part is format_html


@dataclass
class Row:
    item: redaction.Item
    anchor: str
    state_label: str
    state_class: str
    where: str = ""  # the page, sheet or cell of a file's text
    shown: str = ""  # what the public reads there


@dataclass
class TextView:
    key: str
    label: str
    html: str
    digest: str
    rows: list
    open_count: int
    open_high_count: int
    length: int


@dataclass
class Group:
    """The same words of one kind found in several places (a name, a hotline)."""

    kind: str
    kind_label: str
    text: str
    count: int
    open_count: int
    masked: bool
    kept: bool


@dataclass
class Panel:
    texts: list
    mark_form: forms.Form
    errors: list
    notices: list = field(default_factory=list)  # what of the files nobody could read

    @property
    def groups(self):
        """Words found in two places or more, where any is still undecided."""
        found = {}
        for text in self.texts:
            for row in text.rows:
                item = row.item
                if item.source == "finding":
                    found.setdefault((item.kind, item.text), []).append(item)
        groups = []
        for (kind, words), items in found.items():
            open_count = sum(1 for item in items if item.open)
            if len(items) > 1 and open_count:
                groups.append(
                    Group(
                        kind,
                        items[0].kind_label,
                        words,
                        len(items),
                        open_count,
                        masked=all(item.masked for item in items),
                        kept=all(item.state == State.KEPT for item in items),
                    )
                )
        return groups

    @property
    def with_items(self):
        return [text for text in self.texts if text.rows]

    @property
    def without_items(self):
        return [text for text in self.texts if not text.rows]

    @property
    def open_count(self):
        return sum(text.open_count for text in self.texts)

    @property
    def open_high_count(self):
        return sum(text.open_high_count for text in self.texts)

    @property
    def item_count(self):
        return sum(len(text.rows) for text in self.texts)

    @property
    def digests(self):
        return [(text.key, text.digest) for text in self.texts]


def view_of(text):
    assessment = text.assess()
    where = getattr(text, "where", lambda item: "")
    shown = getattr(text, "shown", lambda item: item.shown)
    rows = [
        Row(
            item,
            anchor(text.key, item),
            STATE_LABELS[item.state],
            _state_class(item),
            where(item),
            shown(item),
        )
        for item in assessment.items
    ]
    return TextView(
        key=text.key,
        label=text.label,
        html=highlighted(text.key, assessment),
        digest=digest(text.text),
        rows=rows,
        open_count=sum(1 for item in assessment.findings if item.state == State.OPEN),
        open_high_count=len(assessment.open_high),
        length=len(text.text),
    )


def panel(texts, mark_form=None, errors=(), notices=()):
    return Panel(
        texts=[view_of(text) for text in texts],
        mark_form=mark_form or MarkForm(texts),
        errors=list(errors),
        notices=list(notices),
    )


# --------------------------------------------------------------------------------------------
# the actions


class MarkForm(forms.Form):
    """A span to mask that the detector did not find: by its exact words (every place they
    stand in that text) or by its positions, counted from 1 (第1个字) and inclusive."""

    key = forms.ChoiceField(label=gettext_lazy("所在文字"))
    text = forms.CharField(
        label=gettext_lazy("要遮盖的文字"),
        required=False,
        max_length=2000,
        strip=False,
        help_text=gettext_lazy("按文字标记时，该文字在这段中的每一处都会遮盖"),
    )
    start = forms.IntegerField(label=gettext_lazy("从第几个字"), required=False)
    end = forms.IntegerField(label=gettext_lazy("到第几个字（含）"), required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("类别"), choices=Kind.choices, initial=Kind.OTHER, required=False
    )

    def __init__(self, texts, *args, **kwargs):
        kwargs.setdefault("prefix", "mark")
        super().__init__(*args, **kwargs)
        self.texts = {text.key: text for text in texts}
        self.fields["key"].choices = [(text.key, text.label) for text in texts]
        if texts:
            self.fields["key"].initial = texts[0].key

    def clean(self):
        data = super().clean()
        target = self.texts.get(data.get("key"))
        if target is None:
            return data
        whole, label = target.text, target.label
        words, start, end = data.get("text") or "", data.get("start"), data.get("end")
        if start is not None or end is not None:
            spans = self._by_position(whole, label, start, end, words)
        elif words.strip():
            spans = self._by_words(whole, label, words)
        else:
            raise ValidationError(_("请填写要遮盖的文字，或填写起止位置（第几个字到第几个字）。"))
        data["target"], data["spans"] = target, spans
        return data

    def _by_position(self, whole, label, start, end, words):
        if start is None or end is None:
            raise ValidationError(_("按位置标记须同时填写起始和结束位置。"))
        if start < 1 or end < 1:
            raise ValidationError(_("位置从1数起（第1个字），不能小于1。"))
        if start > end:
            raise ValidationError(
                _("起始位置（第%(start)d个字）不能大于结束位置（第%(end)d个字）。")
                % {"start": start, "end": end}
            )
        if end > len(whole):
            raise ValidationError(
                _("超出范围：“%(label)s”共%(n)d个字，结束位置不能大于%(n)d。")
                % {"label": label, "n": len(whole)}
            )
        if words and whole[start - 1 : end] != words:
            raise ValidationError(
                _("第%(start)d至%(end)d个字是“%(found)s”，与所填文字“%(words)s”不符。")
                % {"start": start, "end": end, "found": whole[start - 1 : end], "words": words}
            )
        return [(start - 1, end)]

    def _by_words(self, whole, label, words):
        spans, position = [], whole.find(words)
        while position >= 0:
            spans.append((position, position + len(words)))
            position = whole.find(words, position + len(words))
        if not spans:
            raise ValidationError(
                _("在“%(label)s”中找不到“%(words)s”，请按原文（含标点）填写。")
                % {"label": label, "words": words}
            )
        return spans


def _changed(text):
    return ValidationError(
        _("“%(label)s”在您打开本页后已被修改，请查看最新内容后重新处理。") % {"label": text.label}
    )


def _target(texts, key, data):
    target = next((text for text in texts if text.key == key), None)
    if target is None:
        raise ValidationError(_("找不到要处理的文字，请刷新页面。"))
    if data.get(f"digest-{key}") != digest(target.text):
        raise _changed(target)
    return target


def _place(value, parts):
    """key|start|end (after `parts` leading parts) from a button's value."""
    pieces = value.split("|")
    try:
        *head, key, start, end = pieces
        start, end = int(start), int(end)
    except ValueError:
        raise ValidationError(_("无效的操作，请刷新页面后重试。")) from None
    if len(head) != parts:
        raise ValidationError(_("无效的操作，请刷新页面后重试。"))
    return head, key, start, end


@transaction.atomic
def handle(person, texts, data):
    """Does the privacy action posted in `data`; returns the message to show."""
    if DECIDE in data:
        (decision,), key, start, end = _place(data[DECIDE], 1)
        if decision not in Decision.values:
            raise ValidationError(_("无效的操作，请刷新页面后重试。"))
        target = _target(texts, key, data)
        try:
            redaction.decide(
                person, target.obj, target.field, target.text, start, end, decision, target.names
            )
        except ValueError as error:
            raise ValidationError(str(error)) from None
        done = _("已遮盖") if decision == Decision.MASK else _("已保留")
        return _("%(done)s：“%(label)s”第%(start)d至%(end)d个字。") % {
            "done": done,
            "label": target.label,
            "start": start + 1,
            "end": end,
        }
    if DECIDE_ALL in data:
        decision, kind, words = (data[DECIDE_ALL].split("|", 2) + ["", ""])[:3]
        if decision not in Decision.values or not words:
            raise ValidationError(_("无效的操作，请刷新页面后重试。"))
        for text in texts:
            _target(texts, text.key, data)  # none of them changed since the page was shown
        count = redaction.decide_all(person, texts, kind, words, decision)
        done = _("已遮盖") if decision == Decision.MASK else _("已保留")
        return _("%(done)s“%(words)s”共%(n)d处。") % {"done": done, "words": words, "n": count}
    if UNDO in data:
        _head, key, start, end = _place(data[UNDO], 0)
        target = _target(texts, key, data)
        try:
            redaction.unmark(person, target.obj, target.field, target.text, start, end)
        except ValueError as error:
            raise ValidationError(str(error)) from None
        return _("已撤销“%(label)s”第%(start)d至%(end)d个字的处理。") % {
            "label": target.label,
            "start": start + 1,
            "end": end,
        }
    form = MarkForm(texts, data)
    if not form.is_valid():
        error = ValidationError([e for errors in form.errors.values() for e in errors])
        error.form = form
        raise error
    target = form.cleaned_data["target"]
    if data.get(f"digest-{target.key}") != digest(target.text):
        error = _changed(target)
        error.form = form
        raise error
    kind = form.cleaned_data.get("kind") or Kind.OTHER
    spans = form.cleaned_data["spans"]
    made = redaction.mark(person, target.obj, target.field, target.text, spans, kind)
    if not made:
        return _("所选文字已标记过，无需重复标记。")
    return _("已标记遮盖：“%(label)s”中%(n)d处。") % {"label": target.label, "n": len(made)}

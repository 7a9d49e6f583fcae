"""The interpretation's short fields and structured items that are printed for the public
besides its texts: the interpreter (五公开), key figures and timeline (the portal and the
infographic), the contact line and the chart (the infographic only).

Each is reviewed for personal data like the texts (`texts`, added to
rules.published_texts) and printed as reviewed (`masked`): the contact line "王丽娟
0759-3381234" is a person's name and number until a reviewer keeps it. A list item's part is
the field "<field>.<n>.<part>", as the Q&A's are ("key_figures.2.label").
"""

from copy import copy

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from base.privacy.redaction import PublishedText, published_text
from interpretation.models import InterpretationForm

# (field, its name on the review page)
LINES = (("interpreter", gettext_lazy("解读人")), ("interpreter_title", gettext_lazy("解读人职务")))
GRAPHIC_LINES = (("contact", gettext_lazy("联系人及电话")),)
# (field, its name, [(part, the part's name)]): the names the version comparison uses
ITEMS = (
    ("key_figures", gettext_lazy("关键数据"), (("value", gettext_lazy("数值")),
                                               ("unit", gettext_lazy("单位")),
                                               ("label", pgettext_lazy("关键数据", "说明")))),
    ("timeline", gettext_lazy("时间轴"), (("date", gettext_lazy("日期")),
                                          ("event", pgettext_lazy("时间轴", "事项")))),
)  # fmt: skip
GRAPHIC_ITEMS = (
    ("chart", gettext_lazy("图表数据"), (("label", pgettext_lazy("图表数据", "类别")),)),
)


def graphic(interpretation):
    """Whether the infographic is published: only then are its own fields printed."""
    return InterpretationForm.GRAPHIC in (interpretation.forms or [])


def lines(interpretation):
    return LINES + (GRAPHIC_LINES if graphic(interpretation) else ())


def item_fields(interpretation):
    return ITEMS + (GRAPHIC_ITEMS if graphic(interpretation) else ())


def items_of(interpretation, field):
    """The items of a list field; the chart keeps its items under "items"."""
    value = getattr(interpretation, field) or []
    if field == "chart":
        value = value.get("items", []) if isinstance(value, dict) else []
    return [item for item in value if isinstance(item, dict)]


def texts(interpretation):
    """`PublishedText`s of every printed field and item part that is not empty."""
    found = []
    for name, field in lines(interpretation):
        value = getattr(interpretation, name)
        if value.strip():
            label = _("解读·%(field)s") % {"field": field}
            key = f"interpretation.{name}"
            found.append(PublishedText(key, interpretation, name, label, value))
    for name, field, parts in item_fields(interpretation):
        for number, item in enumerate(items_of(interpretation, name), start=1):
            for part, word in parts:
                value = str(item.get(part, ""))
                if value.strip():
                    key = f"{name}.{number}.{part}"
                    label = _("解读·%(field)s%(n)d·%(part)s") % {
                        "field": field,
                        "n": number,
                        "part": word,
                    }
                    found.append(PublishedText(key, interpretation, key, label, value))
    if graphic(interpretation):
        unit = str((interpretation.chart or {}).get("unit", ""))
        if unit.strip():
            label = _("解读·%(field)s·%(part)s") % {"field": _("图表数据"), "part": _("单位")}
            found.append(PublishedText("chart.unit", interpretation, "chart.unit", label, unit))
    return found


def masked_items(interpretation, name, parts):
    """The items of a list field with each reviewed part as it may be published."""
    out = []
    for number, item in enumerate(items_of(interpretation, name), start=1):
        item = dict(item)
        for part, _word in parts:
            if part in item:
                field = f"{name}.{number}.{part}"
                item[part] = published_text(interpretation, field, str(item[part]))
        out.append(item)
    return out


def masked(interpretation):
    """An unsaved copy of `interpretation` whose printed fields read as reviewed; the copy
    keeps the original's pk, so the reviewers' decisions are found on it."""
    public = copy(interpretation)
    for name, _field in lines(interpretation):
        setattr(public, name, published_text(interpretation, name, getattr(interpretation, name)))
    for name, _field, parts in item_fields(interpretation):
        items = masked_items(interpretation, name, parts)
        if name == "chart":
            chart = dict(interpretation.chart or {})
            chart["items"] = items
            if str(chart.get("unit", "")).strip():
                chart["unit"] = published_text(interpretation, "chart.unit", str(chart["unit"]))
            public.chart = chart
        else:
            setattr(public, name, items)
    return public

"""Charts of the statistics: pygal SVG with Chinese labels, pictures only (no script), shown
inline as `<img src="data:image/svg+xml;base64,...">`.

Each chart draws one table's figures, so a chart never says anything the table beside it
does not.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from base.rendering.charts import chart_style, data_url, horizontal_bars, text_width
from proposals.models import DisclosureDecision, Satisfaction

SIZE = 15
WIDTH = 460
BAR = 32
COLOURS = ("#b71c1c", "#c62828", "#d84315", "#ef6c00", "#f9a825", "#558b2f", "#00838f", "#1565c0")


@dataclass(frozen=True)
class Chart:
    title: str
    svg: str
    data: tuple  # ((label, value), ...): what the chart shows, for a text alternative

    @property
    def data_url(self):
        return data_url(self.svg)

    @property
    def description(self):
        return _("；").join(f"{label} {number_text(value)}" for label, value in self.data)


def number_text(value):
    return f"{value:.1f}" if isinstance(value, float) else str(value)


CSS = """
#chart-stats text { stroke: none; }
#chart-stats .title { fill: #1f2328; font-weight: bold; text-anchor: middle; }
#chart-stats .axis text { fill: #37474f; }
#chart-stats .axis.y text { text-anchor: end; }
#chart-stats .axis .line { stroke: #cfd8dc; }
#chart-stats .guide.line { display: none; }
#chart-stats .text-overlay text.value { fill: #1f2328; }
#chart-stats .background, #chart-stats .plot .background { fill: #ffffff; }
#chart-stats .tooltip-overlay { display: none; }
"""


def bar_chart(title, data, value_suffix=""):
    """A horizontal bar chart of (label, value) pairs, read top to bottom."""
    labels = [label for label, _value in data]
    widest = max((text_width(label, SIZE) for label in labels), default=0)
    svg = horizontal_bars(
        "stats",
        labels,
        # each bar its own colour: one series per value would need a legend; pygal colours a
        # value given as a dict
        [
            {"value": value, "color": COLOURS[position % len(COLOURS)]}
            for position, (_label, value) in enumerate(data)
        ],
        style=chart_style(
            SIZE,
            title_font_size=SIZE + 2,
            colors=COLOURS,
            background="#ffffff",
            plot_background="#ffffff",
        ),
        css=CSS,
        width=WIDTH,
        height=60 + BAR * len(data),
        title=title,
        value_formatter=lambda value: f"{number_text(value)}{value_suffix}",
        margin=8,
        # pygal reckons 0.6 em a character; a Chinese character is 1 em
        margin_left=8 + max(widest - 0.6 * SIZE * max(map(len, labels), default=0), 0),
        margin_right=8 + SIZE * 4,
    )
    return Chart(title, svg, tuple(data))


def charts(stats):
    """The page's charts; a chart with nothing to show is left out."""
    counts, found = stats.counts, []

    def add(title, data, suffix=""):
        data = [(str(label), value) for label, value in data if value is not None]
        if any(value for _label, value in data):
            found.append(bar_chart(title, data, suffix))

    add(
        _("办理结果分类（件）"),
        [
            (_("%(code)s类") % {"code": rc.code}, counts[f"shares.result_{rc.code}"])
            for rc in stats.classes
            if rc.is_active or counts[f"shares.result_{rc.code}"]
        ]
        + [(_("未标分类"), counts["shares.result_none"] or None)],
    )
    add(
        _("代表委员满意度（件）"),
        [(label, counts[f"shares.{value}"]) for value, label in Satisfaction.choices]
        + [(_("待反馈"), counts["shares.no_feedback"])],
    )
    add(
        _("答复公开情况（件）"),
        [
            (label, counts[f"shares.disclosed_{value}"])
            for value, label in DisclosureDecision.choices
        ]
        + [(_("尚未决定"), counts["shares.undecided"])],
    )
    add(
        _("答复是否按时（件）"),
        [
            (_("按时答复"), counts["shares.on_time"]),
            (_("超期答复"), counts["shares.late"]),
            (_("逾期未答复"), counts["shares.overdue"]),
        ],
    )
    forms = stats.table("forms")
    add(_("解读形式（件）"), [(row[0].value, row[1].value) for row in forms.rows])
    if stats.steps:
        found += step_charts(stats.steps)
    return found


def step_charts(found):
    data = [(step.title, step.average) for step in found if step.average is not None]
    if not any(value for _label, value in data):
        return []
    return [bar_chart(_("各环节平均用时（工作日）"), data)]

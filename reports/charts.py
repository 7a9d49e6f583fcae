"""Charts of the statistics: pygal SVG with Chinese labels, pictures only (no script), shown
inline as `<img src="data:image/svg+xml;base64,...">`.

Each chart draws one table's figures, so a chart never says anything the table beside it
does not.
"""

import re
from dataclasses import dataclass

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

from base.rendering import fonts
from base.rendering.charts import data_url, text_width, without_scripts
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
        return "；".join(f"{label} {number_text(value)}" for label, value in self.data)


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
    style = Style(
        font_family=fonts.SANS,
        title_font_size=SIZE + 2,
        label_font_size=SIZE,
        major_label_font_size=SIZE,
        value_font_size=SIZE,
        colors=COLOURS,
        background="#ffffff",
        plot_background="#ffffff",
    )
    widest = max((text_width(label, SIZE) for label in labels), default=0)
    chart = pygal.HorizontalBar(
        style=style,
        width=WIDTH,
        height=60 + BAR * len(data),
        js=[],
        disable_xml_declaration=True,
        title=title,
        show_legend=False,
        show_x_guides=False,
        show_y_guides=False,
        show_x_labels=False,
        print_values=True,
        print_values_position="top",
        value_formatter=lambda value: f"{number_text(value)}{value_suffix}",
        truncate_label=-1,
        margin=8,
        # pygal reckons 0.6 em a character; a Chinese character is 1 em
        margin_left=8 + max(widest - 0.6 * SIZE * max(map(len, labels), default=0), 0),
        margin_right=8 + SIZE * 4,
        spacing=10,
        css=[f"inline:{CSS}"],
    )
    chart.uuid = "stats"
    chart.add_xml_filter(without_scripts)
    chart.x_labels = labels[::-1]
    # each bar its own colour: one series per value would need a legend; pygal colours a
    # value given as a dict
    chart.add(
        "",
        [
            {"value": value, "color": COLOURS[position % len(COLOURS)]}
            for position, (_label, value) in reversed(list(enumerate(data)))
        ],
    )
    svg = chart.render(is_unicode=True)
    return Chart(title, re.sub(r"<!--.*?-->", "", svg, flags=re.S), tuple(data))


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
            (f"{rc.code}类", counts[f"shares.result_{rc.code}"])
            for rc in stats.classes
            if rc.is_active or counts[f"shares.result_{rc.code}"]
        ],
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

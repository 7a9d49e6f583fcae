"""What pygal charts need to be pictures in our pages and PDFs: the infographic's chart
(interpretation/infographic.py) and the statistics' charts (reports/charts.py).

Both are horizontal bar charts (`horizontal_bars`) with one set of options: our CJK font
(`chart_style`), no script, no legend, guides or value axis, each value printed after its bar, and
only the CSS rules each chart needs; the callers give sizes, margins, colours and rules."""

import base64
import re
import unicodedata

import pygal
from pygal.style import Style

from base.rendering import fonts


def text_width(text, size):
    """Its width in px at `size`: pygal reckons 0.6 em a character; a Chinese one is 1 em."""
    wide = sum(unicodedata.east_asian_width(char) in "WF" for char in text)
    return (wide + 0.6 * (len(text) - wide)) * size


def without_scripts(root):
    """Drops pygal's tooltips script (the chart is a picture: no JS) and starts each printed
    value just after its bar instead of centring it on the bar's end."""
    for parent in list(root.iter()):
        for child in list(parent):
            if str(child.tag).rpartition("}")[2] == "script":
                parent.remove(child)
            elif child.get("class") == "value" and child.get("text-anchor") == "middle":
                child.set("text-anchor", "start")
    return root


def data_url(svg):
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def chart_style(size, **more):
    """The charts' pygal Style: the CJK sans-serif, named unquoted (WeasyPrint's SVG keeps
    quotes in the name), labels and values at `size` px; `more` adds to it (a title's size,
    colours, backgrounds)."""
    return Style(
        font_family=fonts.SANS,
        label_font_size=size,
        major_label_font_size=size,
        value_font_size=size,
        **more,
    )


def horizontal_bars(name, labels, values, *, style, css, **config):
    """A horizontal bar chart as SVG text, read top to bottom: `labels` on the left, `values`
    (numbers, or pygal's {"value": …, "color": …}) printed after their bars.

    `name` gives the chart its id, ``chart-<name>`` (pygal's is random, and so would every
    render be), which `css` addresses: only the rules the chart needs instead of pygal's
    general stylesheets (~7 kB that WeasyPrint would parse on every render); fonts and sizes
    come from `style`. `config` is the rest of pygal's options: width, height, margins,
    title, value_formatter."""
    chart = pygal.HorizontalBar(
        style=style,
        js=[],
        disable_xml_declaration=True,
        show_legend=False,
        show_x_guides=False,
        show_y_guides=False,
        show_x_labels=False,
        print_values=True,
        print_values_position="top",
        truncate_label=-1,
        spacing=10,
        css=[f"inline:{css}"],
        **config,
    )
    chart.uuid = name
    chart.add_xml_filter(without_scripts)
    # pygal draws the first item at the bottom
    chart.x_labels = list(labels)[::-1]
    chart.add("", list(values)[::-1])
    svg = chart.render(is_unicode=True)
    # pygal dates its output in a comment
    return re.sub(r"<!--.*?-->", "", svg, flags=re.S)

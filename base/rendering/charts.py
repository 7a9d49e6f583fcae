"""What pygal charts need to be pictures in our pages and PDFs: the infographic's chart
(interpretation/infographic.py) and the statistics' charts (reports/charts.py)."""

import base64
import unicodedata


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

"""The interpretation infographic (图文解读): one package drawn as an A4 PDF, page pictures, a
long image for phones and a share card.

Everything comes from the PolicyDocument and its Interpretation: title, issuing body and
drafting unit, number, the key figures as big numbers, the main content and the benefits split
into points, the timeline, the drafter's chart (pygal, SVG), the Q&A and a QR code (segno)
to the published page. The look lives in interpretation/templates/interpretation/
infographic.html and interpretation/static/interpretation/infographic.css; Python only
gathers the content.

Every output goes through base.rendering.cache: the PDF and the long image are keyed by their
final HTML (which names the stylesheet with its digest, so a CSS change is a new key), page
pictures by the PDF's digest and their width, the card by what it shows. Unchanged content is
never rendered twice.

The long image is a layout of its own rather than the A4 pages stacked: one phone-width column
(540 CSS px drawn at 2×, so 1080 pixels) laid out on one tall page that is then cut to the
content's height. Stacked A4 pages would carry their margins, page footers and page breaks into
the middle of a picture meant to be scrolled, and A4 type is too small at phone width.
"""

import hashlib
import io
import json
import math
import re
import subprocess
import zipfile
from functools import cache, lru_cache
from pathlib import Path

import pypdfium2
import segno
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from base.rendering import fonts
from base.rendering.cache import digest, rendered
from base.rendering.charts import chart_style, data_url, horizontal_bars, text_width
from base.rendering.previews import page_images
from interpretation import infographic_estimate as estimate

TEMPLATE = "interpretation/infographic.html"
STYLESHEET = "interpretation/infographic.css"
# the long image's layout is a few changes to the A4 one, in a file of their own: WeasyPrint
# parses every linked stylesheet on every render
STYLESHEETS = {"a4": [STYLESHEET], "long": [STYLESHEET, "interpretation/infographic-long.css"]}
MAX_FIGURES = 6
SIDE_BY_SIDE_STEPS = 8
SIDE_BY_SIDE_CHARS = 240
CHART_LABEL = 12
FIGURE_VALUE, FIGURE_UNIT, FIGURE_LABEL = 10, 8, 40
POINT_IN_COLUMN, POINTS_IN_COLUMNS = 60, 14
POINT_LINE = 24  # characters in a line of a half-width column (infographic.css)
PAGE_WIDTH = 1240  # page pictures: A4 at 150 dpi
PREVIEW_WIDTH = 600  # the staff page's picture of page 1
LONG_WIDTH = 1080  # the long layout is 540 CSS px wide (infographic.css): drawn at 2×
CARD_SIZE = (900, 383)

RED = "#b71c1c"
RED_DARK = "#7f0000"
SLATE = "#37474f"


def public_url(document):
    """Where the published package is read: the QR code's target."""
    return f"{settings.PUBLIC_BASE_URL}/policies/{document.pk}/"


# ---------------------------------------------------------------- content


def points(text):
    """A block of text as points: one per line, sentence (。) or clause (；).

    A short lead-in ending in "：" ("要点共七个部分：") before several points is returned
    apart, as (lead, points)."""
    parts = [
        part.strip().rstrip("；;。").strip() for part in re.split(r"[\n；;]+|(?<=。)", text or "")
    ]
    parts = [part for part in parts if part]
    lead = ""
    if len(parts) > 1 and "：" in parts[0]:
        head, rest = parts[0].split("：", 1)
        if head and rest.strip() and len(head) <= 24:
            lead, parts[0] = head, rest.strip()
    return lead, parts


def display_date(day):
    return f"{day.year}年{day.month}月{day.day}日"


def dates(document):
    """What the infographic says about when: published (approved), or a draft for review."""
    published = document.approved_at is not None
    return {
        "published": published,
        "published_on": display_date(timezone.localdate(document.approved_at)) if published else "",
        "effective_from": display_date(document.effective_from) if document.effective_from else "",
    }


def offices(document):
    """(来源, 起草单位) as printed: each office once, by its 全称.

    The issuing organ is typed on the document; when it is a unit of the system, written by
    its 全称 or its 规范化简称, the unit's 全称 is printed. The drafting unit is printed only
    when it is another office: the same office under two names reads as two offices."""
    from base.organisation.models import Unit

    typed = document.issuing_body.strip()
    unit = document.drafting_unit
    if typed in (unit.name, unit.short_name):
        source = unit.name
    else:
        named = Unit.objects.filter(short_name=typed).exclude(short_name="")
        source = (named.values_list("name", flat=True).first() if typed else None) or typed
    return source, ("" if source == unit.name else unit.name)


def number_text(value):
    return f"{value:g}" if isinstance(value, float) else str(value)


@lru_cache(maxsize=256)
def chart_svg(items):
    """A horizontal bar chart of (label, value) pairs as SVG text; the same data gives the
    same SVG. Labels longer than CHART_LABEL characters are cut on the axis (the template
    then lists the data in full under the chart)."""
    size = 15
    labels = [cut_label(label) for label, _ in items]
    return horizontal_bars(
        "infographic",
        labels,
        [value for _, value in items],
        style=chart_style(size),
        css=CHART_CSS,
        width=520,
        height=20 + 36 * len(items),
        value_formatter=number_text,
        margin=6,
        # pygal reckons 0.6 em a character; a Chinese character is 1 em
        margin_left=6 + max(text_width(label, size) - 0.6 * size * len(label) for label in labels),
        margin_right=6 + size * 2,
    )


CHART_CSS = f"""
#chart-infographic text {{ stroke: none; }}
#chart-infographic .axis text {{ fill: {SLATE}; }}
#chart-infographic .axis.y text {{ text-anchor: end; }}
#chart-infographic .axis.x text {{ text-anchor: middle; }}
#chart-infographic .axis .line {{ stroke: #cfd8dc; }}
#chart-infographic .guide.line {{ display: none; }}
#chart-infographic .color-0 {{ fill: {RED}; stroke: {RED}; }}
#chart-infographic .text-overlay text.value {{ fill: {RED_DARK}; }}
#chart-infographic .background {{ fill: none; }}
#chart-infographic .tooltip-overlay {{ display: none; }}
"""


def cut_label(label):
    return label if len(label) <= CHART_LABEL else label[: CHART_LABEL - 1] + "…"


@lru_cache(maxsize=1024)
def qr_image(url):
    """A PNG, not SVG: drawn on every page's footer, a raster costs WeasyPrint almost
    nothing, where the SVG path of ~600 modules cost ~15 ms a page. 10 px a module prints
    sharp at the footer's size."""
    return segno.make(url, error="m").png_data_uri(dark=RED_DARK, border=0, scale=10)


@cache
def stylesheet_urls(layout):
    """The stylesheets' static: URLs with their digests, so that a changed CSS is a new cache
    key. (Read once per process: CSS changes with a deploy, which restarts the process.)"""
    from base.rendering.fetcher import static_url

    urls = []
    for name in STYLESHEETS[layout]:
        version = hashlib.sha256(Path(finders.find(name)).read_bytes()).hexdigest()[:16]
        urls.append(f"{static_url(name)}?v={version}")
    return urls


def chart_data(chart):
    """The chart's (label, value) pairs; an item whose value is not a number is left out."""
    items = []
    for item in (chart or {}).get("items", []):
        try:
            value = float(item.get("value"))
        except (TypeError, ValueError):
            continue
        if math.isfinite(value):
            items.append((str(item.get("label", "")), value))
    return tuple(items)


def content(document):
    """Everything the infographic shows, as plain values for the template."""
    interpretation = document.interpretation
    lead, main_points = points(interpretation.main_content)
    _, benefit_points = points(interpretation.benefits)
    chart_items = chart_data(interpretation.chart)
    figures = [
        {key: str(figure.get(key, "")) for key in ("value", "unit", "label")}
        for figure in interpretation.key_figures[:MAX_FIGURES]
    ]
    timeline = interpretation.timeline
    timeline_text = sum(
        len(str(step.get("date", ""))) + len(str(step.get("event", ""))) for step in timeline
    )
    source, unit = offices(document)
    return {
        "document": document,
        "interpretation": interpretation,
        "source": source,
        "unit": unit,
        **dates(document),
        "figures": figures,
        # big numbers in a row of cards while they are short; a list that can run on to the
        # next page otherwise (a card cannot be split)
        "figures_compact": all(
            len(figure["value"]) <= FIGURE_VALUE
            and len(figure["unit"]) <= FIGURE_UNIT
            and len(figure["label"]) <= FIGURE_LABEL
            for figure in figures
        ),
        "lead": lead,
        "points": main_points,
        "benefits": benefit_points,
        "timeline": timeline,
        # timeline and chart side by side only while they are short: a grid row cannot
        # continue on the next page, a stacked block can
        "side_by_side": bool(timeline and chart_items)
        and len(timeline) <= SIDE_BY_SIDE_STEPS
        and timeline_text <= SIDE_BY_SIDE_CHARS
        and len(chart_items) <= SIDE_BY_SIDE_STEPS,
        "chart": data_url(chart_svg(chart_items)) if chart_items else "",
        "chart_unit": str((interpretation.chart or {}).get("unit", "")).strip(),
        "chart_bars": len(chart_items),
        # the data in words under the chart when the chart had to cut a label
        "chart_data": [(label, number_text(value)) for label, value in chart_items]
        if any(len(label) > CHART_LABEL for label, _ in chart_items)
        else [],
        "qa": interpretation.qa,
        "qr": qr_image(public_url(document)),
        "public_url": public_url(document),
    }


def html(document, layout="a4"):
    """The final HTML of the A4 infographic ("a4") or of the long image ("long")."""
    return render_to_string(TEMPLATE, page_context(document, layout))


def page_context(document, layout):
    context = content(document)
    figures = context["figures"]
    # rows of big numbers: up to four across on A4 (five or six go three and two, three and
    # three), two across in the long image
    across = 2 if layout == "long" else (4 if len(figures) <= 4 else 3)
    rows = [figures[start : start + across] for start in range(0, len(figures), across)]
    # short points in two columns on A4 (a table row: it cannot run on to the next page, so
    # only while short), one under the other otherwise
    numbered = list(enumerate(context["points"], start=1))
    columns = (
        balanced(numbered)
        if layout == "a4"
        and 2 < len(numbered) <= POINTS_IN_COLUMNS
        and all(len(point) <= POINT_IN_COLUMN for _, point in numbered)
        else [numbered]
    )
    return {
        **context,
        "figure_rows": rows,
        "point_columns": columns,
        "layout": layout,
        "stylesheets": stylesheet_urls(layout),
    }


def balanced(numbered):
    """Two columns of about the same height (in lines of POINT_LINE characters), the first
    not the shorter."""
    lines = [math.ceil(len(point) / POINT_LINE) for _, point in numbered]
    split = min(
        range(1, len(numbered)),
        key=lambda at: (max(sum(lines[:at]), sum(lines[at:])), sum(lines[at:]) > sum(lines[:at])),
    )
    return [numbered[:split], numbered[split:]]


def version(document):
    """A short digest of the A4 HTML: changes whenever the infographic would."""
    return digest(html(document))[:16]


# ---------------------------------------------------------------- outputs


def pdf(document):
    """The A4 PDF's path (rendered once per content)."""
    context = page_context(document, "a4")
    source = render_to_string(TEMPLATE, context)

    def produce():
        rows, columns = context["figure_rows"], context["point_columns"]
        first = estimate.first_try(context, rows, columns, MIN_FILL, TIGHTEN_UP_TO, SAFE_FILL)
        return compose(source, first)

    return rendered("infographic", source, ".pdf", produce)


# ---------------------------------------------------------------- composition

# A page after the first is at least this full (of its content area): a page that carries a
# few lines on to an otherwise empty sheet looks unfinished in print and as a picture.
MIN_FILL = 0.5
# last pages at most this full are first tried tighter, to fit on one page fewer
TIGHTEN_UP_TO = 0.2
# moved content must leave this much room on the last page, or it runs on to yet another one
SAFE_FILL = 0.94
TIGHT = "tight"
TIGHT_CLASS = "fit-tight"


# WeasyPrint is imported when first used: importing it parses its own stylesheets and logs,
# which every management command (and manage.py's one-line errors) would print.


def lay_out(source):
    from base.rendering.pdf import lay_out

    return lay_out(source)


def write(laid):
    from base.rendering import speedups

    with speedups.ours():
        return laid.write_pdf(attachments=[])


def compose(source, first=None):
    """The A4 PDF, composed so that no page but a lone first one is more than half empty.

    `first` is the layout to try first, as infographic_estimate guessed it from the content:
    None (as designed), TIGHT or a place to start a new page at. Every layout is measured;
    the first that keeps the rule is printed. When the guess does not, the layout as designed
    is measured: if its last page would stand less than MIN_FILL full, a slightly tighter
    layout is tried when only a little runs over (it may fit on one page fewer), then a page
    break placed earlier, before a block or an item the previous page can spare, so that both
    pages are at least MIN_FILL full. If none keeps the rule, the one closest to it prints."""
    tried = []

    def keeps_the_rule(variant):
        laid = lay_out(varied(source, variant))
        tried.append((laid, page_fills(laid)))
        return well_filled(tried[-1][1])

    if first is not None and keeps_the_rule(first):
        return write(tried[-1][0])
    if keeps_the_rule(None):
        return write(tried[-1][0])
    laid, fills = tried[-1]
    if first != TIGHT and fills[-1] <= TIGHTEN_UP_TO and keeps_the_rule(TIGHT):
        return write(tried[-1][0])
    place = break_place(laid, fills)
    if place and place != first and keeps_the_rule(place):
        return write(tried[-1][0])
    return write(max(tried, key=lambda entry: worst_fill(entry[1]))[0])


def varied(source, variant):
    if variant is None:
        return source
    return tightened(source) if variant == TIGHT else breaking_before(source, variant)


def well_filled(fills):
    return len(fills) == 1 or min(fills[1:]) >= MIN_FILL and fills[0] >= MIN_FILL


def worst_fill(fills):
    return 1.0 if len(fills) == 1 else min(fills)


def content_area(page):
    box = page._page_box
    return box, box.content_box_y(), box.height


def page_fills(laid):
    """How full each page is: the bottom of its lowest text or picture over its content
    area's height. (A block that runs on to the next page reaches the foot of this one, and
    so do html and body: only what they hold counts.)"""
    from weasyprint.formatting_structure.boxes import MarginBox

    def bottom(box):
        children = getattr(box, "children", ())
        if not children:
            return box.border_box_y() + box.border_height()
        return max(bottom(child) for child in children)

    fills = []
    for page in laid.pages:
        box, top, height = content_area(page)
        roots = [child for child in box.children if not isinstance(child, MarginBox)]
        lowest = max((bottom(root) for root in roots), default=top)
        fills.append(max(0.0, min(1.0, (lowest - top) / height)))
    return fills


def places(laid):
    """{data-at name: (page index, top)} where each place first starts, for the places a
    forced page break can use (not inside a table: a table row does not break)."""
    found = {}

    def walk(box, index, in_table):
        element = getattr(box, "element", None)
        name = element.get("data-at") if element is not None else None
        display = str(box.style["display"]) if getattr(box, "style", None) else ""
        in_table = in_table or "table" in display
        if name and name not in found and not in_table:
            found[name] = (index, box.position_y)
        for child in getattr(box, "children", ()):
            walk(child, index, in_table)

    for index, page in enumerate(laid.pages):
        walk(page._page_box, index, False)
    return found


def break_place(laid, fills):
    """The latest place on the second-last page to start a new page at so that the last page
    becomes at least MIN_FILL full and the page before it stays so; None if there is none."""
    if len(fills) < 2:
        return None
    before = len(fills) - 2
    _box, top, height = content_area(laid.pages[before])
    bottom = top + fills[before] * height
    best = None
    for name, (index, y) in places(laid).items():
        if index != before:
            continue
        kept, last = (y - top) / height, fills[-1] + (bottom - y) / height
        if kept >= MIN_FILL and MIN_FILL <= last <= SAFE_FILL and (best is None or y > best[1]):
            best = (name, y)
    return best[0] if best else None


def tightened(source):
    return source.replace('class="layout-a4"', f'class="layout-a4 {TIGHT_CLASS}"', 1)


def breaking_before(source, place):
    rule = f'<style>[data-at="{place}"] {{ break-before: page; }}</style>'
    return source.replace("</head>", rule + "</head>", 1)


def png_bytes(image):
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", compress_level=6)
    return buffer.getvalue()


def page_count(data):
    document = pypdfium2.PdfDocument(data)
    try:
        return len(document)
    finally:
        document.close()


def pages(document, width=PAGE_WIDTH, first_only=False):
    """Paths of a PNG picture of each page (or of page 1 only), `width` pixels wide."""
    data = pdf(document).read_bytes()
    key = digest(data)
    count = 1 if first_only else page_count(data)
    drawn = []

    def produce(index):
        if not drawn:
            drawn.extend(page_images(data, width))
        return png_bytes(drawn[index])

    return [
        rendered("infographic-page", f"{key}:{width}:{index}", ".png", lambda i=index: produce(i))
        for index in range(count)
    ]


def preview(document):
    """Page 1, small: the staff pages' preview."""
    return pages(document, PREVIEW_WIDTH, first_only=True)[0]


def pages_zip(document):
    """Every page's picture in one zip, for a download."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for number, path in enumerate(pages(document), start=1):
            archive.write(path, f"page-{number}.png")
    return buffer.getvalue()


def long_pdf(source):
    """The long layout on one page cut to the content's height (CSS px are 1/96 inch)."""
    from weasyprint import HTML

    from base.rendering import speedups
    from base.rendering.pdf import fetcher, font_configuration, image_cache

    document = HTML(string=source, base_url="static:", url_fetcher=fetcher()).render(
        font_config=font_configuration(), cache=image_cache()
    )
    last = document.pages[-1]
    root = last._page_box.children[0]  # the <html> box: its bottom is the content's end
    last.height = min(last.height, root.position_y + root.margin_height())
    with speedups.ours():
        return document.write_pdf(attachments=[])


def long_image(document):
    """The long image's path: LONG_WIDTH pixels wide, as tall as the content."""
    source = html(document, layout="long")

    def produce():
        images = page_images(long_pdf(source), LONG_WIDTH)
        if len(images) == 1:
            return png_bytes(images[0])
        tall = Image.new("RGB", (LONG_WIDTH, sum(image.height for image in images)), "white")
        top = 0
        for image in images:
            tall.paste(image, (0, top))
            top += image.height
        return png_bytes(tall)

    return rendered("infographic-long", f"{source}:{LONG_WIDTH}", ".png", produce)


# ---------------------------------------------------------------- share card


@cache
def font_file(family):
    """(file, face index) of a font family/style, as fontconfig resolves it."""
    found = subprocess.run(
        ["fc-match", "-f", "%{file}\n%{index}", family],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split("\n")
    return found[0], int(found[1] or 0)


def font(size, bold=False):
    file, index = font_file(f"{fonts.SANS}:bold" if bold else fonts.SANS)
    return ImageFont.truetype(file, size, index=index)


def card_facts(document):
    when = dates(document)
    source, _unit = offices(document)
    return {
        "title": document.title,
        "source": source,
        "number": document.number,
        "published_on": when["published_on"],
        "figures": [
            {key: str(figure.get(key, "")) for key in ("value", "unit", "label")}
            for figure in document.interpretation.key_figures[:3]
        ],
        "qr": public_url(document),
    }


def fit(draw, text, face, width):
    """`text` cut to `width` pixels, with an ellipsis when cut."""
    if draw.textlength(text, font=face) <= width:
        return text
    while text and draw.textlength(text + "…", font=face) > width:
        text = text[:-1]
    return text + "…"


CLOSING = set("，。、；：？！）》」』”’,.;:?!)")


def wrap(draw, text, face, width, lines):
    """`text` in at most `lines` lines of `width` pixels: Chinese breaks between any two
    characters, a run of Latin letters and digits stays whole, closing punctuation never
    starts a line; the last line ends in an ellipsis when text is left over."""
    tokens = re.findall(r"[A-Za-z0-9.%+\-]+|.", text)
    result, line = [], ""
    for index, token in enumerate(tokens):
        if line and token not in CLOSING and draw.textlength(line + token, font=face) > width:
            if len(result) == lines - 1:
                result.append(fit(draw, line + "".join(tokens[index:]), face, width))
                return result
            result.append(line)
            line = ""
        line += token
    return [*result, line] if line else result


def centre_square(size=CARD_SIZE):
    """(left, top, right, bottom) of the card's centred square: what WeChat and others show
    of a wide picture as a thumbnail. The title and the QR code stay inside it."""
    width, height = size
    side = min(width, height)
    left, top = (width - side) // 2, (height - side) // 2
    return left, top, left + side, top + side


def card_panel(size=CARD_SIZE):
    """The white panel with the title and the QR code, inside the centre square."""
    left, top, right, bottom = centre_square(size)
    inset = 12
    return left + inset, top + inset, right - inset, bottom - inset


QR_SIDE = 116  # the QR code's side on the card, in pixels
PANEL_PAD = 22
TITLE_SIZE, TITLE_LINES, TITLE_LINE_HEIGHT = 25, 4, 35


def title_lines(draw, title):
    """The title as the card prints it: up to TITLE_LINES lines across the panel."""
    x0, _y0, x1, _y1 = card_panel()
    return wrap(draw, title, font(TITLE_SIZE, bold=True), x1 - x0 - 2 * PANEL_PAD, TITLE_LINES)


def draw_card(facts, size=CARD_SIZE):
    """The share card: on red, a white panel in the centre square with the title and the QR
    code; the source, number and date on the left, up to three key figures on the right."""
    width, height = size
    card = Image.new("RGB", size, RED)
    draw = ImageDraw.Draw(card)
    for x in range(width):  # a deep red gradient from left to right
        t = x / width
        colour = tuple(
            round(a + (b - a) * t) for a, b in ((0xB7, 0x7F), (0x1C, 0x00), (0x1C, 0x00))
        )
        draw.line([(x, 0), (x, height)], fill=colour)
    draw.ellipse((width - 300, -220, width + 120, 170), fill="#8a1010")
    draw.ellipse((-140, height - 90, 170, height + 230), fill="#a51717")

    x0, y0, x1, y1 = card_panel(size)
    draw.rounded_rectangle((x0, y0, x1, y1), radius=16, fill="white")
    pad = PANEL_PAD
    pill_font = font(15, bold=True)
    draw.rounded_rectangle((x0 + pad, y0 + 18, x0 + pad + 86, y0 + 44), radius=13, fill=RED)
    draw.text((x0 + pad + 43, y0 + 31), "政策图解", font=pill_font, fill="white", anchor="mm")
    title_font, top = font(TITLE_SIZE, bold=True), y0 + 58
    for line in title_lines(draw, facts["title"]):
        draw.text((x0 + pad, top), line, font=title_font, fill=RED_DARK)
        top += TITLE_LINE_HEIGHT

    qr = segno.make(facts["qr"], error="m")
    buffer = io.BytesIO()  # whole pixels per module: a sharp code
    qr.save(buffer, kind="png", scale=QR_SIDE // qr.symbol_size(border=0)[0], border=0,
            dark=RED_DARK)  # fmt: skip
    code = Image.open(buffer).convert("RGB")
    code_x, code_y = x0 + pad, y1 - pad - code.height
    card.paste(code, (code_x, code_y))
    scan_font = font(16)
    text_x = code_x + code.width + 18
    middle = code_y + code.height // 2
    draw.text((text_x, middle - 12), "扫码阅读", font=scan_font, fill=SLATE, anchor="lm")
    draw.text((text_x, middle + 12), "政策原文及解读", font=scan_font, fill=SLATE, anchor="lm")

    draw_card_source(draw, facts, (24, x0 - 24), height)
    draw_card_figures(draw, facts["figures"], (x1 + 24, width - 24), height)
    return card


def draw_card_source(draw, facts, span, height):
    """来源, 文号 and 发布日期 in the left wing, centred on the card's height."""
    left, right = span
    width = right - left
    label_font, name_font, line_font = font(13), font(18, bold=True), font(14)
    names = wrap(draw, facts["source"], name_font, width, 2)
    when = f"发布日期：{facts['published_on']}" if facts["published_on"] else "送审稿 · 尚未发布"
    block = 20 + 26 * len(names) + 14 + 22 + 22
    top = (height - block) // 2
    draw.text((left, top), "来源", font=label_font, fill="#ffcdd2")
    top += 20
    for line in names:
        draw.text((left, top), line, font=name_font, fill="white")
        top += 26
    top += 14
    draw.text((left, top), fit(draw, facts["number"], line_font, width), font=line_font,
              fill="#ffebee")  # fmt: skip
    draw.text((left, top + 22), fit(draw, when, line_font, width), font=line_font,
              fill="#ffebee")  # fmt: skip


def draw_card_figures(draw, figures, span, height):
    """Up to three key figures, one under the other, in the right wing."""
    if not figures:
        return
    left, right = span
    width = right - left
    value_font, unit_font, caption_font = font(36, bold=True), font(15), font(13)
    slot = 96
    top = (height - slot * len(figures)) // 2
    for index, figure in enumerate(figures):
        base = top + index * slot + 46
        if index:
            draw.line([(left, base - 52), (right, base - 52)], fill="#c94a4a", width=1)
        value = fit(draw, figure["value"], value_font, width - 20)
        draw.text((left, base), value, font=value_font, fill="white", anchor="ls")
        unit_x = left + draw.textlength(value, font=value_font) + 5
        unit = fit(draw, figure["unit"], unit_font, max(0, right - unit_x))
        draw.text((unit_x, base - 4), unit, font=unit_font, fill="#ffcdd2", anchor="ls")
        caption = fit(draw, figure["label"], caption_font, width)
        draw.text((left, base + 8), caption, font=caption_font, fill="#ffebee", anchor="la")


@cache
def card_design():
    """The card is drawn by this module's code: a change to it is a new card."""
    return hashlib.sha256(Path(__file__).read_bytes()).hexdigest()


def share_card(document):
    """The 900×383 share card's path."""
    facts = card_facts(document)
    key = json.dumps(
        {"facts": facts, "size": CARD_SIZE, "design": card_design(), "font": font_file(fonts.SANS)},
        ensure_ascii=False,
        sort_keys=True,
    )
    return rendered("infographic-card", key, ".png", lambda: png_bytes(draw_card(facts)))


def all_outputs(document):
    """PDF, page pictures, long image and card: paths, rendered where missing."""
    return {
        "pdf": pdf(document),
        "pages": pages(document),
        "long": long_image(document),
        "card": share_card(document),
    }

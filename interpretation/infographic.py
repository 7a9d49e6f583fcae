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


# WeasyPrint is imported when first used: importing it parses its own stylesheets and logs,
# which every management command (and manage.py's one-line errors) would print.


def render_pdf(source):
    from base.rendering.pdf import render_pdf

    return render_pdf(source)


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
    return {
        "document": document,
        "interpretation": interpretation,
        "unit": document.drafting_unit.name,
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
    return render_to_string(
        TEMPLATE,
        {
            **context,
            "figure_rows": rows,
            "point_columns": columns,
            "layout": layout,
            "stylesheets": stylesheet_urls(layout),
        },
    )


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
    source = html(document)
    return rendered("infographic", source, ".pdf", lambda: render_pdf(source))


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
    return {
        "title": document.title,
        "issuing_body": document.issuing_body,
        "line": " · ".join(
            [document.number]
            + ([f"发布日期 {when['published_on']}"] if when["published"] else ["送审稿 · 尚未发布"])
        ),
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


def draw_card(facts, size=CARD_SIZE):
    """The share card: red, the title large, two or three key figures, the QR code."""
    width, height = size
    card = Image.new("RGB", size, RED)
    draw = ImageDraw.Draw(card)
    for x in range(width):  # a deep red gradient from left to right
        t = x / width
        colour = tuple(
            round(a + (b - a) * t) for a, b in ((0xB7, 0x7F), (0x1C, 0x00), (0x1C, 0x00))
        )
        draw.line([(x, 0), (x, height)], fill=colour)
    draw.ellipse((width - 470, -260, width + 90, 250), fill="#8a1010")
    draw.ellipse((-140, height - 80, 170, height + 230), fill="#a51717")

    left, panel_width = 44, 186
    text_width = width - left - panel_width - 80
    pill_font, issuer_font = font(16, bold=True), font(16)
    draw.rounded_rectangle((left, 32, left + 96, 60), radius=14, fill="white")
    draw.text((left + 48, 46), "政策图解", font=pill_font, fill=RED, anchor="mm")
    issuer = fit(draw, facts["issuing_body"], issuer_font, text_width - 110)
    draw.text((left + 110, 46), issuer, font=issuer_font, fill="#ffcdd2", anchor="lm")

    title_font = font(32, bold=True)
    top = 78
    for line in wrap(draw, facts["title"], title_font, text_width, 2):
        draw.text((left, top), line, font=title_font, fill="white")
        top += 46
    line_font = font(15)
    draw.text((left, top + 8), fit(draw, facts["line"], line_font, text_width), font=line_font,
              fill="#ffcdd2")  # fmt: skip

    figures = facts["figures"]
    if figures:
        slot = text_width // len(figures)
        value_font, unit_font, caption_font = font(46, bold=True), font(17), font(14)
        base = height - 52
        for index, figure in enumerate(figures):
            x = left + index * slot
            if index:
                draw.line([(x - 16, base - 42), (x - 16, base + 24)], fill="#d35050", width=1)
            value = fit(draw, figure["value"], value_font, slot - 28)
            draw.text((x, base), value, font=value_font, fill="white", anchor="ls")
            unit_x = x + draw.textlength(value, font=value_font) + 5
            unit = fit(draw, figure["unit"], unit_font, max(0, x + slot - 28 - unit_x))
            draw.text((unit_x, base - 4), unit, font=unit_font, fill="#ffcdd2", anchor="ls")
            caption = fit(draw, figure["label"], caption_font, slot - 28)
            draw.text((x, base + 8), caption, font=caption_font, fill="#ffebee", anchor="la")

    side = 146  # the QR code on a white panel, centred on the card's height
    panel_height = 20 + side + 12 + 22 + 14
    x0, y0 = width - panel_width - 36, (height - panel_height) // 2
    draw.rounded_rectangle((x0, y0, x0 + panel_width, y0 + panel_height), radius=14, fill="white")
    qr = segno.make(facts["qr"], error="m")
    buffer = io.BytesIO()  # whole pixels per module: a sharp code
    qr.save(buffer, kind="png", scale=side // qr.symbol_size(border=0)[0], border=0, dark=RED_DARK)
    code = Image.open(buffer).convert("RGB")
    card.paste(code, (x0 + (panel_width - code.width) // 2, y0 + 20 + (side - code.height) // 2))
    draw.text((x0 + panel_width // 2, y0 + 20 + side + 12 + 11), "扫码阅读全文", font=font(16),
              fill=SLATE, anchor="mm")  # fmt: skip
    return card


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

"""HTML to PDF with WeasyPrint, the one way the product makes PDFs.

One FontConfiguration per process: building it asks fontconfig for every font, which costs
more than rendering a page. Stylesheets name fonts by family (`fonts.SANS`, `fonts.SERIF`):
Noto CJK ships as .ttc collections whose first face is Japanese, and a family name makes
fontconfig pick the Simplified Chinese face. An official document's parts are set with the
custom properties of `fonts.stylesheet()` (`var(--font-body)`), given to every render, so
the faces an office installs are used without touching a stylesheet.
"""

import threading
from functools import cache

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration

from base.rendering import fonts, speedups
from base.rendering.fetcher import OwnFilesOnly

speedups.install()


@cache
def font_configuration():
    return FontConfiguration()


@cache
def font_stylesheet():
    return CSS(string=fonts.stylesheet())


_local = threading.local()
IMAGE_CACHE_ENTRIES = 256


def fetcher():
    """One per thread: building one costs ~40 ms (urllib builds an SSL context), and an
    instance keeps per-request state, so threads do not share it."""
    if not hasattr(_local, "fetcher"):
        _local.fetcher = OwnFilesOnly()
    return _local.fetcher


def image_cache():
    """Decoded images by URL (our static files, data: URLs), kept between renders of one
    thread: icons, QR codes and charts repeat, and decoding them is ~10 % of a render.
    WeasyPrint reads entries back while it writes the PDF, so the cache is only ever
    emptied between renders, never during one."""
    cache = getattr(_local, "images", None)
    if cache is None or len(cache) > IMAGE_CACHE_ENTRIES:
        cache = _local.images = {}
    return cache


def render_pdf(html):
    """PDF bytes for an HTML string whose resources are `static:` or `data:` URLs."""
    document = HTML(string=html, base_url="static:", url_fetcher=fetcher())
    with speedups.ours():
        return document.write_pdf(
            stylesheets=[font_stylesheet()],
            font_config=font_configuration(),
            attachments=[],
            cache=image_cache(),
        )


def lay_out(html):
    """The laid-out pages of an HTML string, not yet written: for a renderer that measures
    its pages (WeasyPrint's `Document.pages`) before choosing the layout it prints."""
    document = HTML(string=html, base_url="static:", url_fetcher=fetcher())
    with speedups.ours():
        return document.render(
            stylesheets=[font_stylesheet()], font_config=font_configuration(), cache=image_cache()
        )


def write_pdf(document):
    """PDF bytes of a document `lay_out` returned."""
    with speedups.ours():
        return document.write_pdf(attachments=[])

"""/sitemap.xml and /robots.txt for search engines.

/sitemap.xml is a sitemap index (the protocol allows 50,000 URLs a file, and a city's
publications grow past that); it names one sitemap of the list pages and one per kind,
each split into pages of `Sitemap.limit`. Every URL is absolute from PUBLIC_BASE_URL and
carries its lastmod, the live version's publication time.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.sitemaps import Sitemap
from django.core.paginator import EmptyPage
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.views.decorators.http import require_safe

from publications.models import Kind
from publications.payloads import absolute
from web.portal import params, public
from web.portal.conditional import conditional, site, static
from web.portal.pages import not_found


def newest(kind=None):
    return public.Selection(kind).newest()


class PublicSitemap(Sitemap):
    # a page of 2,000 URLs: well under the protocol's 50,000, and quick to write
    limit = 2_000

    def get_protocol(self, protocol=None):
        # read when asked, not at import: the setting may change (tests, a reload)
        return urlsplit(settings.PUBLIC_BASE_URL).scheme or "https"

    def get_domain(self, site=None):
        """The public host (and path prefix, if any), whoever asked."""
        return settings.PUBLIC_BASE_URL.split("://", 1)[-1].rstrip("/")


class Lists(PublicSitemap):
    def items(self):
        return ["portal:home", "portal:policies", "portal:replies", "portal:statistics"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        if name == "portal:statistics":
            return None  # made from the working records, not from publications
        return newest({"portal:policies": Kind.POLICY, "portal:replies": Kind.REPLY}.get(name))

    def get_latest_lastmod(self):
        return newest()


class Items(PublicSitemap):
    def __init__(self, kind):
        self.kind = kind

    def items(self):
        # in the order of the (kind, source_id) index: no sort, and a page of the sitemap
        # keeps its items as others arrive
        return (
            public.visible()
            .filter(kind=self.kind)
            .select_related("live")
            .only("kind", "source_id", "live__published_at")
            .order_by("source_id")
        )

    def lastmod(self, publication):
        return publication.live.published_at

    @property
    def paginator(self):
        pages = super().paginator
        pages.count = public.Selection(self.kind).count()  # the cached total
        return pages

    def get_latest_lastmod(self):
        return newest(self.kind)


SECTIONS = {
    "pages": Lists(),
    "policies": Items(Kind.POLICY),
    "interpretations": Items(Kind.INTERPRETATION),
    "replies": Items(Kind.REPLY),
}


def xml_answer(root, entries):
    """The sitemap protocol's XML, written directly: Django's templates take about a second
    for a few thousand URLs, this takes milliseconds."""
    element = "sitemap" if root == "sitemapindex" else "url"
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<{root} xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
        *(
            f"<{element}><loc>{escape(location)}</loc>"
            + (f"<lastmod>{timezone.localdate(lastmod).isoformat()}</lastmod>" if lastmod else "")
            + f"</{element}>"
            for location, lastmod in entries
        ),
        f"</{root}>",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="application/xml; charset=utf-8")


@login_not_required
@require_safe
@conditional(site)
def index(request):
    entries = []
    for name, sitemap in SECTIONS.items():
        location = absolute(reverse("portal:sitemap-section", args=[name]))
        lastmod = sitemap.get_latest_lastmod()
        entries += [
            (location if number == 1 else f"{location}?p={number}", lastmod)
            for number in range(1, sitemap.paginator.num_pages + 1)
        ]
    return xml_answer("sitemapindex", entries)


@login_not_required
@require_safe
@conditional(site)
@params.answers_bad_input_with_html
def section(request, section):
    sitemap = SECTIONS.get(section)
    if sitemap is None:
        return not_found(request)
    number = params.positive(request, "p", 1, params.MAX_PAGE)
    try:
        urls = sitemap.get_urls(page=number)
    except EmptyPage:
        return not_found(request)
    return xml_answer("urlset", [(url["location"], url["lastmod"]) for url in urls])


@login_not_required
@require_safe
@conditional(static)
def robots(request):
    lines = [
        "User-agent: *",
        "Disallow: /staff/",
        "Disallow: /admin/",
        "Disallow: /feedback/",
        "Disallow: /apply/status/",
        "",
        f"Sitemap: {absolute(reverse('portal:sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")

"""Atom 1.0 and RSS 2.0 feeds (Django's syndication framework): everything, one kind, or
one unit's items, the newest `ITEMS` of each.

An entry's id is a tag: URI made of the portal's host and the item's key, so it stays the
same across versions and a reader shows a new version as an update of the same entry
(`updated` = the live version's publication time). Links are absolute from
PUBLIC_BASE_URL, not from the Host header of whoever asked. A PDF (the infographic, the reply
letter, a PDF attachment) is an enclosure with its length and type; RSS allows one. The
catalogue fields (索引号, 主题分类, 发文机关, 成文日期) are Dublin Core elements of the entry.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Enclosure, Rss201rev2Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import override
from django.views.decorators.http import require_safe

from base.organisation.models import Unit
from publications.models import Kind
from publications.payloads import absolute
from web.portal import public
from web.portal.conditional import conditional, site
from web.portal.present import Item

ITEMS = 50
# The date in a tag: URI is when its authority began minting them; it never changes.
TAG_DATE = "2026"
DUBLIN_CORE = "http://purl.org/dc/elements/1.1/"


class Catalogued:
    """An entry's 政府信息公开目录 fields as Dublin Core elements, which both formats allow
    beside their own: dc:identifier the 索引号, dc:subject the 主题分类, dc:publisher the
    发文机关, dc:date the 成文日期. A reader that knows none of them ignores them."""

    def root_attributes(self):
        return {**super().root_attributes(), "xmlns:dc": DUBLIN_CORE}

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name, value in item.get("catalogue", ()):
            if value:
                handler.addQuickElement(f"dc:{name}", value)


class CataloguedAtom(Catalogued, Atom1Feed):
    pass


class CataloguedRss(Catalogued, Rss201rev2Feed):
    pass


FORMATS = {"atom": CataloguedAtom, "rss": CataloguedRss}


def tag(specific):
    host = urlsplit(settings.PUBLIC_BASE_URL).hostname or "localhost"
    return f"tag:{host},{TAG_DATE}:{specific}"


class PublicationFeed(Feed):
    language = "zh-CN"

    def __init__(self, format):
        super().__init__()
        self.feed_type = FORMATS[format]
        self.format = format

    # the feed ---------------------------------------------------------------------
    def get_object(self, request, scope="all", kind=None, unit_id=None, **kwargs):
        if unit_id is not None:
            return {"scope": f"units/{unit_id}", "unit": get_object_or_404(Unit, pk=unit_id)}
        return {"scope": kind or scope, "kind": kind}

    def title(self, obj):
        if unit := obj.get("unit"):
            return _("湛江市政务公开 · %(unit)s") % {"unit": unit.name}
        if kind := obj.get("kind"):
            return _("湛江市政务公开 · %(kind)s") % {"kind": Kind(kind).label}
        return _("湛江市政务公开")

    def subtitle(self, obj):
        return _("政策文件与政策解读同步公开，人大代表建议和政协委员提案办理结果全文公开。")

    description = subtitle

    def link(self, obj):
        pages = {Kind.POLICY: "portal:policies", Kind.REPLY: "portal:replies"}
        return absolute(reverse(pages.get(obj.get("kind"), "portal:home")))

    def feed_url(self, obj):
        return absolute(f"/feeds/{obj['scope']}.{self.format}")

    def feed_guid(self, obj):
        return tag(f"feeds/{obj['scope']}")

    def author_name(self, obj):
        return _("湛江市人民政府")

    def feed_copyright(self, obj):
        return _("湛江市人民政府办公室")

    def items(self, obj):
        unit = obj.get("unit")
        chosen = public.Selection(obj.get("kind"), unit=unit.pk if unit else None)
        return [Item(publication) for publication in chosen[:ITEMS]]

    # an entry -----------------------------------------------------------------------
    def item_title(self, item):
        return item.title

    def item_description(self, item):
        """Plain text by rule, sent as escaped HTML (what both formats expect)."""
        return escape(item.summary or item.body[:300])

    def item_link(self, item):
        return absolute(item.url)

    def item_guid(self, item):
        return tag(item.key)

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.publication.created_at

    def item_updateddate(self, item):
        return item.published

    def item_author_name(self, item):
        return item.unit

    def item_categories(self, item):
        return [item.kind_label, item.catalogue["topic"].label]

    def item_extra_kwargs(self, item):
        entry = item.catalogue
        written = entry["written_on"]
        with override("zh-hans"):  # the catalogue's own term, whoever reads the feed
            topic = str(entry["topic"].label)
        return {
            "catalogue": [
                ("identifier", entry["index_number"]),
                ("subject", topic),
                ("publisher", entry["issuing_body"]),
                ("date", written.isoformat() if written else ""),
            ]
        }

    def item_enclosures(self, item):
        enclosures = [
            Enclosure(absolute(entry.url), str(entry.size), entry.content_type)
            for entry in item.pdfs
        ]
        return enclosures[:1] if self.format == "rss" else enclosures


def view(format):
    feed = PublicationFeed(format)

    @login_not_required
    @require_safe
    @conditional(site)
    def serve(request, **kwargs):
        return feed(request, **kwargs)

    serve.__name__ = serve.__qualname__ = f"{format}_feed"
    return serve


atom = view("atom")
rss = view("rss")

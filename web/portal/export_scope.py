"""What a change to some publications touches on the exported site, so that a delivery
rewrites those pages and no others (web/portal/export.py).

An item is shown on its own page, and its companion's page links it (a document and its
interpretation); its API entry is linked from nowhere, so the export never holds it. It is
listed on the first page of the home page, its column, the API list, the feeds of
everything, of its kind and of its unit, and the sitemap: the index (lastmod), the list
pages' sitemap and the first page of its kind's. A later page of a list is not exported
(its query string sends a reader to Django), so it never needs rewriting.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from publications.models import Kind

EVERY_CHANGE = ("/", "/api/publications/", "/feeds/all.atom", "/feeds/all.rss", "/sitemap.xml")
COLUMN = {
    Kind.POLICY: ["portal:policies"],
    Kind.INTERPRETATION: ["portal:policies"],
    Kind.REPLY: ["portal:replies", "portal:statistics"],
}
SITEMAP_SECTION = {
    Kind.POLICY: "policies",
    Kind.INTERPRETATION: "interpretations",
    Kind.REPLY: "replies",
}


@dataclass
class Scope:
    """The paths to fetch again: `items` (their own pages), then `lists` (what links them),
    in that order so that a list never links a page the tree does not have yet."""

    items: list = field(default_factory=list)
    lists: list = field(default_factory=list)

    def add(self, group, *paths):
        for path in paths:
            if path not in group:
                group.append(path)

    @property
    def paths(self):
        return [*self.items, *self.lists]


def touched(publications):
    """The Scope of a change to these publications (with `companion` and `unit` loaded)."""
    scope = Scope()
    scope.add(scope.lists, *EVERY_CHANGE, reverse("portal:sitemap-section", args=["pages"]))
    for publication in publications:
        for one in filter(None, [publication, publication.companion]):
            scope.add(scope.items, one.get_absolute_url())
        kind, unit = publication.kind, publication.unit_id
        scope.add(
            scope.lists,
            *(reverse(name) for name in COLUMN[kind]),
            reverse("portal:sitemap-section", args=[SITEMAP_SECTION[kind]]),
            reverse("portal:feed-kind-atom", args=[kind]),
            reverse("portal:feed-kind-rss", args=[kind]),
            reverse("portal:feed-unit-atom", args=[unit]),
            reverse("portal:feed-unit-rss", args=[unit]),
        )
    return scope


def file_folder(publication):
    """Where the tree keeps an item's files: one folder per version under it."""
    return f"files/{publication.kind}/{publication.source_id}"

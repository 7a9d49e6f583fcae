"""The one rule of what the public sees, so that pages, feeds, the API, files and the
sitemap cannot disagree about it.

An item is public as `Publication.objects.public()` says (`publications.models.PUBLIC`): the
portal target has pointed it at a version (`live`) and it is not withdrawn.

Lists are read from the other end, as live versions newest first, so that the database walks
the index on `Version.published_at` and stops after a page: "newest first" is a property of
the version, and a query that starts from the publications has to sort all of them (SQLite
does, measured at 100,000 items: 0.5–2 s a list; walking the index: under 1 ms). A version
is shown when its publication, visible, points at it (`EXISTS`, which both SQLite and
PostgreSQL answer through the index on `Publication.live`).

Totals have no such shortcut: a count walks every matching row (~15–50 ms at 100,000), and so
does the newest item of a kind that has few (the walk passes every newer item of the others).
So these are kept in the cache for the state of the public items they were read in (the
newest `Publication.changed_at`, one index lookup: the ETag's rule, web/portal/conditional.py),
and for a minute at most, which bounds what an odd change (a row deleted by hand) could leave.
"""

import hashlib

from django.core.cache import cache
from django.db.models import Exists, Max, OuterRef, Prefetch, Q

from publications.models import PUBLIC, Kind, Publication, Rendition, Version

# Newest first; the id breaks ties, so that pages never overlap or skip an item.
NEWEST_FIRST = ("-published_at", "-pk")
REMEMBER_SECONDS = 60


def visible():
    return Publication.objects.public()


class Selection:
    """Public items newest first, filtered by what their publication is (`kind`, `unit`)
    and by what their live version says (`where`). Slicing it gives publications with
    `live`, unit, companion row and the version's renditions in hand (two queries)."""

    def __init__(self, kind=None, unit=None):
        self.of_publication = PUBLIC
        if kind:
            self.of_publication &= Q(kind=kind)
        if unit is not None:
            self.of_publication &= Q(unit_id=unit)
        self.of_version = Q()

    def where(self, condition):
        """Narrowed by a condition on the live version (time, fields, text)."""
        self.of_version &= condition
        return self

    def versions(self):
        # `live` always names a version of its own publication (the portal target sets it
        # from the event's version); saying so here too (pk=OuterRef("publication_id")) makes
        # PostgreSQL misjudge the join and sort every version (measured: 0.6 s against 8 ms)
        shown = Publication.objects.filter(self.of_publication, live=OuterRef("pk"))
        return (
            Version.objects.filter(Exists(shown), self.of_version)
            .select_related(
                "publication",
                "publication__unit",
                "publication__companion",
                "publication__catalogue_entry",
            )
            .prefetch_related(Prefetch("renditions", queryset=Rendition.objects.order_by("pk")))
            .order_by(*NEWEST_FIRST)
        )

    def count(self):
        return remembered(f"count|{self.of_publication}|{self.of_version}", self.count_now)

    def count_now(self):
        # without conditions on the version, counting the publications' own rows is cheaper
        if not self.of_version:
            return Publication.objects.filter(self.of_publication).count()
        return self.versions().count()

    def __getitem__(self, index):
        if not isinstance(index, slice):
            raise TypeError("a Selection is read by pages")
        return with_live(self.versions()[index])

    def newest(self):
        """The newest live version's publication time, or None."""
        return remembered(f"newest|{self.of_publication}|{self.of_version}", self.newest_now)

    def newest_now(self):
        return self.versions().values_list("published_at", flat=True).first()


def remembered(question, answer):
    """`answer()`, kept for the current state of the public items (see the module's text)."""
    state = Publication.objects.aggregate(changed=Max("changed_at"))["changed"]
    key = "portal:" + hashlib.sha256(f"{question}|{state}".encode()).hexdigest()
    return cache.get_or_set(key, answer, REMEMBER_SECONDS)


def with_live(versions):
    publications = []
    for version in versions:
        publication = version.publication
        publication.live = version  # the same row: no query, and `version.publication` is set
        publications.append(publication)
    return publications


def find(kind, source_id):
    """The public item, or None: anything else (unknown, undelivered, withdrawn) is the
    same 404 to the public."""
    if kind not in Kind.values:
        return None
    return (
        visible()
        .filter(kind=kind, source_id=source_id)
        .select_related("live", "unit", "companion", "catalogue_entry")
        .prefetch_related(Prefetch("live__renditions", queryset=Rendition.objects.order_by("pk")))
        .first()
    )


def companion_of(publication):
    """The item published together with this one (同步公开), when it is public too."""
    if not shows_companion(publication):
        return None
    return find(publication.companion.kind, publication.companion.source_id)


def shows_companion(publication):
    """Whether the companion is public, from the row a list already has."""
    companion = publication.companion
    return bool(companion and companion.live_id and companion.withdrawn_at is None)

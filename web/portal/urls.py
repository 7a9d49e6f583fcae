"""The portal's URLs, under the namespace `portal` at the site's root. Their names are
reversed by other code (`Publication.get_absolute_url`, the payloads): keep them."""

from django.urls import path, register_converter

from publications.models import Kind
from web.limits import limited
from web.portal import api, applications, feeds, files, pages, search, sitemaps, statistics

app_name = "portal"


class Identifier:
    """A database id: at most 18 digits, so that no URL reaches the database with a number
    it cannot hold."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class KindName:
    regex = "|".join(Kind.values)

    def to_python(self, value):
        return value

    def to_url(self, value):
        return str(value)


register_converter(Identifier, "id")
register_converter(KindName, "kind")

urlpatterns = [
    path("", pages.home, name="home"),
    path("policies/", pages.policies, name="policies"),
    path("policies/<id:source_id>/", pages.policy, name="policy"),
    path("policies/<id:source_id>/interpretation/", pages.interpretation, name="interpretation"),
    path("replies/", pages.replies, name="replies"),
    path("replies/<id:source_id>/", pages.reply, name="reply"),
    path("replies/statistics/", statistics.statistics, name="statistics"),
    path("search/", limited("search")(search.search), name="search"),
    path("files/<kind:kind>/<id:source_id>/v<id:version>/<str:name>", files.file, name="file"),
    path("feeds/all.atom", limited("feeds")(feeds.atom), name="feed-all-atom"),
    path("feeds/all.rss", limited("feeds")(feeds.rss), name="feed-all-rss"),
    path("feeds/<kind:kind>.atom", limited("feeds")(feeds.atom), name="feed-kind-atom"),
    path("feeds/<kind:kind>.rss", limited("feeds")(feeds.rss), name="feed-kind-rss"),
    path("feeds/units/<id:unit_id>.atom", limited("feeds")(feeds.atom), name="feed-unit-atom"),
    path("feeds/units/<id:unit_id>.rss", limited("feeds")(feeds.rss), name="feed-unit-rss"),
    path("api/publications/", limited("api")(api.publications), name="api-publications"),
    path("api/publications/<str:key>/", limited("api")(api.publication), name="api-publication"),
    path("api/openapi.json", api.openapi, name="openapi"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<slug:section>.xml", sitemaps.section, name="sitemap-section"),
    path("robots.txt", sitemaps.robots, name="robots"),
    # 依申请公开: the form, and the applicant's personal page (the key is the credential)
    # reading the form again while correcting it is free; sending it is counted
    path("apply/", limited("apply", method="POST")(applications.apply), name="apply"),
    path("apply/status/<str:key>/", limited("apply")(applications.status), name="apply-status"),
    path(
        "apply/status/<str:key>/answer.pdf",
        limited("apply")(applications.letter),
        name="apply-letter",
    ),
    path(
        "apply/status/<str:key>/files/<int:pk>/",
        limited("apply")(applications.given_file),
        name="apply-file",
    ),
]

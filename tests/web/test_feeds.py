"""Atom and RSS feeds and the sitemap, read as a feed reader and a search engine read them."""

import xml.etree.ElementTree as ET
from urllib.parse import unquote

import pytest

from publications.models import Kind
from tests.factories import UnitFactory
from tests.web.publishing import (
    PDF,
    attachment,
    policy_fields,
    policy_with_interpretation,
    publish,
    reply,
    withdraw,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

BASE = "https://gk.zhanjiang.gov.cn"
A = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def xml(client, url, content_type=None):
    response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    if content_type:
        assert response["Content-Type"] == content_type
    return ET.fromstring(response.content)


def atom_entries(client, url="/feeds/all.atom"):
    feed = xml(client, url, "application/atom+xml; charset=utf-8")
    assert feed.tag == f"{A}feed"
    return feed, {entry.findtext(f"{A}id"): entry for entry in feed.findall(f"{A}entry")}


def rss_items(client, url="/feeds/all.rss"):
    rss = xml(client, url, "application/rss+xml; charset=utf-8")
    assert rss.tag == "rss" and rss.get("version") == "2.0"
    channel = rss.find("channel")
    return channel, {item.findtext("guid"): item for item in channel.findall("item")}


# Atom ----------------------------------------------------------------------------------------


def test_the_atom_feed_is_valid_atom_with_absolute_links(client):
    policy_with_interpretation(1)
    reply(7)
    feed, entries = atom_entries(client)
    # required of a feed (RFC 4287 §4.1.1): id, title, updated; author (here, for all)
    assert feed.findtext(f"{A}id") == "tag:gk.zhanjiang.gov.cn,2026:feeds/all"
    assert feed.findtext(f"{A}title") == "湛江市政务公开"
    assert feed.findtext(f"{A}updated")
    assert feed.find(f"{A}author/{A}name").text == "湛江市人民政府"
    self_link = feed.find(f"{A}link[@rel='self']")
    assert self_link.get("href") == f"{BASE}/feeds/all.atom"
    assert set(entries) == {
        "tag:gk.zhanjiang.gov.cn,2026:policy-1",
        "tag:gk.zhanjiang.gov.cn,2026:interpretation-1",
        "tag:gk.zhanjiang.gov.cn,2026:reply-7",
    }
    for entry in entries.values():
        # required of an entry: id, title, updated; and a link to the page
        assert entry.findtext(f"{A}title") and entry.findtext(f"{A}updated")
        assert entry.find(f"{A}link[@rel='alternate']").get("href").startswith(f"{BASE}/")
    policy = entries["tag:gk.zhanjiang.gov.cn,2026:policy-1"]
    assert policy.findtext(f"{A}title") == "关于发放临时救助金的通知"
    assert policy.find(f"{A}link[@rel='alternate']").get("href") == f"{BASE}/policies/1/"
    assert policy.findtext(f"{A}summary") == "明确临时救助金的对象、标准和申请程序。"
    assert policy.find(f"{A}category").get("term") == "政策文件"


def test_entries_keep_their_id_and_move_updated_with_a_new_version(client):
    publish(Kind.POLICY, 1, title="关于救助的通知", fields=policy_fields())
    _, before = atom_entries(client)
    publish(Kind.POLICY, 1, title="关于救助的通知（修订）", fields=policy_fields())
    _, after = atom_entries(client)
    assert list(before) == list(after) == ["tag:gk.zhanjiang.gov.cn,2026:policy-1"]
    old, new = before.popitem()[1], after.popitem()[1]
    assert new.findtext(f"{A}title") == "关于救助的通知（修订）"
    assert new.findtext(f"{A}updated") > old.findtext(f"{A}updated")
    assert new.findtext(f"{A}published") == old.findtext(f"{A}published")


def test_pdfs_are_enclosures_with_length_and_type(client):
    policy_with_interpretation(1)
    reply(7)
    publish(
        Kind.POLICY,
        2,
        title="带附件的通知",
        fields=policy_fields(),
        attachments=[
            attachment("附件1.pdf", PDF + b"x", "application/pdf"),
            attachment("附件2.pdf", PDF + b"yy", "application/pdf"),
            attachment("表格.xlsx", b"not a pdf", "application/vnd.ms-excel"),
        ],
    )
    _, entries = atom_entries(client)

    def enclosures(key):
        return [
            (link.get("href"), link.get("length"), link.get("type"))
            for link in entries[f"tag:gk.zhanjiang.gov.cn,2026:{key}"].findall(
                f"{A}link[@rel='enclosure']"
            )
        ]

    size = str(len(PDF))
    assert enclosures("interpretation-1") == [
        (f"{BASE}/files/interpretation/1/v1/infographic.pdf", size, "application/pdf")
    ]
    assert enclosures("reply-7") == [
        (f"{BASE}/files/reply/7/v1/letter.pdf", size, "application/pdf")
    ]
    assert [unquote(href.rsplit("/", 1)[1]) for href, _, _ in enclosures("policy-2")] == [
        "附件1.pdf",
        "附件2.pdf",
    ]
    assert enclosures("policy-1") == []

    # RSS 2.0 allows one enclosure an item: the first PDF
    _, items = rss_items(client)
    enclosure = items["tag:gk.zhanjiang.gov.cn,2026:reply-7"].find("enclosure")
    assert enclosure.attrib == {
        "url": f"{BASE}/files/reply/7/v1/letter.pdf",
        "length": size,
        "type": "application/pdf",
    }
    assert len(items["tag:gk.zhanjiang.gov.cn,2026:policy-2"].findall("enclosure")) == 1


def test_feeds_by_kind_and_by_unit(client):
    education = UnitFactory(name="湛江市教育局")
    policy_with_interpretation(1)
    reply(7, unit=education)
    reply(8)
    _, entries = atom_entries(client, "/feeds/reply.atom")
    assert sorted(entries) == [
        "tag:gk.zhanjiang.gov.cn,2026:reply-7",
        "tag:gk.zhanjiang.gov.cn,2026:reply-8",
    ]
    _, entries = atom_entries(client, "/feeds/interpretation.atom")
    assert list(entries) == ["tag:gk.zhanjiang.gov.cn,2026:interpretation-1"]
    feed, entries = atom_entries(client, f"/feeds/units/{education.pk}.atom")
    assert list(entries) == ["tag:gk.zhanjiang.gov.cn,2026:reply-7"]
    assert feed.findtext(f"{A}title") == "湛江市政务公开 · 湛江市教育局"
    _, items = rss_items(client, f"/feeds/units/{education.pk}.rss")
    assert list(items) == ["tag:gk.zhanjiang.gov.cn,2026:reply-7"]
    assert client.get("/feeds/units/999999.atom").status_code == 404
    assert client.get("/feeds/nothing.atom").status_code == 404
    assert client.get("/feeds/units/99999999999999999999.atom").status_code == 404


# RSS -----------------------------------------------------------------------------------------


def test_the_rss_feed_is_valid_rss_2(client):
    policy_with_interpretation(1)
    channel, items = rss_items(client)
    # required of a channel: title, link, description
    assert channel.findtext("title") == "湛江市政务公开"
    assert channel.findtext("link") == f"{BASE}/"
    assert channel.findtext("description")
    assert channel.findtext("language") == "zh-CN"
    for guid, item in items.items():
        assert item.find("guid").get("isPermaLink") == "false"
        assert guid.startswith("tag:gk.zhanjiang.gov.cn,2026:")
        assert item.findtext("title") and item.findtext("link").startswith(f"{BASE}/")
        assert item.findtext("pubDate")


def test_links_come_from_public_base_url_not_from_the_host_header(client):
    publish(Kind.POLICY, 1, title="关于救助的通知", fields=policy_fields())
    response = client.get("/feeds/all.rss", headers={"host": "127.0.0.1"})
    assert b"127.0.0.1" not in response.content and BASE.encode() in response.content


# never anything but the live version -----------------------------------------------------


def all_text(client):
    urls = [
        "/feeds/all.atom",
        "/feeds/all.rss",
        "/feeds/policy.atom",
        "/feeds/reply.rss",
        "/sitemap-policies.xml",
        "/sitemap-replies.xml",
        "/sitemap-interpretations.xml",
    ]
    return "\n".join(client.get(url).content.decode() for url in urls)


def test_feeds_and_sitemap_show_neither_undelivered_nor_old_nor_withdrawn(client):
    publish(Kind.POLICY, 1, title="第一版标题", fields=policy_fields())
    publish(Kind.POLICY, 1, title="第二版标题", fields=policy_fields())
    publish(Kind.POLICY, 1, title="未送达的第三版", fields=policy_fields(), deliver_it=False)
    publish(Kind.POLICY, 2, title="从未送达的通知", fields=policy_fields(), deliver_it=False)
    withdrawn = reply(7, title="已撤回的答复")
    withdraw(withdrawn.publication)
    text = all_text(client)
    assert "第二版标题" in text
    for gone in ("第一版标题", "未送达的第三版", "从未送达的通知", "已撤回的答复", "reply-7"):
        assert gone not in text
    assert f"{BASE}/policies/1/" in text
    assert f"{BASE}/policies/2/" not in text and f"{BASE}/replies/7/" not in text


# sitemap -------------------------------------------------------------------------------------


def test_the_sitemap_index_names_every_section_and_each_lists_its_pages(client):
    policy_with_interpretation(1)
    reply(7)
    index = xml(client, "/sitemap.xml", "application/xml; charset=utf-8")
    assert index.tag == f"{SITEMAP}sitemapindex"
    locations = [entry.findtext(f"{SITEMAP}loc") for entry in index]
    assert locations == [
        f"{BASE}/sitemap-pages.xml",
        f"{BASE}/sitemap-policies.xml",
        f"{BASE}/sitemap-interpretations.xml",
        f"{BASE}/sitemap-replies.xml",
    ]
    assert all(entry.findtext(f"{SITEMAP}lastmod") for entry in index)
    urls = {}
    for location in locations:
        urlset = xml(client, location.removeprefix(BASE))
        assert urlset.tag == f"{SITEMAP}urlset"
        urls.update(
            {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in urlset}
        )
    assert set(urls) == {
        f"{BASE}/",
        f"{BASE}/policies/",
        f"{BASE}/replies/",
        f"{BASE}/policies/1/",
        f"{BASE}/policies/1/interpretation/",
        f"{BASE}/replies/7/",
        f"{BASE}/replies/statistics/",
    }
    # the statistics come from the working records, not from a publication: no lastmod
    assert urls.pop(f"{BASE}/replies/statistics/") is None
    assert all(len(lastmod) == len("2026-06-01") for lastmod in urls.values())


def test_a_large_section_is_split_into_pages(client, monkeypatch):
    from web.portal import sitemaps

    monkeypatch.setattr(sitemaps.Items, "limit", 2)
    for number in range(1, 6):
        publish(Kind.POLICY, number, title=f"第{number}号通知", fields=policy_fields())
    index = xml(client, "/sitemap.xml")
    locations = [entry.findtext(f"{SITEMAP}loc") for entry in index]
    assert f"{BASE}/sitemap-policies.xml?p=3" in locations
    third = xml(client, "/sitemap-policies.xml?p=3")
    assert [url.findtext(f"{SITEMAP}loc") for url in third] == [f"{BASE}/policies/5/"]


def test_robots_txt_points_at_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert f"Sitemap: {BASE}/sitemap.xml" in text and "Disallow: /staff/" in text


# conditional requests ------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/feeds/all.atom", "/feeds/reply.rss", "/sitemap.xml"])
def test_feeds_and_sitemap_answer_304_until_something_changes(client, url):
    version = reply(7)
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    since = client.get(url, headers={"if-modified-since": first["Last-Modified"]})
    assert since.status_code == 304
    withdraw(version.publication)
    assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 200


def test_feeds_refuse_anything_but_reading(client):
    assert client.post("/feeds/all.atom").status_code == 405
    assert client.head("/feeds/all.atom").status_code == 200

"""The static export (web/portal/export.py): items published the real way (the outbox, then
the portal target's delivery), the tree rebuilt from the portal, and what a plain web server
would then serve read back from `ROOT/current`."""

import hashlib
import json
import os
import re
import threading
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.decorators import login_not_required
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client, override_settings

from publications import outbox, targets
from publications.models import Action, Event, Kind, Publication
from tests.factories import UnitFactory
from web.portal import crawl as crawl_module
from web.portal.export import ExportError, StaticExport

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HOST = "https://gk.zhanjiang.gov.cn"


@pytest.fixture(autouse=True)
def portal(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PUBLIC_BASE_URL = HOST
    settings.ALLOWED_HOSTS = ["gk.zhanjiang.gov.cn"]


@pytest.fixture
def unit():
    return UnitFactory(name="湛江市民政局")


@pytest.fixture
def site(tmp_path):
    return StaticExport("export", ROOT=tmp_path / "export")


def publish(kind, source_id, unit, title, *, deliver=True, attachments=()):
    version = outbox.publish(
        kind,
        source_id,
        unit,
        title=title,
        body=f"{title}的正文。",
        attachments=attachments,
        actor="test",
    )
    if deliver:
        event = Event.objects.filter(version=version, action=Action.PUBLISH).latest("pk")
        targets.get(targets.PORTAL).deliver(event)
    return version


def withdraw(publication):
    outbox.withdraw(publication, "信息有误，撤回更正。", actor="test")
    targets.get(targets.PORTAL).deliver(publication.events.latest("pk"))


def attachment(settings, name, content):
    path = Path(settings.MEDIA_ROOT) / "attachments" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return {
        "name": name,
        "path": f"attachments/{name}",
        "sha256": hashlib.sha256(content).hexdigest(),
        "size": len(content),
        "content_type": "application/pdf",
    }


def read(root, name):
    return (root / "current" / name).read_text()


def everything(root):
    """Every file of the current tree and its bytes."""
    current = root / "current"
    return {
        str(path.relative_to(current)): path.read_bytes()
        for path in sorted(current.rglob("*"))
        if path.is_file()
    }


def test_the_tree_holds_pages_files_feeds_and_sitemap(site, unit, settings):
    pdf = attachment(settings, "附件1 申请表.pdf", PDF)
    policy = publish(Kind.POLICY, 7, unit, "关于发放临时救助金的通知", attachments=[pdf])
    publish(Kind.REPLY, 12, unit, "关于加强校园安全的建议的答复")
    publish(Kind.POLICY, 8, unit, "尚未发布的草案标题", deliver=False)

    result = site.rebuild()

    root = site.root
    assert (root / "current").is_symlink()
    assert os.readlink(root / "current") == f"releases/{result.release.name}"
    assert "关于发放临时救助金的通知" in read(root, "index.html")
    assert "关于发放临时救助金的通知" in read(root, "policies/index.html")
    assert "关于发放临时救助金的通知" in read(root, "policies/7/index.html")
    assert "关于加强校园安全的建议的答复" in read(root, "replies/12/index.html")
    # a file of the item, under its own (Chinese) name, byte for byte
    assert (root / "current/files/policy/7/v1/附件1 申请表.pdf").read_bytes() == PDF
    assert "关于发放临时救助金的通知" in read(root, "feeds/all.atom")
    assert "关于发放临时救助金的通知" in read(root, "feeds/all.rss")
    assert "关于发放临时救助金的通知" in read(root, "feeds/policy.atom")
    assert f"{HOST}/policies/7/" in read(root, "sitemap-policies.xml")
    assert "sitemap-policies.xml" in read(root, "sitemap.xml")
    assert read(root, "robots.txt").startswith("User-agent")
    assert json.loads(read(root, "api/publications/index.json"))["count"] == 2
    assert "paths" in json.loads(read(root, "api/openapi.json"))
    assert (root / "current/static/web/portal.css").is_file()
    assert (root / "current/search/index.html").is_file()
    # what was only written to the outbox is nowhere
    assert not (root / "current/policies/8").exists()
    assert not any("尚未发布的草案标题".encode() in data for data in everything(root).values())
    # never the staff site, the administration, a feedback link, a query string
    assert not [url for url in result.files if url.startswith(("/staff/", "/admin/", "/feedback/"))]
    assert not [url for url in result.files if "?" in url]
    assert result.files["/policies/7/"] == "policies/7/index.html"
    assert policy.publication.get_absolute_url() in result.files


def test_a_withdrawn_item_is_gone_after_the_next_rebuild(site, unit):
    withdrawn = publish(Kind.POLICY, 7, unit, "将被撤回的通知").publication
    publish(Kind.POLICY, 9, unit, "仍然有效的通知")
    first = site.rebuild()
    assert "将被撤回的通知" in read(site.root, "feeds/all.atom")

    withdraw(withdrawn)
    second = site.rebuild()

    assert not (site.root / "current/policies/7").exists()
    assert "将被撤回的通知" not in read(site.root, "feeds/all.atom")
    assert "将被撤回的通知" not in read(site.root, "index.html")
    assert "将被撤回的通知" not in read(site.root, "sitemap-policies.xml")
    assert "仍然有效的通知" in read(site.root, "policies/9/index.html")
    # the previous release is kept for readers still inside it; readers now see the new one
    assert (first.release / "policies/7/index.html").is_file()
    assert (site.root / "current").resolve() == second.release


def test_the_api_is_exported_at_its_first_page_and_links_django_for_the_rest(site, unit):
    """A later page shifts with every new item: it is not a file that would go stale (nginx
    sends its query string to Django), and every item is still reached by the sitemap."""
    for number in range(1, 23):  # 20 a page: two pages
        publish(Kind.REPLY, number, unit, f"第{number}号建议的答复")

    result = site.rebuild()

    first = json.loads(read(site.root, "api/publications/index.json"))
    assert first["next"] == f"{HOST}/api/publications/?page=2"
    assert not [url for url in result.files if "?" in url]
    assert not (site.root / "current/api/publications/page-2.json").exists()
    assert all((site.root / f"current/replies/{n}/index.html").is_file() for n in range(1, 23))


def test_a_crawl_failing_half_way_leaves_the_old_tree(site, unit, monkeypatch):
    publish(Kind.POLICY, 7, unit, "第一次导出的通知")
    first = site.rebuild()
    before = everything(site.root)
    publish(Kind.POLICY, 8, unit, "第二次导出才有的通知")

    saved = []
    real_save = crawl_module.Crawl.save

    def failing_save(crawl, name, url, chunks):
        if len(saved) == 5:
            raise OSError("disk trouble")
        saved.append(name)
        real_save(crawl, name, url, chunks)

    monkeypatch.setattr(crawl_module.Crawl, "save", failing_save)
    with pytest.raises(OSError, match="disk trouble"):
        site.rebuild()

    assert (site.root / "current").resolve() == first.release
    assert everything(site.root) == before
    assert [p.name for p in (site.root / "releases").iterdir()] == [first.release.name]


def test_a_failing_page_or_the_crawl_limit_stop_the_export_with_a_clear_error(site, unit):
    publish(Kind.POLICY, 7, unit, "关于发放临时救助金的通知")
    first = site.rebuild()

    small = StaticExport("export", ROOT=site.root, MAX_PAGES=3)
    with pytest.raises(ExportError, match="limit of 3 requests"):
        small.rebuild()
    assert (site.root / "current").resolve() == first.release

    @login_not_required
    def broken(request, *args, **kwargs):
        raise RuntimeError("template trouble")

    from web.portal import urls

    pattern = next(p for p in urls.urlpatterns if p.name == "policy")
    original, pattern.callback = pattern.callback, broken
    try:
        with pytest.raises(ExportError, match="/policies/7/ failed: RuntimeError: template"):
            site.rebuild()
    finally:
        pattern.callback = original
    assert (site.root / "current").resolve() == first.release
    assert sorted(p.name for p in (site.root / "releases").iterdir()) == [first.release.name]


def test_the_newest_three_releases_are_kept(site, unit):
    publish(Kind.POLICY, 7, unit, "关于发放临时救助金的通知")
    results = [site.rebuild() for _ in range(4)]
    releases = sorted(p.name for p in (site.root / "releases").iterdir())
    assert releases == [r.release.name for r in results[-3:]]
    assert (site.root / "current").resolve() == results[-1].release


@override_settings(
    DEBUG=False,
    ALLOWED_HOSTS=["gk.zhanjiang.gov.cn"],
    SECURE_SSL_REDIRECT=True,
    SECURE_HSTS_SECONDS=31536000,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
)
def test_it_works_in_production_mode(site, unit, settings):
    publish(Kind.POLICY, 7, unit, "关于发放临时救助金的通知")
    site.rebuild()
    assert "关于发放临时救助金的通知" in read(site.root, "policies/7/index.html")
    assert f"{HOST}/policies/7/" in read(site.root, "feeds/all.atom")

    settings.PUBLIC_BASE_URL = "http://gk.zhanjiang.gov.cn"
    with pytest.raises(ExportError, match="PUBLIC_BASE_URL must start with https://"):
        site.rebuild()
    settings.PUBLIC_BASE_URL = "https://elsewhere.example.cn"
    with pytest.raises(ExportError, match="ALLOWED_HOSTS does not allow"):
        site.rebuild()


def test_it_is_a_configured_target_and_a_command(settings, unit, tmp_path):
    publish(Kind.POLICY, 7, unit, "关于发放临时救助金的通知")
    settings.PUBLICATION_TARGETS = {
        "export": {"ENGINE": "web.portal.export.StaticExport", "ROOT": str(tmp_path / "a")}
    }
    assert targets.get("export").whole_tree
    targets.get("export").rebuild()
    assert (tmp_path / "a/current/policies/7/index.html").is_file()

    call_command("export_site", "--root", str(tmp_path / "b"), stdout=(out := Out()))
    assert (tmp_path / "b/current/policies/7/index.html").is_file()
    assert "Static export:" in out.text

    settings.PUBLICATION_TARGETS = {}
    with pytest.raises(CommandError, match="--root"):
        call_command("export_site")
    with pytest.raises(CommandError, match="limit of 2"):
        call_command("export_site", "--root", str(tmp_path / "b"), "--max-pages", "2")


@pytest.mark.django_db(transaction=True)
def test_on_postgresql_the_crawl_reads_one_snapshot(site, unit, monkeypatch):
    """A withdrawal committed mid-crawl does not leave the home page listing an item whose
    page is missing: the whole crawl sees the portal as it was when it began."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has one writer at a time: the crawl reads as it goes")
    publication = publish(Kind.POLICY, 7, unit, "导出过程中被撤回的通知").publication
    real_fetch = crawl_module.Crawl.fetch

    def withdraw_elsewhere():
        withdraw(Publication.objects.get(pk=publication.pk))
        connection.close()

    def fetch(crawl, path, referrer):
        real_fetch(crawl, path, referrer)
        if path == "/":
            writer = threading.Thread(target=withdraw_elsewhere)
            writer.start()
            writer.join()

    monkeypatch.setattr(crawl_module.Crawl, "fetch", fetch)
    first = site.rebuild()
    assert "导出过程中被撤回的通知" in read(site.root, "index.html")
    assert "/policies/7/" in first.files

    monkeypatch.undo()
    site.rebuild()
    assert not (site.root / "current/policies/7").exists()


def test_nginx_serves_the_export_with_the_headers_django_sets(unit):
    """deploy/nginx-headers.conf repeats Django's security headers for the files nginx serves
    itself (the export, /static/): they must not drift apart."""
    conf = (Path(django_settings.BASE_DIR) / "deploy/nginx-headers.conf").read_text()
    nginx = dict(re.findall(r'^add_header (\S+) "([^"]*)" always;', conf, re.MULTILINE))
    response = Client(HTTP_HOST="gk.zhanjiang.gov.cn").get("/", secure=True)
    assert response.status_code == 200
    for name in (
        "Content-Security-Policy",
        "X-Frame-Options",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert nginx[name] == response.headers[name], name
    assert nginx["Strict-Transport-Security"].startswith("max-age=31536000; includeSubDomains")


class Out:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass

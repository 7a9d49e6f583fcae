"""A delivery's update of the static export (web/portal/export.py): only the pages a change
touches are fetched again and moved into the live tree; what is no longer public goes; a
failure leaves the tree as it was and tells the publication desk; a whole rebuild running
meanwhile takes in what deliveries changed while it crawled."""

import json

import pytest

from publications.models import Kind, Publication
from tests.web import test_export as shared
from tests.web.test_export import PDF, attachment, everything, publish, read, withdraw
from web.portal import crawl as crawl_module
from web.portal.crawl import ExportError

pytestmark = pytest.mark.django_db

# the export's fixtures: the portal's settings (autouse), a unit, an export under tmp_path
portal, unit, site = shared.portal, shared.unit, shared.site


def fresh(publication):
    return Publication.objects.select_related("companion", "live").get(pk=publication.pk)


def test_a_new_item_rewrites_its_page_and_the_lists_and_nothing_else(site, unit):
    for number in range(1, 6):
        publish(Kind.REPLY, number, unit, f"第{number}号建议的答复")
    publish(Kind.POLICY, 7, unit, "关于发放临时救助金的通知")
    first = site.rebuild()
    untouched = site.root / "current/replies/3/index.html"
    before = untouched.stat().st_ino, untouched.read_bytes()

    new = publish(Kind.POLICY, 8, unit, "关于调整最低生活保障标准的通知").publication
    result = site.update([fresh(new)])

    assert (site.root / "current").resolve() == first.release  # the same tree, updated
    assert "关于调整最低生活保障标准的通知" in read(site.root, "policies/8/index.html")
    for listing in ("index.html", "policies/index.html", "feeds/all.atom", "feeds/policy.rss"):
        assert "关于调整最低生活保障标准的通知" in read(site.root, listing), listing
    assert f"/feeds/units/{unit.pk}.atom" in result.files
    assert "/policies/8/" in read(site.root, "sitemap-policies.xml")
    assert json.loads(read(site.root, "api/publications/index.json"))["count"] == 7
    # a page the change does not touch is the same file, not written again
    assert (untouched.stat().st_ino, untouched.read_bytes()) == before
    assert "/replies/" not in result.files
    assert result.fetched <= 20
    assert not list(site.root.glob(".staging-*"))


def test_a_withdrawal_takes_the_item_and_its_files_off_the_tree(site, unit, settings):
    pdf = attachment(settings, "附件 申请表.pdf", PDF)
    policy = publish(Kind.POLICY, 7, unit, "将被撤回的通知", attachments=[pdf]).publication
    publish(Kind.POLICY, 9, unit, "仍然有效的通知")
    site.rebuild()
    assert (site.root / "current/files/policy/7/v1/附件 申请表.pdf").is_file()

    withdraw(policy)
    result = site.update([fresh(policy)])

    assert result.gone == ["/policies/7/"]
    assert not (site.root / "current/policies/7").exists()
    assert not (site.root / "current/files/policy/7").exists()
    assert not any("将被撤回的通知".encode() in data for data in everything(site.root).values())
    assert "仍然有效的通知" in read(site.root, "index.html")


def test_a_new_version_brings_its_files_and_drops_the_old_ones(site, unit, settings):
    first = attachment(settings, "附件一.pdf", PDF)
    policy = publish(Kind.POLICY, 7, unit, "关于发放临时救助金的通知", attachments=[first])
    site.rebuild()

    second = attachment(settings, "附件一（修订）.pdf", PDF + b"%revised\n")
    publish(Kind.POLICY, 7, unit, "关于发放临时救助金的通知（修订）", attachments=[second])
    site.update([fresh(policy.publication)])

    assert (
        (site.root / "current/files/policy/7/v2/附件一（修订）.pdf")
        .read_bytes()
        .endswith(b"%revised\n")
    )
    assert not (site.root / "current/files/policy/7/v1").exists()
    assert "（修订）" in read(site.root, "policies/7/index.html")


def test_a_failed_update_keeps_the_tree_and_is_shown_as_trouble(site, unit, monkeypatch):
    publish(Kind.POLICY, 7, unit, "关于发放临时救助金的通知")
    site.rebuild()
    before = everything(site.root)
    new = publish(Kind.POLICY, 8, unit, "导出失败时发布的通知").publication
    real_fetch = crawl_module.Crawl.fetch

    def failing(crawl, path, referrer):
        if path == "/feeds/all.rss":
            raise ExportError(f"{crawl.url(path)} answered 500")
        real_fetch(crawl, path, referrer)

    monkeypatch.setattr(crawl_module.Crawl, "fetch", failing)
    with pytest.raises(ExportError, match="all.rss answered 500"):
        site.update([fresh(new)])

    assert everything(site.root) == before  # not one file moved in
    assert site.trouble()["what"] == "update"
    assert "all.rss answered 500" in site.trouble()["error"]
    monkeypatch.undo()
    site.update([fresh(new)])  # the next try is an update again, and clears the alert
    assert site.trouble() is None
    assert "导出失败时发布的通知" in read(site.root, "index.html")


def test_a_rebuild_takes_in_what_a_delivery_changed_while_it_crawled(site, unit, monkeypatch):
    publish(Kind.POLICY, 7, unit, "关于发放临时救助金的通知")
    site.rebuild()
    real_fetch = crawl_module.Crawl.fetch
    delivered = []

    def fetch(crawl, path, referrer):
        real_fetch(crawl, path, referrer)
        if path == "/feeds/all.rss" and not delivered and crawl.live is None:
            # the rebuild has read the home page and the lists: a delivery lands now
            new = publish(Kind.POLICY, 8, unit, "重建期间发布的通知").publication
            delivered.append(site.update([fresh(new)]))

    monkeypatch.setattr(crawl_module.Crawl, "fetch", fetch)
    rebuilt = site.rebuild()

    assert delivered  # the delivery did not wait for the rebuild's crawl
    assert (site.root / "current").resolve() == rebuilt.release
    assert "重建期间发布的通知" in read(site.root, "index.html")
    assert "重建期间发布的通知" in read(site.root, "policies/8/index.html")
    assert not (site.root / "journal.jsonl").exists()


def test_the_first_delivery_makes_the_first_tree_and_a_failure_is_not_crawled_again(
    site, unit, monkeypatch
):
    policy = publish(Kind.POLICY, 7, unit, "关于发放临时救助金的通知").publication
    calls = []
    real_run = crawl_module.Crawl.run

    def broken_run(crawl, tree):
        calls.append(tree)
        raise ExportError("the portal's home page answered 503")

    monkeypatch.setattr(crawl_module.Crawl, "run", broken_run)
    with pytest.raises(ExportError, match="503"):
        site.update([fresh(policy)])
    with pytest.raises(ExportError, match="tried again 900 s later"):
        site.update([fresh(policy)])
    assert len(calls) == 1  # one whole crawl, not one per delivery
    assert site.current is None

    monkeypatch.setattr(crawl_module.Crawl, "run", real_run)
    site.retry_first_after = 0
    site.update([fresh(policy)])
    assert "关于发放临时救助金的通知" in read(site.root, "policies/7/index.html")


def test_an_update_does_not_crawl_what_a_list_names_and_the_tree_lacks(site, unit):
    """A tree missing pages (restored from an old copy) is the nightly rebuild's to mend: one
    delivery fetches what it changed, not every item its lists name."""
    for number in range(1, 6):
        publish(Kind.POLICY, number, unit, f"第{number}号通知")
    site.rebuild()
    for number in range(1, 5):
        (site.root / f"current/policies/{number}/index.html").unlink()

    new = publish(Kind.POLICY, 9, unit, "新发布的通知").publication
    result = site.update([fresh(new)])

    assert "/policies/9/" in result.files
    assert not [path for path in result.files if path.startswith(("/policies/1/", "/policies/2/"))]
    assert not (site.root / "current/policies/1/index.html").exists()

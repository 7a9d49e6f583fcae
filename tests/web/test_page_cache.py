"""Rendered public pages kept in the shared cache (web/portal/page_cache.py): a reader gets
the page another reader's request rendered, never a stale, withdrawn or personal one."""

import logging

import pytest
from django.db import connection
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test.utils import CaptureQueriesContext

from publications.models import Kind
from tests.factories import PersonFactory
from tests.web.publishing import policy_fields, publish, withdraw
from web.portal import page_cache

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

EVERYWHERE = ["/", "/policies/", "/feeds/all.atom", "/api/publications/"]  # titles shown


@pytest.fixture(autouse=True)
def shared(settings, request):
    """A shared cache of this test's own (in memory: its reads are no database queries)."""
    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": request.node.name,
        },
    }
    settings.PORTAL_PAGE_CACHE_SECONDS = 600


def policy(source_id, title):
    fields = policy_fields(number=f"湛府办〔2026〕{source_id}号")
    return publish(Kind.POLICY, source_id, title=title, body=f"{title}的正文。", fields=fields)


def queries(client, url, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code == 200, response.content[:300]
    return response, len(captured)


def test_a_warm_page_costs_the_state_query_only(client):
    policy(1, "关于发放临时救助金的通知")
    for url in [*EVERYWHERE, "/sitemap.xml", "/policies/1/", "/api/publications/policy-1/"]:
        first, rendering = queries(client, url)
        again, kept = queries(client, url)
        assert kept == 1 < rendering, url
        assert again.content == first.content, url


def test_a_kept_page_keeps_its_headers_and_gets_the_security_ones(client):
    policy(1, "关于发放临时救助金的通知")
    first = client.get("/api/publications/")
    again = client.get("/api/publications/")
    for name in ["Content-Type", "Access-Control-Allow-Origin", "ETag", "Content-Language"]:
        assert again.headers[name] == first.headers[name], name
    assert "default-src 'self'" in again.headers["Content-Security-Policy"]
    assert again.headers["X-Frame-Options"] == "DENY"
    assert "no-cache" in again.headers["Cache-Control"]


def test_each_language_and_query_string_has_its_own_page(client):
    policy(1, "第一份通知")
    policy(2, "第二份通知")
    for _ in range(2):  # the second round is read from the cache
        english = client.get("/", headers={"accept-language": "en"}).content.decode()
        chinese = client.get("/", headers={"accept-language": "zh-hans"}).content.decode()
        assert '<html lang="en">' in english and '<html lang="zh-hans">' in chinese
        first = client.get("/api/publications/?page_size=1").json()["results"]
        second = client.get("/api/publications/?page_size=1&page=2").json()["results"]
        assert [item["title"] for item in first + second] == ["第二份通知", "第一份通知"]


def test_a_withdrawal_shows_at_once_although_the_pages_were_kept(client):
    version = policy(1, "关于发放临时救助金的通知")
    policy(2, "关于做好防汛工作的通知")
    urls = [*EVERYWHERE, "/policies/1/", "/api/publications/policy-1/"]
    for url in urls:
        assert "临时救助金" in queries(client, url)[0].content.decode(), url
    assert "/policies/1/" in client.get("/sitemap-policies.xml").content.decode()

    withdraw(version.publication)

    assert client.get("/policies/1/").status_code == 404
    assert client.get("/api/publications/policy-1/").status_code == 404
    assert "/policies/1/" not in client.get("/sitemap-policies.xml").content.decode()
    for url in EVERYWHERE:
        shown = client.get(url).content.decode()
        assert "临时救助金" not in shown and "防汛" in shown, url


def test_a_new_version_shows_at_once_although_the_pages_were_kept(client):
    policy(1, "关于发放临时救助金的通知")
    for url in [*EVERYWHERE, "/policies/1/"]:
        client.get(url)

    policy(1, "关于发放临时救助金的通知（修订）")

    for url in [*EVERYWHERE, "/policies/1/"]:
        assert "（修订）" in client.get(url).content.decode(), url


def test_a_reader_who_has_the_page_still_gets_a_304(client):
    policy(1, "关于发放临时救助金的通知")
    etag = client.get("/policies/1/").headers["ETag"]
    client.get("/policies/1/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/policies/1/", headers={"if-none-match": etag})
    assert response.status_code == 304
    assert len(captured) == 1


def test_staff_never_get_nor_leave_a_kept_page(client):
    policy(1, "关于发放临时救助金的通知")
    client.get("/")  # kept for readers
    client.force_login(PersonFactory())
    for _ in range(2):
        response, count = queries(client, "/")
        assert count > 3  # the session, the person, the page's own queries: rendered
    client.logout()

    cold = PersonFactory()
    client.force_login(cold)
    client.get("/policies/")
    client.logout()
    response, count = queries(client, "/policies/")
    assert count > 1  # the staff member's rendering was not kept for readers


def test_when_the_cache_is_down_pages_are_rendered(client, settings, caplog):
    settings.CACHES = {
        **settings.CACHES,
        "shared": {
            "BACKEND": "web.portal.page_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        },
    }
    policy(1, "关于发放临时救助金的通知")
    with caplog.at_level(logging.WARNING, logger="web.portal.page_cache"):
        for url in ["/", "/policies/", "/policies/1/", "/sitemap.xml"]:
            for _ in range(2):
                response = client.get(url)
                assert response.status_code == 200, url
        assert "临时救助金" in client.get("/policies/1/").content.decode()
    assert "portal page cache: read failed" in caplog.text


def test_nothing_is_kept_when_turned_off(client, settings):
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    policy(1, "关于发放临时救助金的通知")
    client.get("/")
    assert queries(client, "/")[1] > 1


def plain(request, response):
    pass


def sets_a_cookie(request, response):
    response.set_cookie("reader", "7")


def uses_the_csrf_token(request, response):
    get_token(request)


def says_private(request, response):
    response["Cache-Control"] = "private"


def has_its_own_csp(request, response):
    response._csp_config = {"default-src": ["'none'"]}


@pytest.mark.parametrize(
    "answer, kept",
    [
        (plain, True),
        (sets_a_cookie, False),
        (uses_the_csrf_token, False),
        (says_private, False),
        (has_its_own_csp, False),
    ],
)
def test_an_answer_meant_for_one_reader_is_never_kept(rf, answer, kept):
    request, response = rf.get("/policies/"), HttpResponse("<p>列表</p>")
    answer(request, response)
    page_cache.keep(request, "state", "policies", response)
    found = page_cache.read(rf.get("/policies/"), "state", "policies")
    assert (found is not None and found.content == response.content) is kept

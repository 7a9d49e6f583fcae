"""One address asking the public side too often gets a 429 in its language, with
Retry-After, and nothing else changes: other addresses and the static export go on."""

import pytest
from django.test import Client

from tests.pipelines.test_publish import approve_demo_package  # noqa: F401 — keeps imports warm

pytestmark = pytest.mark.django_db
LIMITS = {"search": "3/m", "api": "3/m", "feeds": "3/m", "feedback": "2/m"}


@pytest.fixture(autouse=True)
def tight(settings):
    settings.PUBLIC_RATE_LIMITS = LIMITS


def asked(path, times, address="203.0.113.7", language="zh-hans", method="get"):
    client = Client(REMOTE_ADDR=address, HTTP_ACCEPT_LANGUAGE=language)
    return [getattr(client, method)(path).status_code for _ in range(times)], client


@pytest.mark.parametrize("path", ["/search/?q=湛江", "/api/publications/", "/feeds/all.atom"])
def test_the_fourth_request_in_a_minute_is_refused_with_429(path):
    statuses, client = asked(path, 4)
    assert statuses == [200, 200, 200, 429]
    refused = client.get(path)
    assert refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "请求过于频繁" in refused.content.decode()
    # another address is not affected
    assert asked(path, 1, address="198.51.100.9")[0] == [200]


def test_the_refusal_speaks_english_to_an_english_reader():
    statuses, client = asked("/search/?q=x", 4, language="en")
    assert statuses[-1] == 429
    assert "Too many requests" in client.get("/search/?q=x").content.decode()


def test_the_feedback_link_is_limited_too():
    statuses, _client = asked("/feedback/not-a-token/", 3, method="post")
    assert statuses == [404, 404, 429]


def test_the_static_export_is_not_limited():
    from web.limits import INTERNAL

    client = Client(REMOTE_ADDR="127.0.0.1", **{INTERNAL: True})
    assert {client.get("/feeds/all.atom").status_code for _ in range(6)} == {200}

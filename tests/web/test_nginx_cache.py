"""nginx's micro-cache in front of Django (deploy/nginx-cache.conf), through a real nginx: a
reader gets the public answer another reader's request fetched a moment ago, never a
personal one, never one in the other language, and a withdrawn page for at most ~2 s (nginx
counts whole seconds: `1s` keeps a copy to the end of the next one)."""

import os
import re
import socket
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from django.conf import settings as django_settings

from base.organisation.models import UnitKind
from publications.models import Kind
from tests.factories import UnitFactory
from tests.web.publishing import policy_fields, publish, withdraw
from tests.web.test_apply import PERSON, apply, status_link

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("media_root")]

NGINX = Path("/usr/sbin/nginx")
DEPLOY = Path(django_settings.BASE_DIR) / "deploy"
# as deploy/nginx.conf's @django, with the cache's verdict shown to the test
CONF = """
{user}
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {work}/body;
    proxy_temp_path {work}/proxy;
    fastcgi_temp_path {work}/fastcgi;
    uwsgi_temp_path {work}/uwsgi;
    scgi_temp_path {work}/scgi;
    proxy_cache_path {work}/cache levels=1:2 keys_zone=micro:1m inactive=60s;
    include {deploy}/nginx-cache.conf;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass {django};
            proxy_cache micro;
            include {deploy}/nginx-proxy.conf;
            add_header X-Cache-Status $upstream_cache_status always;
        }}
    }}
}}
"""


@pytest.fixture
def nginx(live_server, tmp_path, settings):
    """nginx on a free port, proxying to the live server; Django keeps no pages itself, so
    that what is kept is nginx's doing."""
    assert NGINX.exists(), "nginx is not installed: run deploy/system-packages.sh"
    settings.PORTAL_PAGE_CACHE_SECONDS = 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    conf = tmp_path / "nginx.conf"
    # as root, the workers would run as nobody, who may not enter the test's 0700 folder
    user = "user root;" if os.geteuid() == 0 else ""
    conf.write_text(
        CONF.format(user=user, work=tmp_path, port=port, deploy=DEPLOY, django=live_server.url)
    )
    server = subprocess.Popen([NGINX, "-c", conf], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            httpx.get(f"{url}/robots.txt", timeout=1)
            break
        except httpx.TransportError:
            assert server.poll() is None, server.stderr.read().decode()
            time.sleep(0.05)
    yield url
    server.terminate()
    server.wait(10)


def get(url, **headers):
    """(HTTP status, the cache's verdict, the body); no cookies kept between requests."""
    response = httpx.get(url, headers=headers, timeout=10)
    return response.status_code, response.headers.get("X-Cache-Status", ""), response.text


def policy(source_id, title):
    fields = policy_fields(number=f"湛府办〔2026〕{source_id}号")
    return publish(Kind.POLICY, source_id, title=title, body=f"{title}的正文。", fields=fields)


def test_a_public_answer_is_served_again_from_the_cache(nginx):
    policy(1, "关于发放临时救助金的通知")
    for path in ["/", "/policies/1/", "/api/publications/?kind=policy", "/feeds/all.atom"]:
        status, first, body = get(nginx + path)
        assert (status, first) == (200, "MISS") and "临时救助金" in body, path
        status, again, body_again = get(nginx + path)
        assert (status, again, body_again) == (200, "HIT", body), path


def test_someone_logged_in_never_gets_nor_leaves_a_kept_copy(nginx):
    policy(1, "关于发放临时救助金的通知")
    for cookie in ["sessionid=abc123", "csrftoken=xyz; django_language=zh-hans"]:
        path = f"/feeds/all.atom?{cookie[:4]}"
        assert get(nginx + path, cookie=cookie)[:2] == (200, "BYPASS")
        assert get(nginx + path)[:2] == (200, "MISS")  # nothing was kept for readers
        assert get(nginx + path)[:2] == (200, "HIT")
        assert get(nginx + path, cookie=cookie)[:2] == (200, "BYPASS")  # nor served to them


def test_personal_pages_and_the_staff_site_are_never_cached(nginx):
    UnitFactory(name="湛江市人民政府办公室", kind=UnitKind.GOVERNMENT_OFFICE)
    mine = status_link(apply(PERSON)[1])
    for _ in range(2):
        status, verdict, body = get(nginx + re.sub(r"^https?://[^/]+", "", mine))
        assert (status, verdict) == (200, "BYPASS") and "待确认" in body
        assert get(nginx + "/staff/accounts/login/")[:2] == (200, "BYPASS")
        assert get(nginx + "/staff/")[1] == "BYPASS"


def test_an_english_reader_never_gets_the_chinese_copy(nginx):
    policy(1, "关于发放临时救助金的通知")
    for _ in range(2):  # the second round from the cache
        chinese = get(nginx + "/policies/")[2]
        english = get(nginx + "/policies/", **{"accept-language": "en-US,en;q=0.9"})[2]
        by_cookie = get(nginx + "/policies/", cookie="django_language=en")[2]
        chosen = get(nginx + "/policies/", cookie="django_language=zh-hans", **{
            "accept-language": "en"
        })[2]  # fmt: skip
        assert '<html lang="zh-hans">' in chinese and '<html lang="zh-hans">' in chosen
        assert '<html lang="en">' in english and '<html lang="en">' in by_cookie
    assert get(nginx + "/policies/", cookie="django_language=en")[1] == "HIT"


def test_a_withdrawn_page_is_gone_within_two_seconds(nginx):
    version = policy(1, "关于发放临时救助金的通知")
    get(nginx + "/policies/1/")
    assert get(nginx + "/policies/1/")[:2] == (200, "HIT")

    withdraw(version.publication)
    withdrawn = time.monotonic()
    while get(nginx + "/policies/1/")[0] == 200:
        assert time.monotonic() - withdrawn < 2.1, "still served from the cache"
        time.sleep(0.05)
    time.sleep(0.1)
    assert get(nginx + "/policies/1/")[0] == 404  # and stays gone


def test_after_a_pause_the_first_reader_gets_no_expired_copy(nginx):
    version = policy(1, "关于发放临时救助金的通知")
    get(nginx + "/policies/?page=1")
    assert get(nginx + "/policies/?page=1")[1] == "HIT"

    withdraw(version.publication)
    time.sleep(2.1)  # nobody reads meanwhile: the copy expired

    status, verdict, body = get(nginx + "/policies/?page=1")
    assert status == 200 and "临时救助金" not in body, verdict


def test_production_caches_only_what_misses_the_export():
    """deploy/nginx.conf turns the cache on in @django alone: never for /staff/, /admin/,
    /i18n/, /feedback/."""
    conf = (DEPLOY / "nginx.conf").read_text()
    assert "include /etc/nginx/gongkai/cache.conf;" in conf
    blocks = re.findall(r"location ([^{]+)\{([^}]*)\}", conf)
    assert [where.strip() for where, body in blocks if "proxy_cache micro;" in body] == ["@django"]

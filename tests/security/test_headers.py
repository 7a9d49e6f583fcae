"""Production mode's transport and browser security: web/settings.py read with a production
environment (DEBUG off), applied to this process, and asked over the test client.

Every response carries a Content-Security-Policy without inline script or eval, HSTS for a
year, nosniff, a referrer policy, X-Frame-Options DENY and a cross-origin opener policy; the
session and CSRF cookies are Secure and SameSite=Lax (the session's HttpOnly); plain HTTP is
redirected to HTTPS. (`manage.py check --deploy` in production mode: tests/web/test_settings.py.)
"""

import importlib.util
import os
import re
import secrets
from pathlib import Path
from unittest import mock

import pytest
from django.conf import settings
from django.template import engines
from django.test import Client, override_settings

from base.organisation.roles import Role
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
HOST = "gongkai.zhanjiang.gov.cn"
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": HOST,
}
# what stays as the test suite has it: its database, its fast hasher, its files
KEPT = {"DATABASES", "PASSWORD_HASHERS", "MEDIA_ROOT", "STATIC_ROOT", "VAR_DIR", "BASE_DIR"}
ONE_YEAR = 365 * 24 * 3600


def production_settings():
    """web/settings.py as production reads it (a fresh module, nothing else imported again)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT"}
    }
    path = Path(settings.BASE_DIR) / "web" / "settings.py"
    with mock.patch.dict(os.environ, {**environment, **PRODUCTION}, clear=True):
        spec = importlib.util.spec_from_file_location("production_settings", path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return {name: getattr(module, name) for name in dir(module) if name.isupper()}


@pytest.fixture(scope="module")
def production():
    values = production_settings()
    assert values["DEBUG"] is False
    # the same code runs: only values differ, so no app or middleware is reloaded
    # (viewflow appends its Turbo middleware to the running settings when it starts)
    assert values["INSTALLED_APPS"] == settings.INSTALLED_APPS
    assert [name for name in settings.MIDDLEWARE if name in values["MIDDLEWARE"]] == (
        values["MIDDLEWARE"]
    )
    changed = {
        name: value
        for name, value in values.items()
        if name not in {*KEPT, "INSTALLED_APPS", "MIDDLEWARE"}
        and getattr(settings, name, object()) != value
    }
    with override_settings(**changed):
        yield values


@pytest.fixture
def browser(production):
    return Client(HTTP_HOST=HOST)


def https(client, path, method="get", **data):
    return getattr(client, method)(path, data, secure=True)


def test_production_mode_is_what_the_environment_says(production):
    assert production["DEBUG"] is False
    assert production["SECURE_SSL_REDIRECT"] is True
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SECURE_HSTS_SECONDS"] >= ONE_YEAR


@pytest.mark.parametrize("path", ["/", "/staff/", "/staff/accounts/login/", "/admin/", "/healthz"])
def test_plain_http_is_redirected_to_https(browser, path):
    response = browser.get(path)
    assert response.status_code == 301
    assert response["Location"] == f"https://{HOST}{path}"


def csp_directives(response):
    policy = response.headers["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def assert_secure_headers(response):
    directives = csp_directives(response)
    assert directives["script-src"] == ["'self'"], directives["script-src"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"]
    assert directives["form-action"] == ["'self'"]
    hsts = response.headers["Strict-Transport-Security"]
    max_age = int(re.search(r"max-age=(\d+)", hsts).group(1))
    assert max_age >= ONE_YEAR and "includeSubDomains" in hsts
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),
        ("/healthz", 200),
        ("/staff/accounts/login/", 200),
        ("/staff/", 302),  # to the login page
        ("/admin/login/", 200),
        ("/no-such-page/", 404),
    ],
)
def test_anonymous_responses_carry_the_security_headers(browser, path, status):
    response = https(browser, path)
    assert response.status_code == status
    assert_secure_headers(response)


def test_staff_pages_carry_the_security_headers(browser):
    person = PersonFactory(username="liming", roles=[Role.DRAFTER])
    browser.force_login(person)
    for path, status in [
        ("/staff/policy/interpretation/", 200),
        ("/staff/policy/interpretation/start/", 200),
        ("/staff/proposals/board/", 403),
    ]:
        response = https(browser, path)
        assert response.status_code == status, path
        assert_secure_headers(response)


def test_the_csrf_cookie_is_secure_and_lax(browser):
    response = https(browser, "/staff/accounts/login/")
    cookie = response.cookies[settings.CSRF_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"


def test_the_session_cookie_is_secure_httponly_and_lax(browser):
    PersonFactory(username="liming", roles=[Role.DRAFTER])
    response = https(
        browser,
        "/staff/accounts/login/",
        "post",
        username="liming",
        password="secret-password",
    )
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_a_wrong_host_is_refused(production):
    response = Client(HTTP_HOST="evil.example.com").get("/", secure=True)
    assert response.status_code == 400


# scripts from files only: an inline <script> or on...= handler would need 'unsafe-inline'
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/(ld\+)?json\")", re.I)
HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(href|src|action)\s*=\s*["']\s*javascript:""", re.I)


def project_templates():
    base = Path(settings.BASE_DIR).resolve()
    venv = base / ".venv"
    for directory in engines["django"].template_dirs:
        directory = Path(directory).resolve()
        if directory.is_relative_to(base) and not directory.is_relative_to(venv):
            yield from directory.rglob("*.html")


def test_no_project_template_has_inline_script():
    templates = list(project_templates())
    assert len(templates) > 10
    found = []
    for template in templates:
        text = template.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, JAVASCRIPT_URL):
            found += [f"{template}: {match.group(0)}" for match in pattern.finditer(text)]
    assert not found, "\n".join(found)

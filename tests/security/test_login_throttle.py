"""Login throttling (base/organisation/throttle.py): five failed logins for a username from
one address, or from an address whatever the names, within fifteen minutes lock that name
at that address, or that address, out, even with the right password, until fifteen minutes
after the last failure (a name failing elsewhere does not lock the person out); the staff
login and the admin login count together; a successful login clears its account's failures;
the audit log records the lockout. Runs on SQLite and PostgreSQL alike (the failures live in
the database)."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.test import Client, override_settings
from django.utils import timezone

from base.audit.models import AuditRecord
from base.organisation.roles import Role
from tests.concurrency import at_once
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
STAFF_LOGIN = "/staff/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
PASSWORD = "secret-password"
LOCKED = "登录失败次数过多"


@pytest.fixture
def person():
    return PersonFactory(username="liming", roles=[Role.DRAFTER])


@pytest.fixture
def admin():
    return PersonFactory(username="zhaoli", is_staff=True, is_superuser=True, unit=None)


def attempt(client, username, password, url=STAFF_LOGIN, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


def fail(client, username, times, url=STAFF_LOGIN, **extra):
    responses = [attempt(client, username, "wrong-password", url, **extra) for _ in range(times)]
    return responses[-1]


def logged_in(response):
    return response.status_code == 302 and response.wsgi_request.user.is_authenticated


def test_the_defaults_are_five_failures_in_fifteen_minutes():
    assert settings.LOGIN_FAILURE_LIMIT == 5
    assert settings.LOGIN_COOLOFF_MINUTES == 15


def test_four_failures_still_let_the_right_password_in(client, person):
    page = fail(client, "liming", 4)
    assert page.status_code == 200 and LOCKED not in page.content.decode()
    assert logged_in(attempt(client, "liming", PASSWORD))


def test_the_fifth_failure_locks_the_name_even_for_the_right_password(client, person):
    locking = fail(client, "liming", 5)
    assert locking.status_code == 429
    html = locking.content.decode()
    assert LOCKED in html and "15分钟后再试" in html
    assert 'name="password"' in html  # the login form again, with the reason above it
    assert 'lang="zh-hans"' in html

    refused = attempt(client, "liming", PASSWORD)
    assert refused.status_code == 429 and LOCKED in refused.content.decode()
    assert not refused.wsgi_request.user.is_authenticated
    assert "_auth_user_id" not in client.session
    # from another address the person gets in: a stranger cannot lock a name out everywhere
    other = attempt(Client(), "liming", PASSWORD, REMOTE_ADDR="10.9.8.7")
    assert logged_in(other)


def test_the_lockout_is_in_the_audit_log(client, person):
    fail(client, "liming", 5)
    attempt(client, "liming", PASSWORD)
    locked = AuditRecord.objects.get(action="login.locked_out")
    assert locked.actor_name == "login-throttle"
    assert locked.object_id == str(person.pk)
    assert locked.details["username"] == "liming"
    assert locked.details["ip_address"] == "127.0.0.1"
    assert locked.details["path"] == STAFF_LOGIN
    refused = AuditRecord.objects.get(action="login.refused")
    assert refused.details["username"] == "liming"


def test_an_unknown_name_is_locked_and_audited_too(client):
    assert fail(client, "nobody", 5).status_code == 429
    record = AuditRecord.objects.get(action="login.locked_out")
    assert record.object_id == "" and record.details["username"] == "nobody"


def test_the_lock_ends_fifteen_minutes_after_the_last_failure(client, person):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, "liming", 5)
    # attempts during the lockout do not prolong it
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        assert attempt(client, "liming", PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=14, seconds=59), tick=False):
        assert attempt(client, "liming", PASSWORD).status_code == 429
    with time_machine.travel(start + timedelta(minutes=15, seconds=1), tick=False):
        assert logged_in(attempt(client, "liming", PASSWORD))


def test_failures_older_than_the_window_do_not_count(client, person):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fail(client, "liming", 4)
    with time_machine.travel(start + timedelta(minutes=16), tick=False):
        page = fail(client, "liming", 1)
        assert page.status_code == 200
        assert logged_in(attempt(client, "liming", PASSWORD))


def test_a_successful_login_clears_the_accounts_failures(client, person):
    fail(client, "liming", 4)
    assert logged_in(attempt(client, "liming", PASSWORD))
    client.logout()
    assert fail(client, "liming", 4).status_code == 200
    assert logged_in(attempt(client, "liming", PASSWORD))


def test_one_address_trying_many_names_is_locked_out(client, person):
    for name in ["wang", "zhang", "li", "zhao", "chen"]:
        last = attempt(client, name, "guess", REMOTE_ADDR="203.0.113.9")
    assert last.status_code == 429
    # a real account from that address is refused too; from elsewhere it is let in
    assert attempt(client, "liming", PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    assert logged_in(attempt(Client(), "liming", PASSWORD, REMOTE_ADDR="198.51.100.1"))


def test_a_success_does_not_clear_the_addresses_failures_on_other_names(client, person):
    for name in ["wang", "zhang", "li", "zhao"]:
        attempt(client, name, "guess")
    assert logged_in(attempt(client, "liming", PASSWORD))  # the guesser's own valid account
    client.logout()
    assert attempt(client, "chen", "guess").status_code == 429


def test_the_admin_login_is_throttled_too(client, admin):
    locking = fail(client, "zhaoli", 5, ADMIN_LOGIN)
    assert locking.status_code == 429
    assert LOCKED in locking.content.decode()
    refused = attempt(client, "zhaoli", PASSWORD, ADMIN_LOGIN)
    assert refused.status_code == 429
    assert not refused.wsgi_request.user.is_authenticated
    assert AuditRecord.objects.get(action="login.locked_out").details["path"] == ADMIN_LOGIN


def test_the_staff_and_admin_logins_count_together(client, admin):
    fail(client, "zhaoli", 3, ADMIN_LOGIN)
    fail(client, "zhaoli", 2, STAFF_LOGIN)
    assert attempt(client, "zhaoli", PASSWORD, ADMIN_LOGIN).status_code == 429


def test_a_forwarded_for_header_is_ignored_without_the_proxy(client, person):
    # a client cannot escape the count by claiming another address
    for number in range(5):
        last = attempt(client, f"x{number}", "guess", HTTP_X_FORWARDED_FOR=f"10.0.0.{number}")
    assert last.status_code == 429


@override_settings(BEHIND_TLS_PROXY=True)
def test_behind_the_proxy_the_address_it_appended_counts(client, person):
    # the client writes whatever it likes in front; nginx appends the address it saw
    for number in range(5):
        forwarded = f"10.0.0.{number}, 203.0.113.50"
        last = attempt(client, f"x{number}", "guess", HTTP_X_FORWARDED_FOR=forwarded)
    assert last.status_code == 429
    elsewhere = attempt(
        client, "liming", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.50, 198.51.100.7"
    )
    assert logged_in(elsewhere)
    assert AuditRecord.objects.get(action="login.locked_out").details["ip_address"] == (
        "203.0.113.50"
    )


def test_the_test_clients_login_is_not_a_web_login(client, person):
    # authenticate() without a request (test client, shell) has no client to count
    for _ in range(6):
        assert not client.login(username="liming", password="wrong")
    assert client.login(username="liming", password=PASSWORD)


@pytest.mark.django_db(transaction=True)
def test_failures_at_the_same_moment_are_all_counted():
    """Guessers in parallel (several web workers): every failure counts, none is lost."""
    PersonFactory(username="liming", roles=[Role.DRAFTER])

    def guess():
        return attempt(Client(), "liming", "wrong-password").status_code

    statuses = at_once(*[guess] * 6)
    assert len(statuses) == 6 and set(statuses) <= {200, 429}
    assert attempt(Client(), "liming", PASSWORD).status_code == 429
    assert AuditRecord.objects.filter(action__in=["login.locked_out", "login.refused"]).exists()


@pytest.mark.parametrize(
    ("variable", "value"),
    [("LOGIN_FAILURE_LIMIT", "0"), ("LOGIN_COOLOFF_MINUTES", "-5"), ("LOGIN_FAILURE_LIMIT", "x")],
)
def test_a_bad_throttle_setting_is_a_one_line_error(tmp_path, variable, value):
    from tests.web.test_settings import manage

    result = manage("check", tmp_path=tmp_path, DEBUG="true", **{variable: value})
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert variable in result.stderr


def test_an_administrator_lifts_a_lockout_in_the_admin(client, person):
    from axes.models import AccessAttempt

    fail(client, "liming", 5)
    assert attempt(client, "liming", PASSWORD).status_code == 429
    administrator = PersonFactory(username="guanli", roles=[Role.ADMINISTRATOR], is_staff=True)
    office = Client()
    office.force_login(administrator)
    listing = office.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200 and "liming" in listing.content.decode()
    lock = AccessAttempt.objects.get(username="liming")
    lifted = office.post(f"/admin/axes/accessattempt/{lock.pk}/delete/", {"post": "yes"})
    assert lifted.status_code == 302
    assert logged_in(attempt(client, "liming", PASSWORD))

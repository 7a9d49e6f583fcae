"""The second factor: an administrator (and any role TWO_FACTOR_ROLES names) reaches no
staff or admin page after the password alone; the first time they enrol an authenticator
app and get ten recovery codes, afterwards they type a code; a recovery code works once;
other people are not asked."""

import re
import time

import pytest
from django.test import Client
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from base.audit.models import AuditRecord
from base.organisation.roles import Role
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
PASSWORD = "secret-password"
TWO_FACTOR = "/staff/accounts/two-factor/"


@pytest.fixture(autouse=True)
def required(settings):
    settings.TWO_FACTOR_ADMINISTRATORS = True
    settings.TWO_FACTOR_ROLES = ["openness_reviewer"]


@pytest.fixture
def admin():
    return PersonFactory(username="zhaoli", is_staff=True, is_superuser=True, unit=None)


def logged_in(username):
    client = Client()
    response = client.post("/staff/accounts/login/", {"username": username, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def code_for(device, offset=0):
    """What the person's phone shows (`offset` steps of 30 s later)."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=offset)
    return f"{code:06d}"


def enrol(client):
    page = client.get(TWO_FACTOR)
    assert page.status_code == 200 and "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(confirmed=False)
    done = client.post(f"{TWO_FACTOR}?next=/admin/", {"code": code_for(device)})
    assert done.status_code == 200
    return re.findall(r"<li>([a-z0-9]{8})</li>", done.content.decode())


def test_an_administrator_enrols_then_reaches_the_admin(admin):
    client = logged_in("zhaoli")
    refused = client.get("/admin/")
    assert refused.status_code == 302 and refused["Location"].startswith(
        f"{TWO_FACTOR}?next=/admin/"
    )
    assert client.get("/staff/").status_code == 302
    codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get("/admin/").status_code == 200
    assert AuditRecord.objects.filter(action="accounts.second_factor_enrolled").count() == 1


def test_the_next_login_asks_for_a_code_and_refuses_a_wrong_one(admin):
    enrol(logged_in("zhaoli"))
    client = logged_in("zhaoli")
    assert client.get("/admin/").status_code == 302
    wrong = client.post(TWO_FACTOR, {"code": "000000"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    assert client.get("/admin/").status_code == 302
    device = TOTPDevice.objects.get(confirmed=True)
    # a wrong code makes the next one wait a second (django-otp's throttle); the enrolment
    # used this step's code, which is accepted once: the next step's is typed
    time.sleep(1.1)
    right = client.post(f"{TWO_FACTOR}?next=/admin/", {"code": code_for(device, 1)})
    assert right.status_code == 302 and right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_recovery_code_works_once(admin):
    codes = enrol(logged_in("zhaoli"))
    first = logged_in("zhaoli")
    assert first.post(TWO_FACTOR, {"code": codes[0]}).status_code == 302
    assert first.get("/admin/").status_code == 200
    second = logged_in("zhaoli")
    again = second.post(TWO_FACTOR, {"code": codes[0]})
    assert again.status_code == 200 and "验证码不正确" in again.content.decode()


def test_a_named_role_needs_it_and_others_do_not():
    PersonFactory(username="shencha", roles=[Role.OPENNESS_REVIEWER])
    PersonFactory(username="qicao", roles=[Role.DRAFTER])
    assert logged_in("shencha").get("/staff/").status_code == 302
    reviewer_next = logged_in("shencha").get("/staff/")["Location"]
    assert reviewer_next.startswith(TWO_FACTOR)
    drafter = logged_in("qicao")
    assert not drafter.get("/staff/")["Location"].startswith(TWO_FACTOR)


def test_the_public_side_never_asks(admin):
    client = logged_in("zhaoli")
    assert client.get("/").status_code == 200

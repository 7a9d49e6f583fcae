import pytest
from django.urls import reverse

from base.organisation.roles import Role
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_the_portal_speaks_chinese_to_everyone(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="zh-hans">' in html
    assert "政务公开" in html and "人大代表建议和政协委员提案办理结果" in html


def test_english_is_available(client):
    response = client.get("/", headers={"accept-language": "en"})
    assert '<html lang="en">' in response.content.decode()


def test_the_staff_site_asks_for_a_login_in_chinese(client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/staff/accounts/login/")
    login = client.get(response["Location"])
    assert login.status_code == 200
    assert "登录" in login.content.decode()


def test_a_person_logs_in_and_reaches_the_staff_site(client):
    PersonFactory(username="liming", roles=[Role.DRAFTER])
    response = client.post(
        "/staff/accounts/login/", {"username": "liming", "password": "secret-password"}
    )
    assert response.status_code == 302
    page = client.get("/staff/", follow=True)
    assert page.status_code == 200
    assert "湛江市政务公开工作平台" in page.content.decode()


def test_a_wrong_password_is_refused_in_chinese(client):
    PersonFactory(username="liming")
    response = client.post("/staff/accounts/login/", {"username": "liming", "password": "x"})
    assert response.status_code == 200
    assert "请输入一个正确的" in response.content.decode()


def test_only_administrators_reach_the_admin(client):
    PersonFactory(username="liming", roles=[Role.DRAFTER])
    client.login(username="liming", password="secret-password")
    assert client.get(reverse("admin:index")).status_code == 302  # to the admin login
    PersonFactory(username="zhaoli", unit=None, is_staff=True, roles=[Role.ADMINISTRATOR])
    client.login(username="zhaoli", password="secret-password")
    page = client.get(reverse("admin:organisation_unit_changelist"))
    assert page.status_code == 200
    assert client.get(reverse("admin:workdays_calendaryear_add")).status_code == 200


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


@pytest.mark.parametrize("username", ["drafter", "clerk", "handler", "legal", "admin"])
def test_everyone_signed_in_starts_at_my_work(client, username):
    from base.organisation.demo import load_units_and_people
    from base.organisation.models import Person

    load_units_and_people()
    client.force_login(Person.objects.get(username=username))
    response = client.get("/staff/")
    assert response.status_code == 302 and response.url == "/staff/work/mine/"
    assert "我的待办" in client.get(response.url).content.decode()

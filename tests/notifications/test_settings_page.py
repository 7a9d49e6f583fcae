"""通知设置: each person chooses how their notices come by e-mail, and sees their unit's
work-chat robots; a bad choice is refused in Chinese, nothing saved."""

import re

import pytest
from django.urls import reverse

from base.organisation.models import Person
from notifications.models import Frequency, Preference, UnitRobot

PAGE = "staff:supervision:notice_settings:index"


@pytest.fixture
def director(db):
    from base.organisation.demo import load_units_and_people

    load_units_and_people()
    person = Person.objects.get(username="director")
    person.email = "director@zhanjiang.gov.cn"
    person.save()
    return person


def test_a_person_chooses_the_morning_digest(client, director):
    UnitRobot.objects.create(unit=director.unit, name="教育局办公群", kind="dingtalk",
                             token="abc123")  # fmt: skip
    client.force_login(director)
    page = client.get(reverse(PAGE))
    text = page.content.decode()
    assert page.status_code == 200
    assert "director@zhanjiang.gov.cn" in text and "教育局办公群" in text
    assert re.search(r'value="instant"[^>]*checked', text)  # at once, until chosen otherwise
    response = client.post(reverse(PAGE), {"email": "daily"})
    assert response.status_code == 302
    assert Preference.objects.get(person=director).email == Frequency.DAILY
    assert "通知设置已保存" in client.get(reverse(PAGE)).content.decode()


def test_a_choice_that_does_not_exist_is_refused(client, director):
    client.force_login(director)
    response = client.post(reverse(PAGE), {"email": "hourly"})
    assert response.status_code == 422
    assert "请选择即时、每日汇总或不发送。" in response.content.decode()
    assert not Preference.objects.exists()


def test_the_menu_of_the_supervision_area_offers_it_to_everyone(client, db):
    from base.organisation.demo import load_units_and_people

    load_units_and_people()
    client.force_login(Person.objects.get(username="drafter"))
    notices = client.get(reverse("staff:supervision:notices:index"))
    assert reverse(PAGE) in notices.content.decode()

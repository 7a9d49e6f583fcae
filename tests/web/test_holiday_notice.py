"""工作日历 in the staff site: an administrator pastes the notice, sees it day by day, and only
a confirmation stores it; a notice that cannot be read is refused with its lines named and
nothing stored; nobody else may open the page."""

from pathlib import Path

import pytest

from base.organisation.demo import load_units_and_people
from base.organisation.models import Person
from base.workdays.models import CalendarDay, CalendarYear

pytestmark = pytest.mark.django_db
URL = "/staff/supervision/calendar/"
NOTICE = (Path(__file__).parents[1] / "base" / "notices" / "2027-example.txt").read_text(
    encoding="utf-8"
)


@pytest.fixture
def admin(client):
    load_units_and_people()
    client.force_login(Person.objects.get(username="admin"))
    return client


def test_the_page_shows_each_years_state_and_suggests_the_next_year(admin):
    page = admin.get(URL)
    assert page.status_code == 200
    text = page.content.decode()
    assert '2027</td><td class="hn-state--provisional">暂定' in text
    assert '2026</td><td class="hn-state--confirmed">已确认' in text
    assert 'name="year" value="2027"' in text


def test_a_notice_is_previewed_then_stored_only_on_confirmation(admin):
    preview = admin.post(URL, {"text": NOTICE, "year": "2027", "preview": "1"})
    assert preview.status_code == 200
    text = preview.content.decode()
    assert "预览：2027年（国办发明电〔2026〕99号）" in text
    assert '2027年2月14日（星期日）<span class="hn-kind">调休上班日</span>' in text
    assert "确认录入2027年安排" in text
    assert "确认后，0 个在办期限将按此重新计算。" in text  # the demo people have no open work
    assert not CalendarYear.objects.filter(year=2027).exists()

    done = admin.post(URL, {"text": NOTICE, "year": "2027", "confirm": "1"})
    assert done.status_code == 302
    assert CalendarYear.objects.get(year=2027).source == "国办发明电〔2026〕99号"
    assert CalendarDay.objects.filter(year_id=2027).count() == 34
    shown = admin.get(URL).content.decode()
    assert "已录入2027年节假日安排（国办发明电〔2026〕99号）" in shown


def test_an_unreadable_notice_is_refused_with_its_lines_and_stores_nothing(admin):
    wrong = NOTICE.replace("4月3日（周六）", "4月3日（周日）")
    response = admin.post(URL, {"text": wrong, "year": "2027", "confirm": "1"})
    assert response.status_code == 422
    text = response.content.decode()
    assert "未做任何改动" in text
    assert "第9行：2027年4月3日是星期六，通知写的是“周日”。" in text
    assert not CalendarYear.objects.filter(year=2027).exists()


def test_a_notice_for_another_year_is_refused(admin):
    response = admin.post(URL, {"text": NOTICE, "year": "2028", "confirm": "1"})
    assert response.status_code == 422
    assert "通知是2027年的节假日安排，不是2028年的。" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize("username", ["clerk", "reviewer", "handler"])
def test_only_administrators_open_the_page(client, username):
    load_units_and_people()
    client.force_login(Person.objects.get(username=username))
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"text": NOTICE, "year": "2027", "confirm": "1"}).status_code == 403
    assert not CalendarYear.objects.filter(year=2027).exists()

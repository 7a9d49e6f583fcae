"""我的待办 over HTTP: each person's open work of both processes, as the steps' declarations
say, and the way back to it after every step with who has the work next."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.urls import reverse

from base.organisation.models import Person, Unit
from supervision.worklist import my_work
from tests.workflows.proposal_desk import ProposalDesk
from workflows.handover import handover_message

MY_WORK = reverse("staff:work:mine:index")
SHANGHAI = ZoneInfo("Asia/Shanghai")
EDU, CIVIL = "湛江市教育局", "湛江市民政局"


def work_of(username):
    return [
        (item.label, str(item.step_title), item.held)
        for item in my_work(Person.objects.get(username=username))
    ]


def said(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_a_package_moves_from_list_to_list_and_each_step_comes_home(desk):
    process = desk.start()
    number = process.artifact.number
    assert work_of("drafter") == [(number, "起草文件及解读", True)]

    desk.login("drafter")
    response = desk.submit(process)
    assert response.url == reverse("staff:index")  # the staff home: 我的待办
    assert said(response)[-1] == "下一步：单位负责人审签（湛江市人民政府办公室·单位负责人）。"
    assert work_of("drafter") == []
    assert work_of("leader") == [(number, "单位负责人审签", False)]
    assert work_of("reviewer") == []  # not at their step yet
    assert work_of("director") == []  # another unit's leader

    due = my_work(desk.people["leader"])[0]
    assert due.due_on is not None and due.days_left == 3

    desk.login("leader")
    desk.take(process, "sign_off")
    assert work_of("leader") == [(number, "单位负责人审签", True)]
    desk.review(process, "sign_off")
    assert work_of("leader") == []
    assert work_of("reviewer") == [(number, "公开审查", False)]


def test_the_message_names_whoever_has_taken_the_next_step(desk):
    process = desk.start()
    desk.login("drafter")
    desk.submit(process)
    desk.login("leader")
    desk.take(process, "sign_off")
    assert handover_message(process) == "下一步：单位负责人审签（王强）。"
    desk.login("drafter")
    page = desk.client.get(MY_WORK)
    assert "目前没有需要您办理的事项。" in page.content.decode()  # the empty list says so


def test_every_task_in_the_list_opens_for_its_person(desk):
    process = desk.start()
    desk.login("drafter")
    desk.submit(process)
    for username in ("leader", "drafter"):
        desk.login(username)
        page = desk.client.get(MY_WORK)
        assert page.status_code == 200
        for item in my_work(desk.people[username]):
            assert item.url in page.content.decode()
            opened = desk.client.get(item.url, follow=True)
            assert opened.status_code == 200, (username, item.url)


@pytest.fixture
def proposals(client, db):
    from base.organisation.demo import load_units_and_people

    load_units_and_people()
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI), tick=True):
        yield ProposalDesk(client)


def test_a_share_is_its_units_work_with_the_shares_date(proposals):
    desk = proposals
    desk.import_items({"编号": "7", "建议会办单位": CIVIL})
    process = desk.process(7)
    assert [(label, step) for label, step, _held in work_of("clerk")] == [
        ("人大建议第0007号", "交办")
    ]
    response = desk.act(
        process,
        "assign",
        {
            "handling": "lead",
            "lead": Unit.objects.get(name=EDU).pk,
            "co_units": [Unit.objects.get(name=CIVIL).pk],
        },
    )
    assert response.url == reverse("staff:index")
    message = said(response)[-1]
    assert "签收（湛江市教育局·承办单位经办人）" in message and "湛江市民政局" in message

    handler = desk.staff(EDU, "clerk")
    mine = my_work(handler)
    assert [(item.label, str(item.step_title), item.unit_name) for item in mine] == [
        ("人大建议第0007号", "签收", EDU)
    ]
    assert mine[0].due_on.isoformat() == "2026-06-02"  # the share's own date
    assert my_work(desk.staff(CIVIL, "checker")) == []  # a role the step does not ask for
    assert work_of("clerk") == []  # the office's work waits for the units

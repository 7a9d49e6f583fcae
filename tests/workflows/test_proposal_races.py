"""Races in the proposal flow. Runs on SQLite and, in CI, on PostgreSQL (select-for-update):
two co-units finishing their opinions at the same instant pass the join once; two office
clerks acting on the same task: one wins, the other is told so."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, Unit
from base.organisation.roles import Role
from proposals.models import Opinion
from tests.factories import PersonFactory
from tests.workflows.proposal_desk import ProposalDesk
from tests.workflows.test_interpretation_races import at_once
from workflows.proposals.flows import ProposalFlow

pytestmark = pytest.mark.django_db(transaction=True)
EDU, FIN, CIVIL = "湛江市教育局", "湛江市财政局", "湛江市民政局"


@pytest.fixture
def desk(client):
    load_units_and_people()
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield ProposalDesk(client)


@pytest.fixture
def at_opinions(desk):
    desk.import_items({"编号": "9"})
    process = desk.process(9)
    unit_pk = {name: Unit.objects.get(name=name).pk for name in (EDU, FIN, CIVIL)}
    desk.act(process, "assign", {"handling": "lead", "lead": unit_pk[EDU],
                                 "co_units": [unit_pk[FIN], unit_pk[CIVIL]]})  # fmt: skip
    for name in (EDU, FIN, CIVIL):
        desk.act(process, "sign_for", {"decision": "sign"}, name)
    return process


def client_of(person):
    client = Client()
    client.force_login(person)
    return client


def test_two_co_units_finishing_at_once_pass_the_join_once(desk, at_opinions):
    process = at_opinions
    posts = []
    for name in (FIN, CIVIL):
        task = desk.take(process, "opinion", name)
        client, url = client_of(desk.staff(name, "clerk")), desk.url(task, "execute")
        data = {"text": f"{name}意见", "contact": "张三 3100000"}
        posts.append(lambda client=client, url=url, data=data: client.post(url, data))
    responses = at_once(*posts)
    assert [r.status_code for r in responses] == [302, 302]
    assert Opinion.objects.filter(assignment__proposal=process.artifact).count() == 2
    joins = process.task_set.filter(flow_task=ProposalFlow.opinions_in)
    assert joins.count() == 1 and joins.get().status == "DONE"
    assert process.task_set.filter(flow_task=ProposalFlow.contact).count() == 1


def test_two_clerks_taking_the_same_task_one_wins_the_other_is_told(desk):
    desk.import_items({"编号": "10"})
    process = desk.process(10)
    office = Person.objects.get(username="clerk").unit
    second = PersonFactory(username="clerk2", unit=office, roles=[Role.PROPOSAL_CLERK])
    task = desk.task_of(process, "assign")
    url = desk.url(task, "assign")
    first, other = client_of(Person.objects.get(username="clerk")), client_of(second)
    responses = at_once(lambda: first.post(url), lambda: other.post(url))
    assert sorted(r.status_code for r in responses) == [302, 409]
    loser = next(r for r in responses if r.status_code == 409)
    assert "领取办理" in loser.content.decode() or "正在由他人办理" in loser.content.decode()
    # the loser then tries to do the task: refused with the same clear message
    task.refresh_from_db()
    loser_client = other if task.owner_id != second.pk else first
    execute = loser_client.post(desk.url(task, "execute"), {"handling": "lead"})
    assert execute.status_code == 409 and "领取办理" in execute.content.decode()


def test_a_proposer_double_clicking_the_feedback_link_is_recorded_once(desk):
    from proposals.models import Assignment, Feedback
    from tests.workflows.test_proposal_flow import letter
    from workflows.proposals.views import feedback_url

    desk.import_items({"编号": "11"})
    process = desk.process(11)
    desk.act(process, "assign", {"handling": "lead", "lead": Unit.objects.get(name=EDU).pk})
    desk.act(process, "sign_for", {"decision": "sign"}, EDU)
    desk.act(process, "contact", {"method": "phone", "contacted_on": "2026-03-02",
                                  "summary": "电话沟通"}, EDU)  # fmt: skip
    desk.act(process, "draft_reply", {**letter(), "submit": "1"}, EDU)
    for step, job in [("check", "checker"), ("leader", "deputy"), ("sign", "head")]:
        desk.act(process, step, {"decision": "approve"}, EDU, job)
    link = feedback_url(Assignment.objects.get(proposal=process.artifact).letters.get())
    answer = {"satisfaction": "satisfied", "comment": ""}
    responses = at_once(*[lambda: Client().post(link, answer) for _ in range(3)])
    # each click lands on the page saying the answer was received (a redirect to it, or,
    # for a click that arrived after the first had finished, the page itself)
    for response in responses:
        assert response.status_code == 302 or (
            response.status_code == 200 and "已收到" in response.content.decode()
        ), response.status_code
    assert Feedback.objects.filter(letter__assignment__proposal=process.artifact).count() == 1
    page = Client().get(link).content.decode()
    assert "您的意见（满意）已收到" in page

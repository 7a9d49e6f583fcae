"""A unit sees only what is assigned to it. Every staff URL of the proposal area, enumerated
from the resolver (a new view is covered without editing this test), is tried as the clerk
of a unit the item is not assigned to, as a unit whose share was withdrawn, and as a
co-unit on the lead unit's tasks."""

import io
from datetime import datetime
from zoneinfo import ZoneInfo

import openpyxl
import pytest
import time_machine
from django.urls import reverse
from viewflow.workflow.models import Task

from base.organisation.demo import load_units_and_people
from base.organisation.models import Unit
from proposals.models import Assignment
from tests.workflows.proposal_desk import ProposalDesk
from tests.workflows.test_interpretation_access import flow_urls
from workflows.proposals.flows import ProposalFlow

pytestmark = pytest.mark.django_db
AREA = "staff:proposals"
TITLE = "关于规范校外培训机构收费的建议"
EDU, FIN, CIVIL, HOUSING = "湛江市教育局", "湛江市财政局", "湛江市民政局", "湛江市住房和城乡建设局"


@pytest.fixture
def item(client):
    """An item led by 教育局 with 民政局 as co-unit; 财政局 asked to be replaced by 住建局."""
    load_units_and_people()
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        desk = ProposalDesk(client)
        desk.import_items({"编号": "11", "标题": TITLE})
        process = desk.process(11)
        pk = {name: Unit.objects.get(name=name).pk for name in (EDU, FIN, CIVIL, HOUSING)}
        desk.act(process, "assign", {"handling": "lead", "lead": pk[EDU],
                                     "co_units": [pk[FIN], pk[CIVIL]]})  # fmt: skip
        desk.act(process, "sign_for", {"decision": "adjust", "reason": "非本单位职责"}, FIN)
        desk.act(process, "sign_for", {"decision": "sign"}, EDU)
        desk.act(process, "sign_for", {"decision": "sign"}, CIVIL)
        desk.act(process, "decide_adjustment", {"new_unit": pk[HOUSING], "comment": "同意"})
        desk.act(process, "sign_for", {"decision": "sign"}, HOUSING)
        yield desk, process


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def arguments(route, process, task):
    values = {"process_pk": process.pk, "task_pk": task.pk, "pk": process.pk}
    return {name: value for name, value in values.items() if f"<int:{name}>" in route}


def text_of(response):
    """What a response says: its text, or every cell of a spreadsheet export."""
    if response.get("Content-Type", "").startswith(XLSX):
        book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
        return "\n".join(
            str(value) for sheet in book for row in sheet.iter_rows(values_only=True)
            for value in row if value is not None
        )  # fmt: skip
    return response.content.decode()


def tried_everywhere(desk, person, process, task, may_see_item=False):
    desk.login(person)
    checked = 0
    for name, route in flow_urls(AREA):
        if "<int:task_pk>" in route and f":{task.flow_task.name}:" not in name:
            continue  # a task URL of another step answers 403 anyway; test its own step
        kwargs = arguments(route, process, task)
        if "<int:" in route and not kwargs:
            continue
        url = reverse(name, kwargs=kwargs)
        for method in ("get", "post"):
            response = getattr(desk.client, method)(url, follow=True)
            if not may_see_item:
                assert TITLE not in text_of(response), (method, url)
            if "task_pk" in kwargs:
                refused = {403, 404} | ({405} if method == "post" else set())
                assert response.status_code in refused, (method, url, response.status_code)
                task.refresh_from_db()
                assert task.owner_id != person.pk and task.status != "DONE"
            checked += 1
    return checked


@pytest.mark.parametrize("outsider", ["finance", "unassigned", "handler-of-another-unit"])
def test_units_without_a_live_share_see_nothing(item, outsider):
    desk, process = item
    person = {
        "finance": desk.staff(FIN, "clerk"),  # its share was withdrawn
        "unassigned": desk.staff("湛江市霞山区人民政府", "clerk"),
        "handler-of-another-unit": desk.staff("湛江市发展和改革局", "head"),
    }[outsider]
    opinion = Task.objects.filter(process=process, flow_task=ProposalFlow.opinion).first()
    assert tried_everywhere(desk, person, process, opinion) > 40


def test_a_co_unit_sees_the_item_but_not_the_lead_units_tasks(item):
    desk, process = item
    co_unit_clerk = desk.staff(CIVIL, "clerk")
    lead_opinion_free = Assignment.objects.get(proposal=process.artifact, unit__name=HOUSING)
    housing_task = Task.objects.get(
        process=process, flow_task=ProposalFlow.opinion, seed_object_id=lead_opinion_free.pk
    )
    tried_everywhere(desk, co_unit_clerk, process, housing_task, may_see_item=True)
    detail = desk.client.get(reverse(f"{AREA}:proposal:process_detail", args=[process.pk]))
    assert detail.status_code == 200 and TITLE in detail.content.decode()
    inbox = desk.client.get(reverse(f"{AREA}:proposal:queue")).content.decode()
    assert inbox.count("会办意见") == 1  # its own opinion task, not 住建局's


def test_the_office_sees_every_item(item):
    desk, process = item
    desk.login("clerk")
    listing = desk.client.get(reverse(f"{AREA}:proposal:index")).content.decode()
    assert TITLE in listing

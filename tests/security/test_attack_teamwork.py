"""Attacks on today's teamwork features (并案, 答复模板, 委托/改派, 内部备注, 通知, 省统一身份认证)
by a careless or hostile user of another unit or role: crafted POSTs and garbage must be
refused with a clear Chinese message, change nothing, and never answer 500."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from base.organisation.demo import load_units_and_people
from base.organisation.models import Unit
from proposals.models import Proposal, ReplyTemplate
from tests.proposals.merge_desk import process_of
from tests.workflows.proposal_desk import ProposalDesk

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
EDU, FIN = "市教育局", "市财政局"
MERGE = "staff:proposals:merge:index"
# str.isdigit() says yes to these, int() and the database do not
NOT_NUMBERS = ["²", "١٢", "99999999999999999999999"]


@pytest.fixture
def desk(db):
    load_units_and_people()
    client = Client(raise_request_exception=False)
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI), tick=True):
        desk = ProposalDesk(client)
        desk.import_items(
            {"编号": "21", "标题": "关于增设护学岗的建议", "领衔人": "陈志强"},
            {"编号": "22", "标题": "关于校门口交通的建议", "领衔人": "王芳"},
        )
        yield desk


def item(number):
    return Proposal.objects.get(number=number)


@pytest.mark.parametrize("junk", NOT_NUMBERS)
def test_the_merge_page_refuses_ids_that_are_not_numbers(desk, junk):
    desk.login("clerk")
    for data in ({"main": junk, "items": [item(22).pk]}, {"main": item(21).pk, "items": [junk]}):
        response = desk.client.post(reverse(MERGE), data)
        assert response.status_code == 422, response.status_code
    assert not Proposal.objects.filter(merged_into__isnull=False).exists()


@pytest.mark.parametrize("junk", NOT_NUMBERS)
def test_the_reply_editor_refuses_a_template_id_that_is_not_a_number(desk, junk):
    edu = Unit.objects.get(name=EDU)
    ReplyTemplate.objects.create(unit=edu, name="常用答复", text="{主送}答复。")
    process = process_of(item(21))
    desk.act(process, "assign", {"handling": "lead", "lead": edu.pk})
    desk.act(process, "sign_for", {"decision": "sign"}, EDU)
    desk.act(process, "contact", {"method": "phone", "contacted_on": "2026-03-02",
                                  "summary": "电话沟通。"}, EDU)  # fmt: skip
    task = desk.take(process, "draft_reply", EDU)
    page = desk.client.get(f"{desk.url(task, 'execute')}?template={junk}")
    assert page.status_code == 200 and "找不到该答复模板" in page.content.decode()

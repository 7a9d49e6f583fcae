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


TEMPLATES = "staff:proposals:templates:index"


@pytest.mark.parametrize(
    "data, problem",
    [
        ({}, "这个字段是必填项"),
        ({"name": "常用", "text": "{代表姓名同志：您好"}, "花括号"),
        ({"name": "常用", "text": "{代表姓名}}同志"}, "花括号"),
        ({"name": "常用", "text": "{ 代表姓名 }同志"}, "花括号"),
        (
            {"name": "常用", "text": "{这是一个超过二十个字的字段名称用来试试能否蒙混过关}"},
            "花括号",
        ),
        ({"name": "模" * 10_000, "text": "{主送}"}, "不超过 60"),
        ({"name": "<img src=x onerror=alert(1)>", "text": "{主送}"}, "HTML"),
    ],
    ids=["empty", "unclosed", "stray-close", "spaces", "long-field", "long-name", "markup"],
)
def test_a_bad_reply_template_is_refused_with_a_message_and_nothing_saved(desk, data, problem):
    desk.login_demo("handler")
    response = desk.client.post(reverse(TEMPLATES), data)
    assert response.status_code == 422 and problem in response.content.decode()
    assert not ReplyTemplate.objects.exists()


def test_emoji_in_a_reply_template_are_kept(desk):
    desk.login_demo("handler")
    response = desk.client.post(reverse(TEMPLATES), {"name": "常用😀", "text": "{主送}\n答复👍"})
    assert response.status_code == 302
    assert ReplyTemplate.objects.get().text == "{主送}\n答复👍"

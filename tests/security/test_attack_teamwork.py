"""Attacks on today's teamwork features (并案, 答复模板, 委托/改派, 内部备注, 通知, 省统一身份认证)
by a careless or hostile user of another unit or role: crafted POSTs and garbage must be
refused with a clear Chinese message, change nothing, and never answer 500."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from viewflow.workflow.status import STATUS

from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, Unit
from base.organisation.roles import Role
from proposals.models import Proposal, ReplyTemplate
from tests.factories import PersonFactory
from tests.proposals.merge_desk import merge_over_http, process_of
from tests.workflows.proposal_desk import ProposalDesk
from workflows import delegation
from workflows.models import Delegation

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
EDU, FIN = "湛江市教育局", "湛江市财政局"
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


DELEGATION = "staff:work:delegation:index"


@pytest.fixture
def stand_in(desk):
    return PersonFactory(
        username="handler2", unit=Unit.objects.get(name=EDU), roles=[Role.HANDLING_CLERK]
    )


def delegation_form(stand_in, **changes):
    return {"delegate": stand_in.pk, "starts_on": "2026-03-02", "ends_on": "2026-03-06",
            "reason": "出差", **changes}  # fmt: skip


@pytest.mark.parametrize(
    "changes, problem",
    [
        ({"delegate": ""}, "必填"),
        ({"delegate": "²"}, "选择一个有效的选项"),
        ({"delegate": "99999999999999999999999"}, "选择一个有效的选项"),
        ({"starts_on": "9999-99-99"}, "有效的日期"),
        ({"starts_on": "0001-01-01"}, "开始日期不能早于今天"),
        ({"ends_on": "9999-12-31"}, "委托期限不能超过一年"),
        ({"ends_on": "2026-03-01"}, "结束日期不能早于开始日期"),
        ({"reason": "事" * 10_000}, "不超过 200"),
        ({"reason": "<script>alert(1)</script>"}, "HTML"),
        ({"reason": ""}, "必填"),
    ],
)
def test_a_bad_delegation_is_refused_with_a_message_and_nothing_saved(
    desk, stand_in, changes, problem
):
    desk.login_demo("handler")
    response = desk.client.post(reverse(DELEGATION), delegation_form(stand_in, **changes))
    assert response.status_code == 422 and problem in response.content.decode()
    assert not Delegation.objects.exists()


def test_a_delegation_to_someone_of_another_unit_or_without_the_roles_is_refused(desk, stand_in):
    desk.login_demo("handler")
    for username in ("cz-clerk", "checker", "director"):  # 财政局's clerk; 教育局 without the role
        other = Person.objects.get(username=username)
        response = desk.client.post(reverse(DELEGATION), delegation_form(other))
        assert response.status_code == 422, username
    assert not Delegation.objects.exists()


def test_nobody_revokes_another_persons_delegation(desk, stand_in):
    made = delegation.create(
        Person.objects.get(username="handler"), stand_in, delegation.today(),
        delegation.today(), "出差",
    )  # fmt: skip
    for username in ("cz-clerk", "director", "handler2"):
        desk.login_demo(username) if username != "handler2" else desk.login(stand_in)
        revoke = reverse("staff:work:delegation:revoke", args=[made.pk])
        assert desk.client.post(revoke).status_code == 404, username
    assert Delegation.objects.get().revoked_at is None


def assigned_to_edu(desk):
    """Item 21 assigned to 市教育局, its 签收 waiting there; item 22 not assigned."""
    process = process_of(item(21))
    desk.act(process, "assign", {"handling": "lead", "lead": Unit.objects.get(name=EDU).pk})
    return process, desk.task_of(process, "sign_for", EDU)


@pytest.mark.parametrize("target", ["", "²", "99999999999999999999999", "cz-clerk", "checker"])
def test_a_reassignment_to_nobody_or_someone_who_may_not_take_the_step_is_refused(desk, target):
    process, task = assigned_to_edu(desk)
    if target in ("cz-clerk", "checker"):  # 财政局's clerk; a colleague without the role
        target = Person.objects.get(username=target).pk
    desk.login_demo("director")
    response = desk.client.post(desk.url(task, "reassign"), {"target": target})
    assert response.status_code == 422
    task.refresh_from_db()
    assert task.status == STATUS.NEW and task.owner is None


@pytest.mark.parametrize("who", ["cz-head", "handler", "checker", "clerk"])
def test_only_the_items_unit_leader_reassigns_its_task(desk, who):
    process, task = assigned_to_edu(desk)
    desk.login_demo(who)
    handler = Person.objects.get(username="handler")
    response = desk.client.post(desk.url(task, "reassign"), {"target": handler.pk})
    assert response.status_code in (403, 404), response.status_code
    task.refresh_from_db()
    assert task.status == STATUS.NEW and task.owner is None


def test_an_assigned_item_cannot_be_merged_nor_merged_into_by_a_crafted_post(desk):
    process, _task = assigned_to_edu(desk)
    for main, other in ((item(21), item(22)), (item(22), item(21))):
        response = merge_over_http(desk, main, [other])
        assert response.status_code == 422 and "已交办" in response.content.decode()
    assert not Proposal.objects.filter(merged_into__isnull=False).exists()
    assert process_of(item(21)).pk == process.pk  # its handling goes on


def test_a_merged_item_cannot_be_split_by_a_crafted_post_once_assigned(desk):
    assert merge_over_http(desk, item(21), [item(22)]).status_code == 302
    assigned_to_edu(desk)
    desk.login("clerk")
    split = reverse("staff:proposals:merge:split", args=[item(22).pk])
    page = desk.client.get(desk.client.post(split)["Location"]).content.decode()
    assert "已交办，不能再拆分" in page
    assert item(22).merged_into == item(21)
    for junk in ("99999999999999999999999", "0"):
        junk_url = split.replace(f"/{item(22).pk}/", f"/{junk}/")
        assert junk_url != split and desk.client.post(junk_url).status_code == 404


NOTES = "staff:proposals:proposal:process_notes"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("", "此字段不能为空"),
        ("备" * 10_000, "不超过 2000"),
        ("@" + "x" * 1_999, None),  # a mention of nobody: text
        ("<svg/onload=alert(1)", "HTML"),
        ("请核对😀 @郑华", None),
    ],
    ids=["empty", "huge", "long-mention", "markup", "emoji"],
)
def test_a_note_of_garbage_is_refused_with_a_message_or_kept_as_text(desk, text, problem):
    from workflows.models import Note

    process, _task = assigned_to_edu(desk)
    desk.login_demo("handler")
    response = desk.client.post(reverse(NOTES, args=[process.pk]), {"text": text})
    assert response.status_code == 302
    page = desk.client.get(response["Location"]).content.decode()
    if problem:
        assert problem in page and not Note.objects.exists()
    else:
        assert Note.objects.get().text == text


def test_a_note_for_another_units_item_or_a_made_up_one_is_refused(desk):
    from workflows.models import Note

    process, _task = assigned_to_edu(desk)
    desk.login_demo("cz-clerk")
    assert desk.client.post(reverse(NOTES, args=[process.pk]), {"text": "看看"}).status_code == 403
    desk.login_demo("handler")
    for pk in (process.pk + 1000, 2**63):
        assert desk.client.post(reverse(NOTES, args=[pk]), {"text": "看看"}).status_code == 404
    assert not Note.objects.exists()

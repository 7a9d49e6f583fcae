"""答复模板: a unit's handling clerks keep their unit's templates, and the reply editor starts
a letter's body from one with its fields filled for the item (every merged item's, for a
merged handling); an unknown field is named, never left in a letter or a 500."""

import importlib
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.urls import reverse

from base.audit.models import AuditRecord
from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, Unit
from proposals import reply_templates
from proposals.models import Proposal, Proposer, ReplyTemplate
from tests.proposals.merge_desk import process_of
from tests.workflows.proposal_desk import ProposalDesk
from workflows.proposals.merging import merge_items

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
EDU, CIVIL = "湛江市教育局", "湛江市民政局"
INDEX = "staff:proposals:templates:index"
TEXT = "{主送}：\n您在{会议}上提出的《{标题}》（{案号}{类别}）收悉。{承办单位}现答复如下：……"


@pytest.fixture
def desk(client, db):
    load_units_and_people()
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI), tick=True):
        desk = ProposalDesk(client)
        desk.import_items(
            {"编号": "21", "标题": "关于增设护学岗的建议", "领衔人": "陈志强"},
            {"编号": "22", "标题": "关于校门口交通的建议", "领衔人": "王芳"},
        )
        yield desk


def unit(name):
    return Unit.objects.get(name=name)


def template(name="常用答复", text=TEXT, unit_name=EDU):
    return ReplyTemplate.objects.create(unit=unit(unit_name), name=name, text=text)


def test_fields_are_filled_for_the_item_and_for_every_merged_item(desk):
    one, two = Proposal.objects.get(number=21), Proposal.objects.get(number=22)
    filled = reply_templates.fill(template(), one, unit(EDU))
    assert filled.startswith(
        "陈志强代表：\n您在市十五届人大五次会议上提出的《关于增设护学岗的建议》"
    )
    assert "（第0021号建议）收悉。湛江市教育局现答复如下" in filled
    merge_items(one, [two], Person.objects.get(username="clerk"))
    filled = reply_templates.fill(template("并案"), one, unit(EDU))
    assert filled.startswith("陈志强代表、王芳代表：")
    assert "《关于增设护学岗的建议；关于校门口交通的建议》（第0021号、第0022号建议）" in filled


def member_s_proposal(number=31, name="孙丽萍"):
    proposal = Proposal.objects.create(
        kind="cppcc", term=13, session=5, number=number, title="关于发展海洋经济的提案", body="……"
    )
    Proposer.objects.create(proposal=proposal, name=name, is_lead=True)
    return proposal


def test_the_addressees_take_the_colon_the_template_writes(desk):
    filled = reply_templates.fill(
        template(text="{主送}：\n答复如下。"), member_s_proposal(), unit(EDU)
    )
    assert filled == "孙丽萍委员：\n答复如下。"
    npc = reply_templates.fill(template("人大", "{主送}：答复。"), Proposal.objects.get(number=21),
                               unit(EDU))  # fmt: skip
    assert npc == "陈志强代表：答复。" and "：：" not in npc


def test_a_name_field_of_the_other_kind_is_named_not_filled(desk):
    member = member_s_proposal()
    deputies = template("人大模板", "{代表姓名}代表：\n答复如下。")
    with pytest.raises(ValidationError) as refused:
        reply_templates.fill(deputies, member, unit(EDU))
    assert refused.value.messages == [
        "模板使用了{代表姓名}，本件是政协提案，请改用{委员姓名}，或用代表、委员通用的{主送}。"
    ]
    members = template("政协模板", "{委员姓名}委员：答复。")
    assert reply_templates.fill(members, member, unit(EDU)) == "孙丽萍委员：答复。"
    with pytest.raises(ValidationError, match="本件是人大建议，请改用{代表姓名}"):
        reply_templates.fill(members, Proposal.objects.get(number=21), unit(EDU))


def test_a_template_stored_before_keeps_its_colon(desk):
    """{主送} used to bring its own colon: a stored template written without one gets it."""
    migration = importlib.import_module("proposals.migrations.0014_reply_template_salutation_colon")
    old, done = template("旧模板", "{主送}\n答复如下。"), template("新模板", "{主送}：答复。")
    migration.add_colon(apps, None)
    old.refresh_from_db(), done.refresh_from_db()
    assert (old.text, done.text) == ("{主送}：\n答复如下。", "{主送}：答复。")
    filled = reply_templates.fill(old, Proposal.objects.get(number=21), unit(EDU))
    assert filled == "陈志强代表：\n答复如下。"


def test_an_unknown_field_is_named_with_the_fields_there_are(desk):
    problems = reply_templates.template_problems("{代表姓名}同志：{手机号}{手机号}")
    assert problems == [
        "模板中有无法识别的字段：“手机号”。可用的字段（写在花括号中）：{代表姓名}、{委员姓名}、"
        "{主送}、{案号}、{标题}、{会议}、{类别}、{承办单位}。"
    ]
    with pytest.raises(ValidationError, match="手机号"):
        reply_templates.fill(template(text="{手机号}"), Proposal.objects.get(number=21), unit(EDU))


def test_a_handling_clerk_keeps_the_units_templates_and_sees_no_other_units(desk):
    theirs = template("民政局的模板", unit_name=CIVIL)
    desk.login_demo("handler")
    page = desk.client.get(reverse(INDEX))
    assert page.status_code == 200 and "民政局的模板" not in page.content.decode()
    # the fields as they are typed, in braces, and {主送} without its colon
    assert "可用的字段：{代表姓名}、{委员姓名}、{主送}" in page.content.decode()
    assert "模板中写作“{主送}：”" in page.content.decode()
    refused = desk.client.post(reverse(INDEX), {"name": "坏模板", "text": "{电话}"})
    assert refused.status_code == 422 and "无法识别的字段：“电话”" in refused.content.decode()
    assert desk.client.post(reverse(INDEX), {"name": "常用答复", "text": TEXT}).status_code == 302
    mine = ReplyTemplate.objects.get(name="常用答复")
    assert mine.unit == unit(EDU)
    same = desk.client.post(reverse(INDEX), {"name": "常用答复", "text": TEXT})
    assert same.status_code == 422 and "同名" in same.content.decode()
    edit = reverse("staff:proposals:templates:edit", args=[mine.pk])
    assert (
        desk.client.post(edit, {"name": "常用答复", "text": "{主送}：\n答复。"}).status_code == 302
    )
    assert ReplyTemplate.objects.get(pk=mine.pk).text == "{主送}：\n答复。"
    other = reverse("staff:proposals:templates:edit", args=[theirs.pk])
    assert desk.client.get(other).status_code == 404
    assert desk.client.post(other, {"delete": "1"}).status_code == 404
    assert desk.client.post(edit, {"delete": "1"}).status_code == 302
    assert list(ReplyTemplate.objects.all()) == [theirs]
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"proposals.reply_template_saved", "proposals.reply_template_deleted"} <= actions


@pytest.mark.parametrize("who", ["clerk", "reviewer", "director"])
def test_people_who_draft_no_replies_have_no_template_page(desk, who):
    desk.login_demo(who)
    assert desk.client.get(reverse(INDEX)).status_code == 403


def test_the_reply_editor_starts_the_body_from_a_template_of_the_unit(desk):
    mine, theirs = template(), template("民政局的模板", "{主送}民政", CIVIL)
    bad = template("坏模板", "{主送}")
    ReplyTemplate.objects.filter(pk=bad.pk).update(text="{主送}{电话}")  # saved before a check
    process = process_of(Proposal.objects.get(number=21))
    desk.act(process, "assign", {"handling": "lead", "lead": unit(EDU).pk})
    desk.act(process, "sign_for", {"decision": "sign"}, EDU)
    desk.act(process, "contact", {"method": "phone", "contacted_on": "2026-03-02",
                                  "summary": "电话沟通。"}, EDU)  # fmt: skip
    task = desk.take(process, "draft_reply", EDU)
    editor = desk.url(task, "execute")
    page = desk.client.get(editor).content.decode()
    assert "常用答复" in page and "民政局的模板" not in page
    # what was typed is saved first, then the body offered from the template
    typed = {"number": "湛教函〔2026〕21号", "body": "草稿", "template": mine.pk}
    response = desk.client.post(editor, {**typed, "use_template": "1"})
    assert response.status_code == 302 and response["Location"].endswith(f"?template={mine.pk}")
    assert task.process.artifact.assignments.get().letters.get().number == "湛教函〔2026〕21号"
    page = desk.client.get(response["Location"]).content.decode()
    assert "陈志强代表：\n您在市十五届人大五次会议上提出的" in page
    assert "正文已按模板“常用答复”填写" in page and "湛教函〔2026〕21号" in page
    # another unit's template, a bad one, or nonsense: a message, the draft untouched
    for asked in (theirs.pk, "x"):
        page = desk.client.get(f"{editor}?template={asked}")
        assert page.status_code == 200 and "找不到该答复模板" in page.content.decode()
    page = desk.client.get(f"{editor}?template={bad.pk}")
    assert page.status_code == 200 and "无法识别的字段：“电话”" in page.content.decode()

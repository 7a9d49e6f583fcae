"""告知代表委员: the proposal office edits the words proposers get; a field that does not
exist or markup is refused, nothing saved; the change is audited; a unit cannot open it."""

import pytest
from django.urls import reverse

from base.audit.models import AuditRecord
from base.organisation.models import Person
from notifications.models import Kind, ProposerText

PAGE = "staff:proposals:proposer_texts:index"


@pytest.fixture
def people(db):
    from base.organisation.demo import load_units_and_people

    load_units_and_people()


def form(kind, **changes):
    text = ProposerText.objects.get(kind=kind)
    values = {"sms": text.sms, "email_subject": text.email_subject, "email_body": text.email_body}
    return {
        "kind": kind,
        **{f"{kind}-{name}": value for name, value in {**values, **changes}.items()},
    }


def test_the_office_edits_the_text_message(client, people):
    client.force_login(Person.objects.get(username="clerk"))
    page = client.get(reverse(PAGE))
    assert page.status_code == 200  # the fields as they are typed, in braces
    assert "可用的字段：{姓名}、{称谓}、{标题}、{编号}、{单位}、{链接}" in page.content.decode()
    sms = "{姓名}代表：您的{编号}已答复，请点击{链接}反馈意见。"
    response = client.post(reverse(PAGE), form(Kind.REPLY_SENT, sms=sms))
    assert response.status_code == 302
    assert ProposerText.objects.get(kind=Kind.REPLY_SENT).sms == sms
    assert AuditRecord.objects.filter(action="notices.proposer_text_saved").count() == 1


@pytest.mark.parametrize(
    "sms, problem",
    [
        ("{名字}您好：{链接}", "没有字段“名字”"),
        ("<b>您好</b>{链接}", "HTML"),
        ("好" * 301, "短信内容不能超过300字。"),
        ("{姓名}您好：您的建议已答复。", "短信和邮件正文必须包含{链接}"),
    ],
)
def test_a_bad_text_is_refused_and_nothing_saved(client, people, sms, problem):
    client.force_login(Person.objects.get(username="clerk"))
    before = ProposerText.objects.get(kind=Kind.FEEDBACK_REMINDER).sms
    response = client.post(reverse(PAGE), form(Kind.FEEDBACK_REMINDER, sms=sms))
    assert response.status_code == 422
    assert problem in response.content.decode()
    assert ProposerText.objects.get(kind=Kind.FEEDBACK_REMINDER).sms == before


def test_a_unit_s_clerk_may_not_open_it(client, people):
    client.force_login(Person.objects.get(username="handler"))
    assert client.get(reverse(PAGE)).status_code == 403


def test_an_e_mail_without_the_feedback_link_is_refused(client, people):
    client.force_login(Person.objects.get(username="clerk"))
    before = ProposerText.objects.get(kind=Kind.REPLY_SENT).email_body
    body = "尊敬的{姓名}：\n\n您的{编号}已答复，请登录系统反馈。"
    response = client.post(reverse(PAGE), form(Kind.REPLY_SENT, email_body=body))
    assert response.status_code == 422
    assert "代表委员凭此链接反馈满意度" in response.content.decode()
    assert ProposerText.objects.get(kind=Kind.REPLY_SENT).email_body == before

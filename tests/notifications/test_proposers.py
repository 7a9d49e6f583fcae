"""The proposer is told: when the reply letter goes out, a text message (and an e-mail where
the item has one) with the personal feedback link, in the office's words; one reminder
after FEEDBACK_REMINDER_DAYS working days without feedback; nothing but the lead proposer's
own contact used; on record with the number masked."""

import importlib
import json
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps

from base.audit.models import AuditRecord
from notifications import dispatch, proposers
from notifications.models import Channel, Event, Kind, Message, ProposerText, State
from notifications.sms import mask
from proposals import replies
from proposals.models import Assignment, Proposal, Proposer, ReplyLetter, ResultClass
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
PHONE = "13800138001"
MONDAY = datetime(2026, 3, 2, 10, 0, tzinfo=SHANGHAI)


def letter_to_send(number=7, phone=PHONE, email="", kind="npc", lead="陈志强"):
    proposal = Proposal.objects.create(
        kind=kind, term=15, session=5, number=number, title="关于加强校园周边交通安全的建议",
        body="建议……",
    )  # fmt: skip
    Proposer.objects.create(proposal=proposal, name=lead, is_lead=True, phone=phone,
                            email=email)  # fmt: skip
    Proposer.objects.create(proposal=proposal, name="李附议", rank=1, phone="13900000000")
    share = Assignment.objects.create(
        proposal=proposal, unit=UnitFactory(name="市教育局"), role="lead", state="signed",
        assigned_at=datetime(2026, 1, 5, 9, tzinfo=SHANGHAI), due_on=date(2026, 4, 7),
    )  # fmt: skip
    return ReplyLetter.objects.create(
        assignment=share, number="湛教函〔2026〕18号", title="答复", body="……",
        result_class=ResultClass.objects.get(code="A"),
    )  # fmt: skip


def test_the_reply_going_out_texts_the_lead_proposer_in_the_office_s_words(gateway, mailbox):
    words = ProposerText.objects.get(kind=Kind.REPLY_SENT)
    words.sms = "{姓名}您好：{编号}《{标题}》已由{单位}答复，请反馈：{链接}（{未知}）"
    words.save()
    letter = letter_to_send(email="chen@example.cn")
    with time_machine.travel(MONDAY):
        replies.send(letter, "test")
        dispatch.sweep()

    ((_path, _query, headers, sms),) = gateway.requests  # the lead proposer only
    assert sms["phone"] == PHONE and headers["Authorization"] == "Bearer sms-token"
    assert sms["text"].startswith(
        "陈志强您好：人大建议第0007号《关于加强校园周边交通安全的建议》已由市教育局答复，"
        "请反馈：http://127.0.0.1:8000/feedback/"
    )
    assert sms["text"].endswith("（{未知}）")  # a brace the template does not know stays
    ((to, subject, body, _key),) = mailbox.messages
    assert to == "chen@example.cn" and subject == "您领衔提出的人大建议第0007号已答复"
    assert "http://127.0.0.1:8000/feedback/" in body

    # on record, never with the number in the clear
    told = AuditRecord.objects.get(action="notices.proposer_told")
    assert told.details["phone"] == "138****8001" == mask(PHONE)
    sent = AuditRecord.objects.filter(action="notices.proposer_sent")
    assert {record.details["channel"] for record in sent} == {"sms", "email"}
    everything = json.dumps(list(AuditRecord.objects.values_list("details", flat=True)))
    assert PHONE not in everything and "chen@example.cn" not in everything


def test_one_reminder_after_the_working_days_without_feedback(gateway, settings):
    settings.FEEDBACK_REMINDER_DAYS = 3
    letter = letter_to_send()
    answered = letter_to_send(number=8)
    with time_machine.travel(MONDAY):
        replies.send(letter, "test")
        replies.send(answered, "test")
    replies.record_feedback(answered, "satisfied", "")
    with time_machine.travel(datetime(2026, 3, 4, 9, tzinfo=SHANGHAI)):
        assert proposers.remind_due() == 0  # Wednesday: two working days
    with time_machine.travel(datetime(2026, 3, 5, 9, tzinfo=SHANGHAI)):
        assert proposers.remind_due() == 1  # Thursday: three
        assert proposers.remind_due() == 0  # once
        dispatch.sweep()
    (reminder,) = Event.objects.filter(kind=Kind.FEEDBACK_REMINDER)
    assert reminder.key == f"proposer-reminder-{letter.pk}-{letter.assignment.proposal_id}"
    texts = [body["text"] for *_rest, body in gateway.requests]
    assert len(texts) == 3 and "尚待您反馈意见" in texts[-1] and "/feedback/" in texts[-1]


def test_a_number_the_gateway_refuses_fails_on_record_masked(gateway):
    letter = letter_to_send(phone="0759-3386120")  # a landline: no text message possible
    replies.send(letter, "test")
    assert dispatch.sweep()["failed"] == 1
    message = Message.objects.get(channel=Channel.SMS)
    assert message.state == State.FAILED and "HTTP 400" in message.last_error
    failed = AuditRecord.objects.get(action="notices.failed")
    assert failed.details["to"] == "075****6120"


def test_without_a_gateway_or_a_contact_nothing_is_sent_and_the_office_sees_why(settings):
    settings.SMS_GATEWAY = {"URL": ""}
    replies.send(letter_to_send(), "test")
    replies.send(letter_to_send(number=8, phone=""), "test")  # no contact: no event at all
    assert Event.objects.filter(kind=Kind.REPLY_SENT).count() == 1
    assert dispatch.sweep()["failed"] == 1
    assert "SMS_GATEWAY" in Message.objects.get().last_error


def test_the_default_words_greet_the_proposer_with_their_title(settings):
    settings.SMS_GATEWAY = {"URL": ""}
    replies.send(letter_to_send(email="chen@example.cn"), "test")
    replies.send(letter_to_send(number=8, kind="cppcc", lead="孙丽萍"), "test")
    texts = list(Message.objects.order_by("pk").values_list("text", flat=True))
    assert [text[:9] for text in texts] == [
        "尊敬的陈志强代表：",
        "尊敬的陈志强代表：",
        "尊敬的孙丽萍委员：",
    ]


def test_the_stored_default_words_take_the_title_and_the_office_s_own_stay(db):
    """Texts stored before {称谓} existed: still the old default, they take the greeting with
    the title; one the office wrote itself is left as it is."""
    migration = importlib.import_module("notifications.migrations.0005_proposer_texts_with_title")
    old = migration.OLD
    ProposerText.objects.filter(kind=Kind.REPLY_SENT).update(**old["reply_sent"])
    ProposerText.objects.filter(kind=Kind.FEEDBACK_REMINDER).update(
        sms="{姓名}您好：请反馈：{链接}", email_body=old["feedback_reminder"]["email_body"]
    )
    migration.forwards(apps, None)
    sent = ProposerText.objects.get(kind=Kind.REPLY_SENT)
    reminder = ProposerText.objects.get(kind=Kind.FEEDBACK_REMINDER)
    assert sent.sms.startswith("尊敬的{姓名}{称谓}：") and sent.email_body.startswith(
        "尊敬的{姓名}{称谓}："
    )
    assert reminder.sms == "{姓名}您好：请反馈：{链接}"
    assert reminder.email_body.startswith("尊敬的{姓名}{称谓}：")

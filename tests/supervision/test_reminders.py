"""Deadline reminders: over a generated year the reminders are exactly the oracle's, by
e-mail (one message per person and run) and as notices; a second run, or two at once, send
nothing twice; 5 and 1 working days before and overdue each fire once; overdue escalates to
the unit leader and the office; a failed e-mail is retried; the Prefect flow runs."""

import io
import subprocess
import sys
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.core.management import call_command

from base.audit.models import AuditRecord
from base.organisation.models import Person, Unit
from proposals import rules
from proposals.models import Assignment, Proposal
from supervision.models import Notice, Reminder
from supervision.reminders import send_due
from tests.concurrency import at_once
from tests.supervision import world as generated
from tests.supervision.conftest import TODAY

pytestmark = pytest.mark.django_db


def stored():
    """The reminders in the database, keyed as the oracle keys them."""
    names = dict(Person.objects.values_list("pk", "username"))
    return {
        (
            r.source,
            r.object_id,
            r.due_on,
            r.stage,
            r.working_days,
            names[r.recipient_id],
        ): r.audience
        for r in Reminder.objects.all()
    }


def emails_for(wanted):
    """One message per person with an address who has something new."""
    people = {key[-1] for key in wanted}
    return {f"{name}@zj.gov.cn" for name in people if name not in generated.NO_EMAIL}


def test_the_reminders_are_the_oracle_s_and_a_second_run_sends_nothing(world):
    wanted = generated.expected_reminders(world)
    assert len(wanted) > 50
    assert {key[3] for key in wanted} == {"before", "overdue"}
    assert {key[4] for key in wanted} == {0, 1, 5}

    summary = send_due(TODAY)

    assert stored() == wanted
    assert summary["created"] == summary["due"] == len(wanted)
    assert Notice.objects.count() == len(wanted)
    assert all(notice.reminder_id for notice in Notice.objects.all())
    recipients = [message.to[0] for message in mail.outbox]
    assert len(recipients) == len(set(recipients)) == summary["emails"]
    assert set(recipients) == emails_for(wanted)
    assert not Reminder.objects.filter(emailed_at__isnull=True).exclude(email="").exists()
    # the people without an address get the notice and no e-mail
    assert Notice.objects.filter(recipient__username__in=generated.NO_EMAIL).exists()
    assert AuditRecord.objects.filter(action="supervision.reminded").count() == 1

    again = send_due(TODAY)

    assert again["created"] == 0 and again["emails"] == 0 and again["due"] == len(wanted)
    assert len(mail.outbox) == len(recipients)
    assert Notice.objects.count() == len(wanted)
    assert AuditRecord.objects.filter(action="supervision.reminded").count() == 1


def test_one_message_lists_everything_new_for_its_reader(world):
    send_due(TODAY)
    office = next(m for m in mail.outbox if m.to == ["clerk@zj.gov.cn"])
    overdue = Reminder.objects.filter(recipient__username="clerk", stage="overdue").count()
    assert overdue > 0
    assert office.subject.startswith("【督办提醒】") and f"其中{overdue}项已逾期" in office.subject
    assert office.body.count("逾期督办：") == overdue
    assert "请督办责任单位。" in office.body
    assert "/staff/supervision/notices/" in office.body
    assert office.from_email == settings.DEFAULT_FROM_EMAIL


@pytest.fixture
def share(db):
    """市教育局's share of one suggestion, assigned 2 March 2026: due Tuesday 2 June."""
    generated.staff()
    generated.members.cache_clear()
    proposal = Proposal.objects.create(
        kind="npc",
        term=15,
        session=5,
        number=12,
        title="关于加强校园周边交通安全的建议",
        body="内容",
    )
    clerk = Person.objects.get(username="clerk")
    when = datetime(2026, 3, 2, 10, tzinfo=generated.SHANGHAI)
    (assignment,) = rules.assign(
        proposal, Unit.objects.get(name="湛江市教育局"), [], "lead", clerk, when
    )
    assert assignment.due_on == date(2026, 6, 2)
    return assignment


def run_on(day):
    with time_machine.travel(datetime.combine(day, time(8), tzinfo=generated.SHANGHAI), tick=False):
        return send_due(day)


def fired(username):
    return sorted(
        (r.created_at.astimezone(generated.SHANGHAI).date(), r.stage, r.working_days)
        for r in Reminder.objects.filter(recipient__username=username)
    )


def test_five_and_one_working_days_before_and_overdue_each_fire_once(share):
    # every day from three weeks before the due date to a week after, twice a day
    day = date(2026, 5, 12)
    while day <= date(2026, 6, 9):
        run_on(day)
        run_on(day)
        day += timedelta(days=1)
    # 5 working days before Tue 2 June: Tue 26 May (27, 28, 29 May, 1 and 2 June follow);
    # 1 working day before: Mon 1 June; overdue: Wed 3 June
    expected = [
        (date(2026, 5, 26), "before", 5),
        (date(2026, 6, 1), "before", 1),
        (date(2026, 6, 3), "overdue", 0),
    ]
    assert fired("handler") == expected  # 市教育局's handling clerk: the share has no task
    assert fired("director") == expected  # its leader
    assert fired("clerk") == [(date(2026, 6, 3), "overdue", 0)]  # the office: escalation only
    assert Reminder.objects.count() == 7
    assert len(mail.outbox) == 7


def test_overdue_escalates_to_the_unit_leader_and_the_office(share):
    run_on(date(2026, 6, 3))
    audiences = {r.recipient.username: r.audience for r in Reminder.objects.all()}
    assert audiences == {"handler": "candidate", "director": "leader", "clerk": "office"}
    leader = Notice.objects.get(recipient__username="director")
    assert leader.title == "逾期督办：人大建议第0012号已超过办理期限"
    assert (
        "已逾期1个工作日" in leader.body and "您是责任单位负责人，请督促按期办结。" in leader.body
    )
    message = next(m for m in mail.outbox if m.to == ["director@zj.gov.cn"])
    assert "逾期督办：人大建议第0012号" in message.body


def test_an_item_first_seen_late_gets_the_nearest_threshold_only(share):
    run_on(date(2026, 6, 1))  # 1 working day left: the 5-day reminder is past
    assert fired("handler") == [(date(2026, 6, 1), "before", 1)]


def test_a_new_due_date_starts_a_new_series(share):
    run_on(date(2026, 6, 3))
    Assignment.objects.filter(pk=share.pk).update(due_on=date(2026, 7, 2))  # extended
    run_on(date(2026, 6, 25))  # 5 working days before 2 July
    assert fired("handler") == [(date(2026, 6, 3), "overdue", 0), (date(2026, 6, 25), "before", 5)]


def test_the_thresholds_come_from_the_setting(share, settings):
    settings.REMINDER_WORKING_DAYS = [10, 3]
    day = date(2026, 5, 12)
    while day <= date(2026, 6, 3):
        run_on(day)
        day += timedelta(days=1)
    assert [(stage, days) for _day, stage, days in fired("handler")] == [
        ("before", 10), ("before", 3), ("overdue", 0)
    ]  # fmt: skip


class FlakyMail(EmailBackend):
    """Refuses mail to one address until told otherwise."""

    refuse = {"director@zj.gov.cn"}

    def send_messages(self, messages):
        for message in messages:
            if set(message.to) & self.refuse:
                raise ConnectionError("550 mailbox unavailable")
        return super().send_messages(messages)


def test_a_failed_email_is_recorded_and_sent_by_a_later_run(share, settings, monkeypatch):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyMail"}}
    first = run_on(date(2026, 6, 3))
    assert (first["emails"], first["mail_failed"]) == (2, 1)
    failed = Reminder.objects.get(recipient__username="director")
    assert failed.emailed_at is None and "550 mailbox unavailable" in failed.mail_error
    assert failed.attempts == 1
    assert Notice.objects.filter(recipient__username="director").exists()  # still told

    monkeypatch.setattr(FlakyMail, "refuse", set())
    second = run_on(date(2026, 6, 4))
    assert (second["created"], second["retried"], second["emails"]) == (0, 1, 1)
    assert [m.to for m in mail.outbox].count(["director@zj.gov.cn"]) == 1
    third = run_on(date(2026, 6, 5))
    assert (third["retried"], third["emails"]) == (0, 0)
    failed.refresh_from_db()
    assert failed.emailed_at is not None and failed.mail_error == "" and failed.attempts == 2


def test_an_email_whose_run_died_is_taken_over_later(share):
    run_on(date(2026, 6, 3))
    Reminder.objects.filter(recipient__username="handler").update(emailed_at=None)
    assert run_on(date(2026, 6, 3))["retried"] == 0  # still held by its run
    with time_machine.travel(datetime(2026, 6, 3, 10, tzinfo=generated.SHANGHAI), tick=False):
        later = send_due(date(2026, 6, 3))
    assert (later["retried"], later["emails"]) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once():
    generated.members.cache_clear()
    with time_machine.travel(datetime(2026, 11, 16, 8, tzinfo=generated.SHANGHAI), tick=False):
        world = generated.build(TODAY, proposals=120, packages=20, seed=7)
        wanted = generated.expected_reminders(world)
        results = at_once(lambda: send_due(TODAY), lambda: send_due(TODAY))
    assert len(results) == 2
    assert stored() == wanted
    assert sum(result["created"] for result in results) == len(wanted)
    recipients = [message.to[0] for message in mail.outbox]
    assert len(recipients) == len(set(recipients)) == len(emails_for(wanted))
    assert Notice.objects.count() == len(wanted)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("prefect_server")
def test_the_prefect_flow_sends_the_reminders():
    from supervision.pipeline import deadline_reminders

    generated.staff()
    proposal = Proposal.objects.create(
        kind="cppcc", term=13, session=5, number=7, title="提案", body="内容"
    )
    clerk = Person.objects.get(username="clerk")
    when = datetime(2026, 3, 3, 10, tzinfo=generated.SHANGHAI)  # due 3 June: overdue whenever
    rules.assign(proposal, Unit.objects.get(name="湛江市民政局"), [], "lead", clerk, when)

    summary = deadline_reminders()

    assert summary["created"] == 3  # the clerk of 市民政局, its leader, the office
    assert {m.to[0] for m in mail.outbox} == {"mz-clerk@zj.gov.cn", "mz-head@zj.gov.cn",
                                             "clerk@zj.gov.cn"}  # fmt: skip
    assert deadline_reminders()["created"] == 0
    assert len(mail.outbox) == 3


def manage(*args, tmp_path, **environment):
    environment = {"PATH": "/usr/bin:/bin", "GONGKAI_VAR_DIR": str(tmp_path), "DEBUG": "true",
                   **environment}  # fmt: skip
    return subprocess.run(
        [sys.executable, "manage.py", *args], capture_output=True, text=True,
        cwd=settings.BASE_DIR, env=environment,
    )  # fmt: skip


@pytest.mark.parametrize("value", ["5,x", "-1", "5;1"])
def test_a_bad_threshold_setting_is_a_one_line_error(tmp_path, value):
    result = manage("check", tmp_path=tmp_path, REMINDER_WORKING_DAYS=value)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "REMINDER_WORKING_DAYS" in result.stderr


def test_the_thresholds_are_read_from_the_environment(tmp_path):
    show = "from django.conf import settings; print(settings.REMINDER_WORKING_DAYS)"
    result = manage("shell", "-c", show, tmp_path=tmp_path, REMINDER_WORKING_DAYS="1, 5,3")
    assert result.stdout.splitlines()[-1] == "[5, 3, 1]", result.stderr
    assert manage("shell", "-c", show, tmp_path=tmp_path).stdout.splitlines()[-1] == "[5, 1]"


def test_the_command_sends_today_s_reminders_once(share):
    out = io.StringIO()
    with time_machine.travel(datetime(2026, 6, 3, 8, tzinfo=generated.SHANGHAI), tick=False):
        call_command("send_reminders", stdout=out)
        call_command("send_reminders", stdout=out)
    first, second = out.getvalue().splitlines()
    assert "新提醒 3 条" in first and "邮件 3 封" in first
    assert "新提醒 0 条" in second and "邮件 0 封" in second

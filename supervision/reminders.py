"""Deadline reminders (到期提醒) and overdue notices (逾期督办), sent once a day by the
`deadline-reminders` deployment (supervision/pipeline.py) through `send_due`.

For each open item (`supervision.items`):
- N working days before its due date, for each threshold N of REMINDER_WORKING_DAYS
  (5 and 1 by default): the tightest threshold the item has reached, so an item first seen
  two days before its due date gets the 5-day reminder and, a day later, the 1-day one;
- the day after its due date: the overdue notice, which escalates: besides the holder and
  the unit leader it goes to the office that supervises the process (the proposal office for
  suggestions and proposals, the government office's openness reviewers for packages).

Recipients are the person who has taken the task, or, while nobody has, the people of the
unit who may take it; and the unit's leader. Each gets a notice in the staff site (我的提醒)
and one e-mail per run listing everything new for them.

Exactly once per (item, due date, threshold, person): rows are inserted first with
`ignore_conflicts` under the Reminder's unique constraint, and a run sends only the rows it
inserted (marked with its own run token). A second run, or two overlapping runs, send
nothing twice. A new due date (an extension, handling again) starts a new series. An e-mail
that failed is retried by later runs (at most MAX_ATTEMPTS times), and one whose run died
before sending is taken over after CLAIM_SECONDS.
"""

import logging
import uuid
from collections import Counter, defaultdict
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from base import audit
from base.organisation.models import UnitKind
from base.organisation.roles import Role
from base.workdays.deadlines import due_label
from supervision import items as open_work
from supervision.models import Audience, Notice, Reminder, Source, Stage
from supervision.people import Directory
from workflows import catalogue
from workflows.applications.flows import ApplicationFlow
from workflows.interpretation.flows import InterpretationFlow
from workflows.proposals.flows import ProposalFlow

log = logging.getLogger(__name__)

ACTOR = "prefect:deadline-reminders"
# what a run reports: open items, reminders called for and created, messages sent and
# failed, e-mails taken over from earlier runs, items whose due date the calendar cannot
# place, items with nobody to tell
SUMMARY = ["items", "due", "created", "emails", "mail_failed", "retried", "calendar_missing",
           "unreachable"]  # fmt: skip
CLAIM_SECONDS = 3600
MAX_ATTEMPTS = 5
FLOWS = {
    Source.PROPOSAL: ProposalFlow,
    Source.INTERPRETATION: InterpretationFlow,
    open_work.APPLICATION: ApplicationFlow,
}
# who is told when work of each process is overdue
OFFICES = {
    Source.PROPOSAL: (Role.PROPOSAL_CLERK, UnitKind.PROPOSAL_OFFICE),
    Source.INTERPRETATION: (Role.OPENNESS_REVIEWER, UnitKind.GOVERNMENT_OFFICE),
    open_work.APPLICATION: (Role.OPENNESS_REVIEWER, UnitKind.GOVERNMENT_OFFICE),
}


def stage_of(item, thresholds):
    """(Stage, threshold) the item has reached today, or None."""
    if item.overdue:
        return Stage.OVERDUE, 0
    if item.days_left is None:
        return None
    reached = [days for days in thresholds if item.days_left <= days]
    return (Stage.BEFORE, min(reached)) if reached else None


def may_take(item, directory):
    """The people who may take an item nobody has taken: those the step declares; between
    two tasks of a share, the unit's handling clerks answer for it."""
    step = catalogue.step(FLOWS[item.source], item.step)
    if step is None:
        return directory.holders(Role.HANDLING_CLERK, unit_id=item.unit_id)
    unit_id = item.drafting_unit_id if item.source == Source.INTERPRETATION else item.unit_id
    return step.holders.candidates(directory, unit_id=unit_id, drafter_id=item.drafter_id)


def recipients(item, stage, directory):
    """[(Member, Audience)]: the holder and whoever stands in for them (or those who may take
    it), the unit leader and, when overdue, the supervising office; each person once, in that
    order of precedence."""
    chosen = {}

    def add(members, audience):
        for member in members:
            chosen.setdefault(member.pk, (member, audience))

    owner = directory.get(item.owner_id) if item.owner_id else None
    if owner is not None:
        add([owner], Audience.ASSIGNEE)
        add(directory.delegates_of(owner.pk), Audience.ASSIGNEE)  # standing in (委托办理)
    else:
        add(may_take(item, directory), Audience.CANDIDATE)
    add(directory.holders(Role.UNIT_LEADER, unit_id=item.unit_id), Audience.LEADER)
    if stage == Stage.OVERDUE:
        role, unit_kind = OFFICES[item.source]
        add(directory.holders(role, unit_kind=unit_kind), Audience.OFFICE)
    return list(chosen.values())


def render(name, context):
    """One of the texts in supervision/templates/supervision/reminders/, as it is sent: the
    templates lay their wording out over lines, so the line breaks around it are dropped."""
    return render_to_string(f"supervision/reminders/{name}.txt", context).strip()


def texts(item, stage, audience):
    """The notice's title and body: short lines kept in Python, where they cost a
    fraction of a template render (a run writes thousands)."""
    what = _("%(label)s《%(title)s》（%(unit)s，%(step)s）") % {
        "label": item.label,
        "title": item.title,
        "unit": item.unit_name,
        "step": item.step_title,
    }
    due = due_label(item.due_on, item.provisional)
    if stage == Stage.OVERDUE:
        title = _("逾期督办：%(label)s已超过办理期限") % {"label": item.label}
        if item.days_late:
            body = _("%(what)s的办理期限为%(due)s，已逾期%(days)d个工作日，请尽快办理。") % {
                "what": what, "due": due, "days": item.days_late}  # fmt: skip
        else:
            body = _("%(what)s的办理期限为%(due)s，已超过期限，请尽快办理。") % {
                "what": what, "due": due}  # fmt: skip
    elif item.days_left == 0:
        title = _("到期提醒：%(label)s今天到期") % {"label": item.label}
        body = _("%(what)s的办理期限为今天（%(due)s）。") % {"what": what, "due": due}
    else:
        title = _("到期提醒：%(label)s还有%(days)d个工作日到期") % {
            "label": item.label, "days": item.days_left}  # fmt: skip
        body = _("%(what)s的办理期限为%(due)s，还有%(days)d个工作日。") % {
            "what": what, "due": due, "days": item.days_left}  # fmt: skip
    why = {
        Audience.CANDIDATE: _("该事项尚无人认领，您可以办理。"),
        Audience.LEADER: _("您是责任单位负责人，请督促按期办结。"),
        Audience.OFFICE: _("请督办责任单位。"),
    }.get(audience)
    return title, f"{body}{why}" if why else body


def key_of(reminder):
    return (
        reminder.source,
        reminder.object_id,
        reminder.due_on,
        reminder.stage,
        reminder.working_days,
        reminder.recipient_id,
    )


def wanted(found, thresholds, directory, token, now, counts):
    """The Reminder rows today's items call for, and what each one's notice is about."""
    rows, about = [], {}
    for item in found:
        reached = stage_of(item, thresholds)
        if reached is None:
            counts["calendar_missing"] += item.days_left is None
            continue
        stage, threshold = reached
        people = recipients(item, stage, directory)
        if not people:
            counts["unreachable"] += 1
            log.warning("reminder for %s %s: nobody to tell", item.source, item.object_id)
            continue
        for member, audience in people:
            row = Reminder(
                source=item.source, object_id=item.object_id, due_on=item.due_on,
                stage=stage, working_days=threshold, recipient_id=member.pk,
                audience=audience, kind=item.kind, label=item.label[:80],
                title=item.title[:200], unit_id=item.unit_id, step=item.step_title[:60],
                days_left=item.days_left, process_id=item.process_id,
                email=member.email, run=token, claimed_at=now,
            )  # fmt: skip
            rows.append(row)
            about[key_of(row)] = (item, stage, audience)
    return rows, about


def send_due(today=None, *, actor=ACTOR):
    """Records and sends today's reminders; returns what it did (counts)."""
    today = today or timezone.localdate()
    now, token = timezone.now(), uuid.uuid4().hex
    counts = Counter(dict.fromkeys(SUMMARY, 0))
    with translation.override(settings.LANGUAGE_CODE):
        directory = Directory()
        found = open_work.open_items(today, directory=directory)
        counts["items"] = len(found)
        rows, about = wanted(found, settings.REMINDER_WORKING_DAYS, directory, token, now, counts)
        counts["due"] = len(rows)
        with transaction.atomic():
            # insert first: the unique constraint drops what an earlier or parallel run holds
            Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
            fresh = list(Reminder.objects.filter(run=token))
            notices = []
            for reminder in fresh:
                title, body = texts(*about[key_of(reminder)])
                notices.append(
                    Notice(recipient_id=reminder.recipient_id, reminder=reminder, title=title,
                           body=body)
                )  # fmt: skip
            Notice.objects.bulk_create(notices, batch_size=500)
        counts["created"] = len(fresh)
        counts["retried"] = claim_unsent(token, now)
        counts["emails"], counts["mail_failed"] = email(token)
    summary = {"day": today.isoformat(), **counts}
    if counts["created"] or counts["emails"] or counts["mail_failed"]:
        audit.record(actor, "supervision.reminded", **summary)
    return summary


def claim_unsent(token, now):
    """Takes over e-mails that failed, or whose run died before sending them."""
    stale = now - timedelta(seconds=CLAIM_SECONDS)
    return (
        Reminder.objects.filter(emailed_at__isnull=True, attempts__lt=MAX_ATTEMPTS)
        .exclude(email="")
        .exclude(run=token)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .update(run=token, claimed_at=now)
    )


def notices_url():
    try:
        path = reverse("staff:supervision:notices:index")
    except NoReverseMatch:
        return ""
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def message_for(recipient, reminders):
    """One e-mail listing everything new for one person, overdue work first
    (email_subject.txt, email_body.txt)."""
    reminders = sorted(reminders, key=lambda r: (r.stage != Stage.OVERDUE, r.due_on, r.pk))
    context = {
        "count": len(reminders),
        "overdue": sum(reminder.stage == Stage.OVERDUE for reminder in reminders),
        "name": recipient.get_full_name() or recipient.get_username(),
        "reminders": reminders,
        "link": notices_url(),
    }
    return EmailMessage(
        subject=render("email_subject", context),
        body=render("email_body", context),
        to=[reminders[0].email],
    )


def email(token):
    """Sends the run's unsent reminders, one message per person; (sent, failed) messages."""
    pending = (
        Reminder.objects.filter(run=token, emailed_at__isnull=True)
        .exclude(email="")
        .select_related("notice", "recipient")
        .order_by("recipient_id", "pk")
    )
    by_person = defaultdict(list)
    for reminder in pending:
        by_person[(reminder.recipient, reminder.email)].append(reminder)
    if not by_person:
        return 0, 0
    sent = failed = 0
    connection = mailers.default
    try:
        connection.open()
    except Exception as error:  # noqa: BLE001 — no server: every message waits for a later run
        for reminders in by_person.values():
            record_failure(reminders, error)
        return 0, len(by_person)
    try:
        for (recipient, _address), reminders in by_person.items():
            try:
                connection.send_messages([message_for(recipient, reminders)])
            except Exception as error:  # noqa: BLE001 — one bad address must not stop the rest
                record_failure(reminders, error)
                failed += 1
            else:
                Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(
                    emailed_at=timezone.now(), attempts=F("attempts") + 1, mail_error=""
                )
                sent += 1
    finally:
        connection.close()
    return sent, failed


def record_failure(reminders, error):
    log.warning("reminder e-mail to %s failed: %s", reminders[0].email, error)
    Reminder.objects.filter(pk__in=[r.pk for r in reminders]).update(
        claimed_at=None,
        attempts=F("attempts") + 1,
        mail_error=f"{type(error).__name__}: {error}"[:2000],
    )

"""The proposer is told (告知代表委员): when the reply letter goes out, the lead proposer gets
a text message and/or an e-mail with their personal feedback link; when no feedback has
come FEEDBACK_REMINDER_DAYS working days later, one reminder with the same link.

Only the lead proposer's own contact on the item is used (`Proposer.phone`, `.email`),
nothing else about them. The words are the office's (`ProposerText`, edited in the admin):
{姓名} {标题} {编号} {单位} {链接} are filled in. Each message is audited with the number
masked (138****1234), never in the clear.
"""

import logging

from django.conf import settings
from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from base import audit
from base.workdays.deadlines import CalendarMissingYear, WorkingCalendar, add_working_days
from notifications.events import raise_event
from notifications.models import Channel, Event, Kind, Message, ProposerText
from notifications.sms import mask
from notifications.texts import DEFAULTS
from proposals.models import ReplyLetter
from workflows.proposals.views import feedback_url

log = logging.getLogger(__name__)

ACTOR = "prefect:notices"
REMINDER_KEY = "proposer-reminder-"

FIELDS = ("姓名", "标题", "编号", "单位", "链接")


def fill(template, values):
    """{姓名} and its kind replaced; any other brace left as it is (never str.format, so a
    stray brace in the office's text is no error)."""
    for name in FIELDS:
        template = template.replace(f"{{{name}}}", values.get(name, ""))
    return template


def texts(kind):
    stored = ProposerText.objects.filter(kind=kind).first()
    return stored or ProposerText(kind=kind, **DEFAULTS[kind])


def absolute(path):
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{path}"


def tell(letter, kind, actor):
    """The proposer's messages for `letter` as one event (once per letter and kind)."""
    share = letter.assignment
    proposal = share.proposal
    lead = proposal.proposers.filter(is_lead=True).first()
    if lead is None:
        return None
    phone, email = lead.phone.strip(), getattr(lead, "email", "").strip()
    if not phone and not email:
        return None
    values = {"姓名": lead.name, "标题": proposal.title, "编号": proposal.label,
              "单位": share.unit.name, "链接": absolute(feedback_url(letter))}  # fmt: skip
    words = texts(kind)
    key = f"proposer-{'reply' if kind == Kind.REPLY_SENT else 'reminder'}-{letter.pk}"
    extra = []
    if phone:
        extra.append(Message(key=f"{key}:sms", channel=Channel.SMS, address=phone,
                             text=fill(words.sms, values)))  # fmt: skip
    if email:
        extra.append(Message(key=f"{key}:email", channel=Channel.EMAIL, address=email,
                             subject=fill(words.email_subject, values)[:200],
                             text=fill(words.email_body, values)))  # fmt: skip
    title = _("告知代表委员：%(item)s") % {"item": proposal.label}
    event = raise_event(key, kind, title, unit_id=None, extra=extra)
    if event is not None:
        audit.record(
            actor, "notices.proposer_told", letter, kind=kind, lead=lead.name,
            phone=mask(phone) if phone else "", email=bool(email),
        )  # fmt: skip
    return event


def reply_sent(letter):
    """Called in the transaction that sends the letter (proposals.replied)."""
    return tell(letter, Kind.REPLY_SENT, "flow:proposal")


def remind_due(today=None, actor=ACTOR):
    """Reminds once each lead proposer whose letter has waited FEEDBACK_REMINDER_DAYS
    working days without feedback; returns how many were reminded."""
    today = today or timezone.localdate()
    reminded = Event.objects.filter(
        key=Concat(Value(REMINDER_KEY), Cast(OuterRef("pk"), CharField()))
    )
    waiting = (
        ReplyLetter.objects.filter(sent_at__isnull=False, sent_at__date__lt=today)
        .filter(~Exists(reminded))
        .exclude(Q(feedbacks__isnull=False))
        .select_related("assignment__proposal", "assignment__unit")
        .order_by("sent_at")
    )
    calendar = WorkingCalendar()
    count = 0
    for letter in waiting:
        sent_on = timezone.localdate(letter.sent_at)
        try:
            due = add_working_days(sent_on, settings.FEEDBACK_REMINDER_DAYS, calendar).due
        except CalendarMissingYear:
            continue
        if due <= today and tell(letter, Kind.FEEDBACK_REMINDER, actor) is not None:
            count += 1
    return count

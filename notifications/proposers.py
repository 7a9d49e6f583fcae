"""The proposer is told (告知代表委员): when the reply letter goes out, the lead proposer gets
a text message and/or an e-mail with their personal feedback link; when no feedback has
come FEEDBACK_REMINDER_DAYS working days later, one reminder with the same link.

Only the lead proposer's own contact on the item is used (`Proposer.phone`, `.email`),
nothing else about them. The words are the office's (`ProposerText`, edited in the admin):
{姓名} {称谓} {标题} {编号} {单位} {链接} are filled in ({称谓}: 代表 for a 人大建议, 委员 for a
政协提案). Each message is audited with the number masked (138****1234), never in the clear.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from base import audit
from base.workdays.deadlines import CalendarMissingYear, WorkingCalendar, add_working_days
from notifications.events import raise_event
from notifications.models import Channel, Event, Kind, Message, ProposerText
from notifications.sms import mask
from notifications.texts import DEFAULTS
from proposals.models import Kind as ItemKind
from proposals.models import ReplyLetter
from workflows.proposals.views import FEEDBACK_LINK_DAYS, feedback_url

log = logging.getLogger(__name__)

ACTOR = "prefect:notices"
REMINDER_KEY = "proposer-reminder-"

FIELDS = ("姓名", "称谓", "标题", "编号", "单位", "链接")


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


def answered_items(letter):
    """The items a letter answers: its own and, in a merged handling (并案), each joined one,
    whose own lead proposer answers through a link naming it."""
    own = letter.assignment.proposal
    return [own, *own.joined.order_by("pk")]


def tell(letter, item, kind, actor):
    """The lead proposer's messages about `letter` as one event (once per letter, item and
    kind); None when there is nobody or nothing to write to."""
    lead = item.proposers.filter(is_lead=True).first()
    if lead is None:
        return None
    phone, email = lead.phone.strip(), getattr(lead, "email", "").strip()
    if not phone and not email:
        return None
    values = {"姓名": lead.name, "称谓": "代表" if item.kind == ItemKind.NPC else "委员",
              "标题": item.title, "编号": item.label,
              "单位": letter.assignment.unit.name,
              "链接": absolute(feedback_url(letter, item))}  # fmt: skip
    words = texts(kind)
    what = "reply" if kind == Kind.REPLY_SENT else "reminder"
    key = f"proposer-{what}-{letter.pk}-{item.pk}"
    extra = []
    if phone:
        extra.append(Message(key=f"{key}:sms", channel=Channel.SMS, address=phone,
                             text=fill(words.sms, values)))  # fmt: skip
    if email:
        extra.append(Message(key=f"{key}:email", channel=Channel.EMAIL, address=email,
                             subject=fill(words.email_subject, values)[:200],
                             text=fill(words.email_body, values)))  # fmt: skip
    title = _("告知代表委员：%(item)s") % {"item": item.label}
    event = raise_event(key, kind, title, unit_id=None, extra=extra)
    if event is not None:
        audit.record(
            actor, "notices.proposer_told", letter, kind=kind, item=item.label, lead=lead.name,
            phone=mask(phone) if phone else "", email=bool(email),
        )  # fmt: skip
    return event


def reply_sent(letter):
    """Called in the transaction that sends the letter (proposals.replied)."""
    return [tell(letter, item, Kind.REPLY_SENT, "flow:proposal") for item in answered_items(letter)]


def remind_due(today=None, actor=ACTOR):
    """Reminds once each lead proposer whose answer to a letter has not come
    FEEDBACK_REMINDER_DAYS working days after it was sent; returns how many were reminded."""
    today = today or timezone.localdate()
    waiting = (
        # a link older than FEEDBACK_LINK_DAYS no longer opens: no use reminding of it
        ReplyLetter.objects.filter(sent_at__date__lt=today)
        .filter(sent_at__gte=timezone.now() - timedelta(days=FEEDBACK_LINK_DAYS))
        .select_related("assignment__proposal", "assignment__unit")
        .prefetch_related("feedbacks")
        .order_by("sent_at")
    )
    reminded = set(Event.objects.filter(key__startswith=REMINDER_KEY).values_list("key", flat=True))
    calendar = WorkingCalendar()
    count = 0
    for letter in waiting:
        answered = {feedback.proposal_id for feedback in letter.feedbacks.all()}
        items = [item for item in answered_items(letter) if item.pk not in answered and
                 f"{REMINDER_KEY}{letter.pk}-{item.pk}" not in reminded]  # fmt: skip
        if not items:
            continue
        try:
            due = add_working_days(
                timezone.localdate(letter.sent_at), settings.FEEDBACK_REMINDER_DAYS, calendar
            ).due
        except CalendarMissingYear:
            continue
        if due > today:
            continue
        for item in items:
            count += tell(letter, item, Kind.FEEDBACK_REMINDER, actor) is not None
    return count

"""Sending the outbox: what the `notices` pipeline runs every minute (`sweep`).

1. **Lease.** A sweep leases the messages that are due (`not_before` passed: at once, or
   the morning's digest) and free (no lease, or one that ran out) to its worker, with the
   same conditional UPDATE the publish pipeline uses: of two workers, one wins each row.
2. **Staff site.** The notices (我的提醒) are written and their messages marked sent in one
   transaction: exactly once, whatever dies.
3. **Everything else** (e-mail, robots, SMS), one send at a time: the message is marked
   `sending` (attempt counted) and committed, sent, then marked `sent`. A failure sets the
   next attempt after an exponential backoff (NOTICE_RETRY_SECONDS × 2ⁿ⁻¹) and, after
   NOTICE_MAX_ATTEMPTS or a refusal that retrying cannot mend, `failed` — listed in the
   admin (通知消息, state 发送失败) and in the audit log (`notices.failed`).
4. **A digest** is one send per recipient and channel holding all their due digest messages.

The guarantee: every message is sent, and none twice, except the one a worker was sending
at the instant it died. That one is still `sending` when its lease runs out, and the next
sweep sends it again under the same key: a receiver that keeps keys (the generic webhook's
`Idempotency-Key`, the SMS gateway's `id`, a mail system reading `X-Notice-Key`) stores it
once; a vendor's chat robot, which has no such field, may show it twice. Sending it never
again instead would lose it whenever the worker died before the send; a notice is better
twice than never.
"""

import logging
import os
import socket
import uuid
from collections import Counter, defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from base import audit
from notifications import sms, transports
from notifications.models import Channel, Message, State
from supervision.models import Notice

log = logging.getLogger(__name__)

ACTOR = "prefect:notices"
LIVE = [State.PENDING, State.SENDING]


def worker_name():
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"[:80]


def lease_end():
    return timezone.now() + timedelta(seconds=settings.NOTICE_LEASE_SECONDS)


def free(now):
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def claim(worker, limit=None):
    """Leases due messages to `worker`; returns them (with event, person and robot)."""
    now = timezone.now()
    due = Message.objects.filter(free(now), state__in=LIVE, not_before__lte=now)
    ids = list(
        due.order_by("not_before", "pk").values_list("pk", flat=True)[
            : limit or settings.NOTICE_CLAIM_LIMIT
        ]
    )
    if not ids:
        return []
    Message.objects.filter(free(now), pk__in=ids, state__in=LIVE).update(
        claimed_by=worker, claimed_until=lease_end()
    )
    return list(
        Message.objects.filter(pk__in=ids, claimed_by=worker, state__in=LIVE)
        .select_related("event", "robot")
        .order_by("pk")
    )


def release(worker):
    Message.objects.filter(claimed_by=worker, state__in=LIVE).update(
        claimed_by="", claimed_until=None
    )


def absolute(link):
    if not link or link.startswith(("http://", "https://")):
        return link
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}{link}"


def words(message):
    """(title, text) of one message: a proposer's own, else the event's with its link."""
    if message.text:
        return message.subject, message.text
    event = message.event
    link = absolute(event.link)
    return event.title, "\n".join(part for part in (event.body, link) if part)


def digest_words(messages):
    title = _("工作平台通知汇总：%(count)d条") % {"count": len(messages)}
    parts = []
    for n, message in enumerate(messages, 1):
        heading, text = words(message)
        parts.append(f"{n}. {heading}\n{text}")
    return title, "\n\n".join(parts)


def groups(messages):
    """[(channel, [messages])]: the site's notices together, each other message alone,
    and each recipient's digest (per channel) as one."""
    site, single, digests = [], [], defaultdict(list)
    for message in messages:
        if message.channel == Channel.SITE:
            site.append(message)
        elif message.digest:
            recipient = message.robot_id or message.address
            digests[(message.channel, recipient)].append(message)
        else:
            single.append([message])
    found = [(Channel.SITE, site)] if site else []
    found += [(group[0].channel, group) for group in single]
    found += [(channel, group) for (channel, _recipient), group in digests.items()]
    return found


def sweep(worker=None):
    """One pass over the outbox; returns counts (claimed, sent, retrying, failed)."""
    worker = worker or worker_name()
    counts = Counter(claimed=0, sent=0, retrying=0, failed=0)
    with translation.override(settings.LANGUAGE_CODE):
        messages = claim(worker)
        counts["claimed"] = len(messages)
        try:
            for channel, group in groups(messages):
                if channel == Channel.SITE:
                    counts["sent"] += post_notices(group, worker)
                else:
                    counts[send(group, worker)] += len(group)
        finally:
            release(worker)
    return dict(counts)


@transaction.atomic
def post_notices(messages, worker):
    """The staff-site notices and their messages' state: one commit, so exactly once."""
    ids = [message.pk for message in messages]
    now = timezone.now()
    taken = Message.objects.filter(pk__in=ids, claimed_by=worker, state__in=LIVE).update(
        state=State.SENT, sent_at=now, attempts=1, claimed_by="", claimed_until=None
    )
    if taken != len(ids):  # a lease ran out and another worker has some: leave them to it
        transaction.set_rollback(True)
        return 0
    notices = []
    for message in messages:
        event = message.event  # the link is the notice's own, shown as a link, not as text
        notices.append(Notice(recipient_id=message.person_id, title=event.title,
                              body=event.body, link=event.link))  # fmt: skip
    Notice.objects.bulk_create(notices, batch_size=1000)
    return len(ids)


def send(messages, worker):
    """Sends one message (or one digest); returns "sent", "retrying", "failed" or "lost"."""
    ids = [message.pk for message in messages]
    attempts = max(message.attempts for message in messages) + 1
    taken = Message.objects.filter(pk__in=ids, claimed_by=worker, state__in=LIVE).update(
        state=State.SENDING, attempts=attempts, claimed_until=lease_end()
    )
    if taken != len(ids):  # a lease ran out and another worker has part of it: leave it all
        Message.objects.filter(pk__in=ids, claimed_by=worker, state=State.SENDING).update(
            state=State.PENDING, attempts=attempts - 1, claimed_by="", claimed_until=None
        )
        return "lost"
    first = messages[0]
    title, text = digest_words(messages) if first.digest else words(first)
    key = first.key if len(messages) == 1 else f"digest:{first.key}:{len(messages)}"
    try:
        if first.channel == Channel.EMAIL:
            transports.send_email(first.address, title, text, key)
        elif first.channel == Channel.ROBOT:
            transports.send_robot(first.robot, title, text, key)
        elif first.channel == Channel.SMS:
            sms.gateway().send(first.address, text, key)
        else:
            raise transports.SendError(f"unknown channel {first.channel}", permanent=True)
    except (transports.SendError, sms.SendError) as error:
        return failed(messages, attempts, error)
    except Exception as error:  # noqa: BLE001 — a plugin's surprise is one message's failure
        log.exception("notice %s", key)
        return failed(messages, attempts, error)
    with transaction.atomic():
        Message.objects.filter(pk__in=ids).update(
            state=State.SENT, sent_at=timezone.now(), last_error="", claimed_by="",
            claimed_until=None,
        )  # fmt: skip
        if first.person_id is None and first.robot_id is None:  # a proposer's: on record
            audit.record(
                ACTOR, "notices.proposer_sent", first.event, message=first.key,
                channel=first.channel, to=shown(first),
            )  # fmt: skip
    return "sent"


def shown(message):
    """A proposer's address as records show it: 138****1234, or the e-mail's domain."""
    if message.channel == Channel.SMS:
        return sms.mask(message.address)
    return f"***@{message.address.rpartition('@')[2]}"


def backoff(attempts):
    return timedelta(seconds=min(settings.NOTICE_RETRY_SECONDS * 2 ** (attempts - 1), 6 * 3600))


def scrubbed(text, messages):
    """A service's refusal as records keep it: a proposer's number or address it names (many
    gateways and mail servers do) shown as `shown` shows it, never in the clear."""
    for message in messages:
        if message.person_id is None and not message.robot_id and message.address:
            text = text.replace(message.address, shown(message))
            digits = "".join(ch for ch in message.address if ch.isdigit())
            if message.channel == Channel.SMS and len(digits) >= 7:
                text = text.replace(digits, shown(message))
    return text


def failed(messages, attempts, error):
    text = scrubbed(f"{type(error).__name__}: {error}", messages)[:2000]
    permanent = getattr(error, "permanent", False)
    ids = [message.pk for message in messages]
    if permanent or attempts >= settings.NOTICE_MAX_ATTEMPTS:
        with transaction.atomic():
            Message.objects.filter(pk__in=ids).update(
                state=State.FAILED, last_error=text, claimed_by="", claimed_until=None
            )
            for message in messages:
                audit.record(
                    ACTOR, "notices.failed", message.event, message=message.key,
                    channel=message.channel, attempts=attempts, error=text,
                    to=shown(message) if message.person_id is None and not message.robot_id
                    else str(message.person or message.robot),
                )  # fmt: skip
        log.warning("notice %s failed for good: %s", messages[0].key, text)
        return "failed"
    Message.objects.filter(pk__in=ids).update(
        state=State.PENDING,
        last_error=text,
        not_before=timezone.now() + backoff(attempts),
        claimed_by="",
        claimed_until=None,
    )
    return "retrying"

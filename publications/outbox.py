"""Writing to the outbox: the only way anything becomes (or stops being) public.

Both functions run inside the caller's transaction, so an approval and its outbox entry are
committed together or not at all. After the commit, `queued` tells whoever listens (the
pipeline layer asks Prefect for a run) that work is waiting.
"""

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from base import audit
from publications import catalogue, targets
from publications.models import Action, Delivery, Event, Publication, Version

queued = Signal()


def content_hash(title, summary, body, fields, attachments):
    material = json.dumps(
        [title, summary, body, fields, attachments], ensure_ascii=False, sort_keys=True
    )
    return hashlib.sha256(material.encode()).hexdigest()


def searchable(title, summary, body, fields, index_number=""):
    """What the portal's search reads: the texts, the fields, and the 索引号 a reader may
    have been given to find the item by."""
    values = [str(v) for v in fields.values() if isinstance(v, str | int)]
    return "\n".join([title, summary, body, *values, *([index_number] if index_number else [])])


@transaction.atomic
def publish(
    kind, source_id, unit, *, title, summary="", body="", fields=None, attachments=(), actor
):
    """Writes the next version of an item and its outbox event; returns the version.

    Approving unchanged content again writes nothing: an item is never published twice."""
    fields = fields or {}
    attachments = list(attachments)
    digest = content_hash(title, summary, body, fields, attachments)
    publication, _created = Publication.objects.select_for_update().get_or_create(
        kind=kind, source_id=source_id, defaults={"unit": unit}
    )
    latest = publication.versions.order_by("-number").first()
    if latest and latest.content_hash == digest and publication.withdrawn_at is None:
        return latest
    now = timezone.now()
    # numbered before the version is written (its search text holds the 索引号) and before
    # the event is queued, so that every target receives it
    entry = catalogue.enter(publication, unit, when=now)
    version = Version.objects.create(
        publication=publication,
        number=(latest.number if latest else 0) + 1,
        title=title,
        summary=summary,
        body=body,
        fields=fields,
        attachments=attachments,
        search_text=searchable(title, summary, body, fields, entry.index_number),
        content_hash=digest,
        published_at=now,
    )
    if publication.withdrawn_at is not None or publication.unit_id != unit.pk:
        publication.withdrawn_at = None
        publication.unit = unit
        publication.changed_at = timezone.now()
        publication.save(update_fields=["withdrawn_at", "unit", "changed_at"])
    enqueue(publication, Action.PUBLISH, version=version)
    audit.record(actor, "publication.queued", publication, version=version.number, hash=digest)
    return version


@transaction.atomic
def withdraw(publication, reason, actor):
    """撤回: a new event that takes the item off every target; its versions stay on record.

    A pair published together (a document and its interpretation) is withdrawn together:
    an interpretation of a document that is no longer public must not stay up."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.withdrawn_at is not None:
        raise ValidationError(_("该信息已经撤回。"))
    if not reason.strip():
        raise ValidationError(_("撤回须说明理由。"))
    for item in [publication, publication.companion]:
        if item is None or item.withdrawn_at is not None:
            continue
        item.withdrawn_at = item.changed_at = timezone.now()
        item.save(update_fields=["withdrawn_at", "changed_at"])
        enqueue(item, Action.WITHDRAW, reason=reason)
        audit.record(actor, "publication.withdrawn", item, reason=reason)
    return publication


def link(*publications):
    """Published together (同步公开): each item links the others."""
    first, second = publications
    Publication.objects.filter(pk=first.pk).update(companion=second)
    Publication.objects.filter(pk=second.pk).update(companion=first)


def enqueue(publication, action, version=None, reason=""):
    event = Event.objects.create(
        publication=publication, action=action, version=version, reason=reason
    )
    Delivery.objects.bulk_create(Delivery(event=event, target=name) for name in targets.names())
    transaction.on_commit(lambda: queued.send_robust(sender=Event, event_id=event.pk))
    return event

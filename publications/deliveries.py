"""Taking deliveries out of the outbox and recording how they went.

Plain functions for whichever worker runs them: a lease (`claimed_by`, `claimed_until`) makes
sure that two workers never hold the same delivery, and that the deliveries of a worker that
died are taken over by the next sweep once its lease has run out. Within one target, the
events of one publication are delivered in order, so a withdrawal never overtakes the
version it withdraws.
"""

from contextlib import nullcontext
from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from base import audit
from publications import targets
from publications.models import Delivery, DeliveryState, Event, Publication
from publications.targets import Refused, Retry


def lease_end():
    return timezone.now() + timedelta(seconds=settings.PUBLICATION_LEASE_SECONDS)


def free(now):
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def held_before(now, worker=None):
    """Deliveries behind an earlier event of the same publication to the same target that is
    still pending and leased (to another worker, when `worker` is named): they must wait,
    whatever happened to that worker, so that nothing overtakes what it holds."""
    earlier = Delivery.objects.filter(
        target=OuterRef("target"),
        event__publication_id=OuterRef("event__publication_id"),
        event_id__lt=OuterRef("event_id"),
        state=DeliveryState.PENDING,
        claimed_until__gte=now,
    )
    if worker is not None:
        earlier = earlier.exclude(claimed_by=worker)
    return Exists(earlier)


def claim(worker, limit=5000):
    """Leases pending deliveries to `worker`; returns their ids, oldest event first.

    Never a delivery whose publication has an earlier event still leased at the same target:
    a worker that died mid-push holds its event until the lease runs out, and the events
    after it wait for it (docs/sync-protocol.md)."""
    now = timezone.now()
    pending = Delivery.objects.filter(free(now), state=DeliveryState.PENDING).exclude(
        held_before(now)
    )
    ids = list(pending.order_by("event_id", "target").values_list("pk", flat=True)[:limit])
    # the condition is checked again by the UPDATE itself: of two workers, one wins each row
    Delivery.objects.filter(free(now), pk__in=ids, state=DeliveryState.PENDING).update(
        claimed_by=worker, claimed_until=lease_end()
    )
    mine = Delivery.objects.filter(pk__in=ids, claimed_by=worker, state=DeliveryState.PENDING)
    # two workers claiming at once may split one publication's events between them: the one
    # holding a later event lets it go, the one holding the earliest keeps it
    mine.filter(held_before(now, worker)).update(claimed_by="", claimed_until=None)
    return list(mine.order_by("event_id", "target").values_list("pk", flat=True))


def release(worker):
    """What a run could not deliver is free for the next sweep at once."""
    Delivery.objects.filter(claimed_by=worker, state=DeliveryState.PENDING).update(
        claimed_by="", claimed_until=None
    )


def chains(delivery_ids):
    """{target: [[ids of one publication, in event order], ...]}."""
    rows = (
        Delivery.objects.filter(pk__in=delivery_ids)
        .order_by("target", "event__publication_id", "event_id")
        .values_list("target", "event__publication_id", "pk")
    )
    result = {}
    for (target, _publication), group in groupby(rows, key=lambda row: row[:2]):
        result.setdefault(target, []).append([pk for *_rest, pk in group])
    return result


def versions_to_render(delivery_ids):
    return (
        Event.objects.filter(deliveries__pk__in=delivery_ids, version__isnull=False)
        .select_related("version__publication")
        .distinct()
    )


def deliver_chains(chains, worker):
    """Delivers each chain in turn; one that must wait does not hold up the others. Raises
    Retry when any must wait: a retry finds the delivered ones done and goes on with the
    rest."""
    waiting = []
    for chain in chains:
        try:
            deliver_chain(chain, worker)
        except Retry as trouble:
            waiting.append(str(trouble))
    if waiting:
        raise Retry(f"{len(waiting)} waiting: {waiting[0]}")


def deliver_chain(delivery_ids, worker):
    """Delivers one publication's pending events to one target, in order.

    Raises Retry at the first event the target may take later (the rest of the chain waits
    for it); a refusal is recorded and the chain goes on."""
    for pk in delivery_ids:
        deliver(pk, worker)


def deliver(pk, worker):
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(of=("self",))
            .select_related("event__publication__unit", "event__version")
            .get(pk=pk)
        )
        if delivery.state != DeliveryState.PENDING or delivery.claimed_by != worker:
            return delivery  # done already, or the lease went to another worker
        delivery.attempts += 1
        delivery.claimed_until = lease_end()
        delivery.save(update_fields=["attempts", "claimed_until"])
    target = targets.get(delivery.target)
    # a target in our own database delivers in the transaction that records it; a remote one
    # is called outside any transaction, so no lock is held while the network is slow
    together = transaction.atomic() if target.in_database else nullcontext()
    try:
        with together:
            target.deliver(delivery.event)
            finish(delivery, DeliveryState.DELIVERED)
    except Refused as refusal:
        finish(delivery, DeliveryState.FAILED, str(refusal))
    except Retry as trouble:
        finish(delivery, DeliveryState.PENDING, str(trouble))
        raise
    return delivery


@transaction.atomic  # the outcome and its audit line: one commit
def finish(delivery, state, error=""):
    delivery.state = state
    delivery.last_error = error[:2000]
    delivery.delivered_at = timezone.now() if state == DeliveryState.DELIVERED else None
    delivery.save(update_fields=["state", "last_error", "delivered_at"])
    if state != DeliveryState.PENDING:
        audit.record(
            "prefect:publish",
            f"publication.{state}",
            delivery.event.publication,
            target=delivery.target,
            event=delivery.event.action,
            key=delivery.event.idempotency_key,
            attempts=delivery.attempts,
            error=delivery.last_error,
        )


def update_tree(target_name, delivery_ids, worker):
    """A whole-tree target (a static export) takes a batch of events at once and rewrites
    what they touch from what the portal shows, so it runs after the portal's deliveries;
    an event the portal has not taken yet waits for the next sweep with it."""
    portal_done = Delivery.objects.filter(event=OuterRef("event"), target=targets.PORTAL).exclude(
        state=DeliveryState.PENDING
    )
    delivery_ids = list(
        Delivery.objects.filter(Exists(portal_done), pk__in=delivery_ids).values_list(
            "pk", flat=True
        )
    )
    if not delivery_ids:
        return
    Delivery.objects.filter(pk__in=delivery_ids, claimed_by=worker).update(
        attempts=F("attempts") + 1, claimed_until=lease_end()
    )
    changed = (
        Publication.objects.filter(events__deliveries__pk__in=delivery_ids)
        .select_related("companion", "live")
        .distinct()
    )
    try:
        targets.get(target_name).update(changed)
    except (Retry, OSError) as trouble:
        Delivery.objects.filter(pk__in=delivery_ids, claimed_by=worker).update(
            last_error=str(trouble)[:2000]
        )
        raise Retry(str(trouble)) from trouble
    for delivery in Delivery.objects.filter(
        pk__in=delivery_ids, claimed_by=worker, state=DeliveryState.PENDING
    ).select_related("event__publication"):
        finish(delivery, DeliveryState.DELIVERED)


def summary(delivery_ids):
    counts = {state: 0 for state in DeliveryState.values}
    for state in Delivery.objects.filter(pk__in=delivery_ids).values_list("state", flat=True):
        counts[state] += 1
    return {"claimed": len(delivery_ids), **counts}

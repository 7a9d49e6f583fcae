"""Who may see and act on publications, and staff's one repair: syncing a failed delivery again.

Permissions (`Publication.Meta.permissions`, granted by `base.organisation.roles`) say what a
person may do; the role and unit say on which publications:

- the government office's openness reviewer (公开审查员): every publication;
- the proposal office's clerk (建议提案办理员): the published replies (办理结果);
- a unit leader (单位负责人): the publications of their own unit, to look at only.

Nothing else is visible: lists leave it out, and a page asked for by its URL answers 403.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from base import audit
from base.organisation.models import UnitKind
from base.organisation.roles import Role
from publications.models import Delivery, DeliveryState, Kind
from publications.outbox import queued

VIEW = "publications.view_publications"
WITHDRAW = "publications.withdraw_publication"
RESYNC = "publications.resync_publication"

EVERY, REPLIES, NONE = "every", "replies", ""


def _in_unit_of_kind(person, kind):
    return person.unit_id is not None and person.unit.kind == kind


def _looks_after(person):
    """Which publications a person looks after for the city: EVERY, REPLIES or NONE."""
    if person.is_superuser:
        return EVERY
    if person.has_role(Role.OPENNESS_REVIEWER) and _in_unit_of_kind(
        person, UnitKind.GOVERNMENT_OFFICE
    ):
        return EVERY
    if person.has_role(Role.PROPOSAL_CLERK) and _in_unit_of_kind(person, UnitKind.PROPOSAL_OFFICE):
        return REPLIES
    return NONE


def may_use_desk(person):
    """The staff page (and its menu entry) is for those who hold the view permission."""
    return person.is_authenticated and person.is_active and person.has_perm(VIEW)


def visible_to(person, publications):
    """Narrows a queryset of publications to those `person` may see."""
    if not may_use_desk(person):
        return publications.none()
    scope = _looks_after(person)
    if scope == EVERY:
        return publications
    seen = Q(kind=Kind.REPLY) if scope == REPLIES else Q(pk__in=[])
    if person.has_role(Role.UNIT_LEADER) and person.unit_id is not None:
        seen |= Q(unit_id=person.unit_id)
    return publications.filter(seen)


def _acts_on(person, permission, publication):
    if not (person.is_authenticated and person.is_active and person.has_perm(permission)):
        return False
    scope = _looks_after(person)
    return scope == EVERY or (scope == REPLIES and publication.kind == Kind.REPLY)


def may_withdraw(person, publication):
    return _acts_on(person, WITHDRAW, publication)


def may_resync(person, publication):
    """The same publications as `may_withdraw`, under a permission of its own."""
    return _acts_on(person, RESYNC, publication)


# A current delivery that staff should look at: refused, or still failing.
TROUBLE = Q(state=DeliveryState.FAILED) | (Q(state=DeliveryState.PENDING) & ~Q(last_error=""))


def in_trouble(delivery):
    """TROUBLE, for a delivery in hand."""
    return delivery.state == DeliveryState.FAILED or (
        delivery.state == DeliveryState.PENDING and bool(delivery.last_error)
    )


def may_retry(delivery, is_current):
    """What `retry` accepts: a failed delivery that is its publication's latest at its target."""
    return delivery.state == DeliveryState.FAILED and is_current


def later_than(target, publication_id, event_id):
    """Deliveries of the same publication's later events at the same target."""
    return Delivery.objects.filter(
        target=target, event__publication_id=publication_id, event_id__gt=event_id
    )


def current(deliveries):
    """Each publication's latest delivery at each target: what that target holds, or is about
    to. An older event's failure is superseded by the event that came after it."""
    later = later_than(OuterRef("target"), OuterRef("event__publication_id"), OuterRef("event_id"))
    return deliveries.filter(~Exists(later))


def with_deliveries(publications, condition):
    """The publications whose current delivery at some target meets `condition` (a Q)."""
    matching = current(Delivery.objects.filter(condition)).filter(
        event__publication_id=OuterRef("pk")
    )
    return publications.filter(Exists(matching))


def superseded(delivery):
    """A later event of the same publication exists at the same target: syncing this one
    again would put older content (or a withdrawn item) back over what came after it."""
    return later_than(delivery.target, delivery.event.publication_id, delivery.event_id).exists()


@transaction.atomic
def retry(delivery, person):
    """重新同步: a failed delivery goes back to the outbox for the next pipeline run.

    Its lease is cleared so that the next sweep takes it at once; attempts and the last error
    stay as they were until the target answers again. Only the latest event of a publication
    at a target may be retried (see `superseded`)."""
    # only the delivery's row is locked: PostgreSQL refuses FOR UPDATE on an outer join's
    # nullable side (a withdrawal's event has no version)
    delivery = (
        Delivery.objects.select_for_update(of=("self",))
        .select_related("event__publication")
        .get(pk=delivery.pk)
    )
    if delivery.state != DeliveryState.FAILED:
        raise ValidationError(
            _("该同步记录当前为“%(state)s”，只有同步失败的记录可以重新同步。")
            % {"state": delivery.get_state_display()}
        )
    if superseded(delivery):
        raise ValidationError(
            _("该信息此后已有新的发布或撤回，旧的记录不再重新同步，以免覆盖较新的内容。")
        )
    delivery.state = DeliveryState.PENDING
    delivery.claimed_by = ""
    delivery.claimed_until = None
    delivery.save(update_fields=["state", "claimed_by", "claimed_until"])
    event = delivery.event
    audit.record(
        person,
        "publication.resync",
        event.publication,
        target=delivery.target,
        event=event.action,
        key=event.idempotency_key,
        attempts=delivery.attempts,
        error=delivery.last_error,
    )
    transaction.on_commit(lambda: queued.send_robust(sender=type(event), event_id=event.pk))
    return delivery

"""The one way to write the audit log: `record(actor, action, obj, **details)`, or
`record_many` for one action over many objects."""


def record(actor, action, obj=None, **details):
    """Appends one audit record and returns it.

    `actor` is a Person, or a string naming a pipeline ("prefect:publish") when no person
    acted. `details` holds what a reader needs to reconstruct the action, typically
    `before=` and `after=`; it must be JSON-serialisable.
    """
    entry = unsaved(actor, action, obj, details)
    entry.save(force_insert=True)
    return entry


def record_many(actor, action, entries):
    """Appends one record per (obj, details) in `entries` in a few queries, for an action
    that touches many objects at once (due dates recomputed after a calendar change)."""
    from base.audit.models import AuditRecord

    records = [unsaved(actor, action, obj, details) for obj, details in entries]
    return AuditRecord.objects.bulk_create(records, batch_size=2000)


def unsaved(actor, action, obj, details):
    from django.contrib.contenttypes.models import ContentType

    from base.audit.models import AuditRecord

    person = None if actor is None or isinstance(actor, str) else actor
    return AuditRecord(
        actor=person,
        actor_name=str(actor or "system") if person is None else person.get_username(),
        action=action,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:300] if obj is not None else "",
        details=details,
    )

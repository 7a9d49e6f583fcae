"""Actions on packages that several entry points share (staff pages, demo data, imports)."""

from django.db import transaction

from base import audit
from interpretation import versions
from interpretation.models import Interpretation


@transaction.atomic
def register(person, document, **interpretation):
    """A drafter registers a document: it is their unit's, and its interpretation starts empty."""
    document.drafting_unit = person.unit
    document.drafter = person
    document.full_clean(exclude=["drafting_unit", "drafter"])
    document.save()
    Interpretation.objects.create(document=document, **interpretation)
    audit.record(person, "interpretation.registered", document)
    return document


def clear_overdue(document):
    """A package no longer waits on an overdue step once that step is done."""
    if document.overdue_since is not None:
        document.overdue_since = None
        document.save(update_fields=["overdue_since"])


@transaction.atomic
def submit(person, document):
    """The package as it stands becomes the next version; the current step is done with."""
    version = versions.submit(document, person)
    audit.record(
        person,
        "interpretation.submitted",
        document,
        version=version.number,
        content_hash=version.content_hash,
    )
    clear_overdue(document)
    return version

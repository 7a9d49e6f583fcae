"""Actions on packages that several entry points share (staff pages, demo data, imports)."""

from django.db import transaction

from base import audit
from interpretation import rules, versions
from interpretation.models import Decision, Interpretation, Review


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


@transaction.atomic
def decide(person, document, step, decision, comment="", checklist=None, note="", override=""):
    """A reviewer's decision on the current version at `step`; the openness review's
    approval comes with its confidentiality checklist (and the override's reason, when
    undecided personal data needs one). Raises ValidationError, writing nothing, when the
    approval is not allowed. The review page and the demo both decide through here."""
    review = Review.objects.create(
        document=document,
        version=document.versions.order_by("-number").first(),
        step=step,
        reviewer=person,
        decision=decision,
        comment=comment,
    )
    audit.record(
        person,
        f"interpretation.{review.step}.{review.decision}",
        document,
        version=review.version.number,
        comment=review.comment,
    )
    if step == "openness_review" and decision == Decision.APPROVE:  # all or nothing
        rules.record_openness_approval(review, person, checklist, note, override)
    clear_overdue(document)
    # the version counts as seen once the reviewer decides on it, not when the page shows it
    versions.mark_seen(person, review.version)
    return review

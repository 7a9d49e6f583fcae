"""Immutable versions of a package and what changed between them.

A reviewer who saw version 2 and now opens version 3 is shown exactly the fields that
changed, document and interpretation alike.
"""

import difflib
import hashlib
import json
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max

from interpretation.models import Interpretation, PackageVersion, PolicyDocument, VersionSeen
from interpretation.rules import ensure_submittable

DOCUMENT_FIELDS = [
    "title", "number", "issuing_body", "doc_type", "summary", "body", "livelihood",
    "disclosure", "disclosure_reason", "effective_from", "expires_on",
]  # fmt: skip
INTERPRETATION_FIELDS = [
    "forms", "channel", "timing", "interpreter", "interpreter_title", "contact",
    "background", "aims", "main_content", "scope", "standards", "notes", "key_terms",
    "benefits", "differences", "qa", "key_figures", "timeline", "chart", "video_url",
    "audio_url", "later_forms",
]  # fmt: skip


def snapshot(document):
    def values(obj, fields, prefix):
        return {f"{prefix}.{name}": _plain(getattr(obj, name)) for name in fields}

    return {
        **values(document, DOCUMENT_FIELDS, "document"),
        **values(document.interpretation, INTERPRETATION_FIELDS, "interpretation"),
        "attachments": sorted(document.attachments.values_list("sha256", flat=True)),
    }


def _plain(value):
    return value.isoformat() if hasattr(value, "isoformat") else value


def content_hash(data):
    encoded = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()


@transaction.atomic
def submit(document, person):
    """Checks the package and records it as the next version; returns that version."""
    ensure_submittable(document)
    data = snapshot(document)
    last = document.versions.aggregate(last=Max("number"))["last"] or 0
    version = PackageVersion.objects.create(
        document=document,
        number=last + 1,
        snapshot=data,
        content_hash=content_hash(data),
        submitted_by=person,
    )
    mark_seen(person, version)
    return version


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: object
    after: object

    def diff(self):
        """A line diff for long text, for the reviewer's side-by-side view."""
        before, after = str(self.before or ""), str(self.after or "")
        return list(difflib.ndiff(before.splitlines(), after.splitlines()))


def changes(before, after):
    models = {"document": PolicyDocument, "interpretation": Interpretation}
    result = []
    for key in after:
        if before.get(key) == after[key]:
            continue
        if "." in key:
            prefix, name = key.split(".", 1)
            label = str(models[prefix]._meta.get_field(name).verbose_name)
        else:
            label = "附件"
        result.append(Change(key, label, before.get(key), after[key]))
    return result


def last_seen(person, document):
    seen = VersionSeen.objects.filter(person=person, document=document).select_related("version")
    return seen[0].version if seen else None


def changes_since_seen(person, document):
    """(the version they saw or None, the current version, the changes between)."""
    current = document.versions.order_by("-number").first()
    seen = last_seen(person, document)
    if current is None or seen is None or seen.pk == current.pk:
        return seen, current, []
    return seen, current, changes(seen.snapshot, current.snapshot)


def mark_seen(person, version):
    VersionSeen.objects.update_or_create(
        person=person, document=version.document, defaults={"version": version}
    )

"""What a publication looks like outside: the JSON pushed to sites and served by the API."""

from django.conf import settings
from django.urls import reverse

from publications.models import Action


def absolute(path):
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def files(version):
    """Attachments and renditions of a version, with public URLs and hashes."""
    publication = version.publication
    renditions = (
        {"name": r.name, "size": r.size, "sha256": r.sha256, "content_type": r.content_type}
        for r in version.renditions.all()  # prefetched by lists: no query per item
    )
    entries = [*version.attachments, *renditions]
    return [
        {
            "name": entry["name"],
            "url": absolute(
                reverse(
                    "portal:file",
                    args=[publication.kind, publication.source_id, version.number, entry["name"]],
                )
            ),
            "sha256": entry["sha256"],
            "size": entry["size"],
            "content_type": entry["content_type"],
        }
        for entry in entries
    ]


def of_version(version):
    publication = version.publication
    return {
        "id": publication.key,
        "kind": publication.kind,
        "version": version.number,
        "unit": publication.unit.name,
        "title": version.title,
        "summary": version.summary,
        "body": version.body,
        "fields": version.fields,
        "files": files(version),
        "url": absolute(publication.get_absolute_url()),
        "companion": publication.companion.key if publication.companion_id else None,
        "published_at": version.published_at.isoformat(),
        "content_hash": version.content_hash,
    }


def of(event):
    """The pushed body of an outbox event, with its place in the publication's history."""
    if event.action == Action.PUBLISH:
        return {"event": "publish", "sequence": event.sequence, **of_version(event.version)}
    return {
        "event": "withdraw",
        "sequence": event.sequence,
        "id": event.publication.key,
        "withdrawn_at": event.created_at.isoformat(),
    }

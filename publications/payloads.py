"""What a publication looks like outside: the JSON pushed to sites and served by the API."""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import override

from publications import catalogue
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


def catalogue_of(version):
    """The 政府信息公开目录 fields: dates as ISO strings, the topic by its name in the national
    list (the same in every language: it is the catalogue's term) and its code."""
    entry = catalogue.describe(version.publication, version)
    with override("zh-hans"):
        topic = str(entry["topic"].label)
    return {
        "index_number": entry["index_number"],
        "topic": topic,
        "topic_code": entry["topic"].value,
        "issuing_body": entry["issuing_body"],
        "written_on": entry["written_on"].isoformat() if entry["written_on"] else None,
        "title": entry["title"],
        "number": entry["number"],
        "published_on": entry["published_on"].isoformat() if entry["published_on"] else None,
    }


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
        "catalogue": catalogue_of(version),
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

"""The files a publication needs before it goes out, made by each domain's renderer.

Rendering happens here, in the pipeline, never in a web request: an approval only writes the
outbox. Renditions are kept per version; a version that failed to render keeps its
deliveries waiting (with the error recorded) until a later sweep succeeds.
"""

import hashlib
import mimetypes
from pathlib import Path

from django.conf import settings

from interpretation import publishing as interpretations
from interpretation.models import PolicyDocument
from proposals import publishing as replies
from proposals.models import ReplyLetter
from publications.deliveries import versions_to_render
from publications.models import Delivery, Kind, Rendition


def files_of(version):
    publication = version.publication
    if publication.kind == Kind.INTERPRETATION:
        document = PolicyDocument.objects.select_related("interpretation", "drafting_unit").get(
            pk=publication.source_id
        )
        return interpretations.renditions(document)
    if publication.kind == Kind.REPLY:
        letter = ReplyLetter.objects.select_related(
            "assignment__proposal", "assignment__unit", "result_class", "disclosure"
        ).get(assignment_id=publication.source_id, round=version.fields["round"])
        return replies.renditions(letter)
    return {}


def record(version, files):
    media = Path(settings.MEDIA_ROOT)
    for name, path in files.items():
        data = Path(path).read_bytes()
        Rendition.objects.get_or_create(
            version=version,
            name=name,
            defaults={
                "path": str(Path(path).relative_to(media)),
                "content_type": mimetypes.guess_type(name)[0] or "application/octet-stream",
                "size": len(data),
                "sha256": hashlib.sha256(data).hexdigest(),
            },
        )


def render_for(delivery_ids):
    """Renders what the claimed deliveries' versions lack; returns the ids of deliveries
    whose version could not be rendered (they wait)."""
    waiting = []
    for event in versions_to_render(delivery_ids):
        version = event.version
        if version.renditions.exists():
            continue
        try:
            record(version, files_of(version))
        except Exception as error:  # noqa: BLE001 — any renderer failure keeps the event waiting
            ids = list(event.deliveries.filter(pk__in=delivery_ids).values_list("pk", flat=True))
            Delivery.objects.filter(pk__in=ids).update(
                last_error=f"渲染失败：{type(error).__name__}: {error}"[:2000]
            )
            waiting.extend(ids)
    return waiting

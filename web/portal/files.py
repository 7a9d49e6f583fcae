"""The files of what is public: an attachment or rendition of an item's live version.

A file is served only while its version is the one the portal shows: an older version's
file, an undelivered version's and a withdrawn item's are 404, even at a URL someone kept.
Paths come from the database but are still checked to stay inside MEDIA_ROOT. A stored
file a reviewer masked personal data in is never served: its masked copy is, whatever path
a version recorded.
"""

from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from django.views.decorators.http import require_safe

from base.privacy import file_review
from web.portal import public
from web.portal.present import Item, as_list

# Shown in the browser; anything else comes as a download (Content-Disposition: attachment),
# so that an uploaded HTML or SVG file never runs as a page of the portal.
INLINE = {"application/pdf", "image/png", "image/jpeg"}


def stored(version, name):
    """(the stored file's path, the masked copy that stands in for it or None)."""
    for entry in as_list(version.attachments):
        if entry.get("name") == name:
            path = str(entry.get("path", ""))
            copy = file_review.replacement(path)
            return (copy.file.name, copy) if copy else (path, None)
    rendition = next((r for r in version.renditions.all() if r.name == name), None)
    return (rendition.path if rendition else ""), None


def stored_path(version, name):
    return stored(version, name)[0]


def inside_media_root(relative):
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        path = (root / relative).resolve()
    except (OSError, ValueError):
        return None
    if not relative or not path.is_relative_to(root) or not path.is_file():
        return None
    return path


@login_not_required
@require_safe
def file(request, kind, source_id, version, name):
    publication = public.find(kind, source_id)
    if publication is None or publication.live.number != version:
        raise Http404
    entry = Item(publication).file(name)
    relative, copy = stored(publication.live, name)
    path = entry and inside_media_root(relative)
    if path is None:
        raise Http404
    # a copy masked after the version was published answers for itself: a cache holding the
    # original under the version's hash and date must not be told it is still fresh
    etag = quote_etag((copy and copy.sha256) or entry.sha256 or f"{publication.live_id}-{name}")
    changed = publication.live.published_at
    changed = int((max(changed, copy.made_at) if copy else changed).timestamp())
    response = get_conditional_response(request, etag=etag, last_modified=changed)
    if response is None:
        response = FileResponse(
            path.open("rb"),
            content_type=entry.content_type or "application/octet-stream",
            as_attachment=entry.content_type not in INLINE,
            filename=name,
        )
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(changed)
    patch_cache_control(response, no_cache=True)
    return response

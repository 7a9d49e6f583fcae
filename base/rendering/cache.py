"""Rendered files kept by content hash: the same content is never rendered twice.

The key is the full input of a render (the final HTML, say), so any change to the content,
the template or the stylesheet gives a new file, and an unchanged one costs a hash and a
stat. Files are written whole (a temporary file renamed into place), so a reader never sees
half a PDF.
"""

import hashlib
import os
import tempfile
from pathlib import Path

from django.conf import settings

# bump when the rendering engine changes in a way the inputs do not show
VERSION = b"1"


def digest(material):
    """The faces in use are part of every render's input: an office that installs its
    licensed fonts gets new files, not the ones set in the free faces."""
    from base.rendering import fonts

    data = material.encode() if isinstance(material, str) else material
    return hashlib.sha256(VERSION + fonts.stylesheet().encode() + data).hexdigest()


def rendered(kind, material, suffix, produce):
    """The path of `produce()`'s bytes for this material, produced only when missing."""
    folder = Path(settings.MEDIA_ROOT) / "rendered" / kind
    path = folder / f"{digest(material)}{suffix}"
    if path.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    data = produce()
    with tempfile.NamedTemporaryFile(dir=folder, delete=False) as file:
        file.write(data)
    os.replace(file.name, path)
    return path

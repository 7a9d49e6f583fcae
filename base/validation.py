"""Checks on what people type and upload, shared by every form, import and API.

User text is stored as plain text and escaped on output; markup in it is refused outright
rather than silently stripped, so that what a reviewer approved is exactly what is published.
Uploads are judged by their content (libmagic), never by the name or the browser's claim.
"""

import hashlib
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

import magic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


class MarkupFinder(HTMLParser):
    """Reads text as a browser's HTML tokenizer would and notes anything that is not text:
    a tag (closed or not), a comment, a declaration or a processing instruction."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.found = False

    def note(self, *args):
        self.found = True

    handle_starttag = handle_endtag = handle_startendtag = note
    handle_comment = handle_decl = handle_pi = unknown_decl = note


def has_markup(text):
    finder = MarkupFinder()
    finder.feed(text)
    # what the tokenizer still holds at the end is an unterminated tag or comment
    # ("<svg/onload=alert(1)"), which a browser would go on reading as one
    leftover = finder.rawdata[finder.rawdata.find("<") :] if "<" in finder.rawdata else ""
    return finder.found or bool(re.match(r"<[A-Za-z!/?]", leftover))


def no_markup(value):
    """Validator: refuses HTML or script in plain-text fields, including unterminated tags.
    A "<" before a digit or a space (年龄<18岁) is text."""
    if isinstance(value, str) and "<" in value and has_markup(value):
        raise ValidationError(_("不允许包含 HTML 标记或脚本，请输入纯文本。"), code="markup")


# extension -> content types libmagic may report for a genuine file of that kind
ALLOWED_UPLOADS = {
    ".pdf": {"application/pdf"},
    ".ofd": {"application/zip", "application/ofd"},
    ".docx": {
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/zip",
    },
    ".xlsx": {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/zip",
    },
    ".png": {"image/png"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
}


@dataclass(frozen=True)
class CheckedUpload:
    name: str
    content_type: str
    size: int
    sha256: str


def check_upload(uploaded, allowed=ALLOWED_UPLOADS):
    """Validates an UploadedFile by size, extension and content; returns its facts."""
    limit = settings.UPLOAD_MAX_BYTES
    if uploaded.size > limit:
        raise ValidationError(
            _("文件“%(name)s”为 %(size)s，超过上限 %(limit)s。")
            % {
                "name": uploaded.name,
                "size": filesizeformat(uploaded.size),
                "limit": filesizeformat(limit),
            },
            code="too_large",
        )
    extension = PurePath(uploaded.name).suffix.lower()
    if extension not in allowed:
        raise ValidationError(
            _("不支持“%(ext)s”类型的文件，可上传：%(allowed)s。")
            % {"ext": extension or _("无扩展名"), "allowed": "、".join(sorted(allowed))},
            code="extension",
        )
    uploaded.seek(0)
    head = uploaded.read(8192)
    detected = magic.from_buffer(head, mime=True)
    if detected not in allowed[extension]:
        raise ValidationError(
            _("文件“%(name)s”的内容与扩展名“%(ext)s”不符（实际为 %(detected)s）。")
            % {"name": uploaded.name, "ext": extension, "detected": detected},
            code="content_mismatch",
        )
    digest = hashlib.sha256(head)
    for chunk in iter(lambda: uploaded.read(1 << 16), b""):
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedUpload(uploaded.name, detected, uploaded.size, digest.hexdigest())

"""Checks on what people type and upload, shared by every form, import and API.

User text is stored as plain text and escaped on output; markup in it is refused outright
rather than silently stripped, so that what a reviewer approved is exactly what is published.
Uploads are judged by their content (libmagic), never by the name or the browser's claim.
"""

import hashlib
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import PurePath

import magic
import pypdfium2 as pdfium
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from base.text import enumerate_items


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
            % {"ext": extension or _("无扩展名"), "allowed": enumerate_items(sorted(allowed))},
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
    uploaded.seek(0)
    problem = STRUCTURE.get(extension, lambda _file: None)(uploaded)
    uploaded.seek(0)
    if problem:
        raise ValidationError(
            _("文件“%(name)s”不是有效的%(ext)s文件：%(why)s")
            % {"name": uploaded.name, "ext": extension, "why": problem},  # fmt: skip
            code="structure",
        )
    digest = hashlib.sha256()
    for chunk in iter(lambda: uploaded.read(1 << 16), b""):
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedUpload(safe_name(uploaded.name), detected, uploaded.size, digest.hexdigest())


# A package may unpack to at most this much, and no member may be compressed more than
# MAX_RATIO times: a real document never is, a zip bomb always is.
MAX_UNPACKED = 200 * 1024 * 1024
MAX_RATIO = 100


def package_problem(uploaded, required):
    """Why a ZIP-based document (OOXML, OFD) is not one, or None: it must open as a ZIP,
    hold the parts its kind requires, and not unpack beyond the bounds above."""
    try:
        with zipfile.ZipFile(uploaded) as package:
            members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return _("无法作为文档包打开。")
    names = {member.filename for member in members}
    if len(names) != len(members):  # a reader may show one copy of a part, we read another
        return _("同一部分出现了两次。")
    missing = [part for part in required if part not in names]
    if missing:
        return _("缺少文档必需的部分（%(part)s）。") % {"part": missing[0]}
    if sum(member.file_size for member in members) > MAX_UNPACKED:
        return _("解压后过大。")
    if any(m.file_size > MAX_RATIO * max(m.compress_size, 1) for m in members):
        return _("压缩比异常（疑似压缩炸弹）。")
    return None


def pdf_problem(uploaded):
    try:
        document = pdfium.PdfDocument(uploaded.read())
        pages = len(document)
        document.close()
    except pdfium.PdfiumError:
        return _("无法解析该 PDF。")
    return None if pages else _("PDF 没有页面。")


STRUCTURE = {
    ".docx": lambda f: package_problem(f, ["[Content_Types].xml", "word/document.xml"]),
    ".xlsx": lambda f: package_problem(f, ["[Content_Types].xml", "xl/workbook.xml"]),
    ".ofd": lambda f: package_problem(f, ["OFD.xml"]),
    ".pdf": pdf_problem,
}
UNSAFE_IN_NAMES = re.compile(r"[\x00-\x1f\x7f<>:\"/\\|?*&;`$]")
MAX_NAME = 100


def safe_name(name):
    """A file name as it may be shown and published: the last path part only, without markup,
    path or control characters, at most MAX_NAME characters with its extension kept."""
    base = re.split(r"[\\/]", name)[-1]
    base = UNSAFE_IN_NAMES.sub("_", base).strip(" ._") or "file"
    stem, dot, extension = base.rpartition(".")
    if not dot:
        stem, extension = base, ""
    extension = f".{extension[:10]}" if extension else ""
    return f"{stem[: MAX_NAME - len(extension)]}{extension}"

"""Files reviewed like texts: an uploaded file's segments (pages, parts, sheets) become
`PublishedText`s that the review panel shows, the detector reads and the reviewer decides
on; where anything in them is masked, the public gets `public_copy`, never the original.

A file is any object with a `file` (a FieldFile), a `name`, a `content_type` and a `sha256`;
decisions are stored on that object under the field ``file.<segment key>``. Nothing here
knows which domain a file belongs to.
"""

import hashlib
import json
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.privacy import attachments, file_child
from base.privacy.attachments import Extracted, UnreadableFile
from base.privacy.models import FileText, RedactedFile
from base.privacy.redaction import PublishedText, mask


@dataclass(frozen=True)
class FileSegmentText(PublishedText):
    """A PublishedText read out of a file; `where` names a finding's page, sheet or cell."""

    segment: attachments.Segment | None = None

    def shown(self, item):
        """What the public copy shows at a finding: a PDF page's is blacked out."""
        if item.masked and self.segment.kind == "page":
            return _("（涂黑）")
        return item.shown

    def where(self, item):
        segment = self.segment
        if segment.kind == "page":
            return _("第%(n)d页") % {"n": segment.number}
        if segment.kind in ("sheet", "comments"):
            reference = segment.where(item.start)
            if reference == "header/footer":
                return _("页眉页脚")
            if reference:
                return _("单元格%(cell)s") % {"cell": reference}
        return ""


REASONS = {
    "malformed": gettext_lazy("文件已损坏或格式不正确"),
    "encrypted": gettext_lazy("文件设有密码"),
    "too_large": gettext_lazy("文件过大或过于复杂"),
    "timeout": gettext_lazy("读取超时"),
    "unsupported": gettext_lazy("不是可读取文字的文件类型"),
    "failed": gettext_lazy("读取失败"),
}


def reason_text(reason):
    return str(REASONS.get(reason, REASONS["failed"]))


def _label(name, segment):
    values = {"name": name, "n": segment.number, "sheet": segment.name, "part": segment.name}
    labels = {
        "page": _("附件《%(name)s》第%(n)d页"),
        "body": _("附件《%(name)s》正文"),
        "header": _("附件《%(name)s》页眉%(n)d"),
        "footer": _("附件《%(name)s》页脚%(n)d"),
        "notes": _("附件《%(name)s》脚注、尾注"),
        "comments": _("附件《%(name)s》批注"),
        "sheet": _("附件《%(name)s》工作表“%(sheet)s”"),
        "sheetnames": _("附件《%(name)s》工作表名称"),
        "properties": _("附件《%(name)s》文档属性（作者等）"),
        # a part Word or Excel may not show (a text box, a chart's labels), named as stored
        "part": _("附件《%(name)s》其他部分（%(part)s）"),
    }
    return labels.get(segment.kind, _("附件《%(name)s》")) % values


def kind_of(obj):
    return attachments.kind_of(obj.name, obj.content_type)


def _bytes(obj):
    with obj.file.open("rb") as handle:
        return handle.read()


def read(obj):
    """The Extracted text of `obj`'s file, read once per content. Raises UnreadableFile;
    None for a kind of file that has no text to read (an image, an OFD)."""
    kind = kind_of(obj)
    if kind is None:
        return None
    cached = FileText.objects.filter(sha256=obj.sha256, reader=attachments.VERSION).first()
    if cached is None:
        try:
            content, problem = file_child.extract(kind, _bytes(obj)).as_json(), ""
        except UnreadableFile as error:
            content, problem = {}, error.reason
        except OSError:
            raise UnreadableFile("failed", "storage") from None  # not kept: may be passing
        try:
            with transaction.atomic():
                cached = FileText.objects.create(
                    sha256=obj.sha256, reader=attachments.VERSION, content=content, problem=problem
                )
        except IntegrityError:  # read at the same time by another request
            cached = FileText.objects.get(sha256=obj.sha256, reader=attachments.VERSION)
    if cached.problem:
        raise UnreadableFile(cached.problem)
    return Extracted.from_json(cached.content)


def texts_of(obj, names=()):
    """The PublishedTexts of `obj`'s file (empty when it has no readable text)."""
    try:
        extracted = read(obj)
    except UnreadableFile:
        return []
    if extracted is None:
        return []
    everyone = tuple(names) + tuple(extracted.names)
    return [
        FileSegmentText(
            f"file-{obj.pk}-{segment.key}",
            obj,
            f"file.{segment.key}",
            _label(obj.name, segment),
            segment.text,
            everyone,
            segment,
        )
        for segment in extracted.segments
    ]


@dataclass(frozen=True)
class Notice:
    """What the detector could not read in a file, for the reviewer to check by eye.
    `blocking`: nothing of the file was read, so publishing it needs an override."""

    obj: object
    message: str
    blocking: bool = False


def notices_of(obj):
    name = obj.name
    try:
        extracted = read(obj)
    except UnreadableFile as error:
        message = _("附件《%(name)s》无法读取（%(why)s），其中的个人信息未经识别。") % {
            "name": name,
            "why": reason_text(error.reason),
        }
        return [Notice(obj, message, blocking=True)]
    if extracted is None:
        message = _(
            "附件《%(name)s》不是文字文件（图片、OFD等），系统无法识别其中的个人信息，请人工核对。"
        )
        return [Notice(obj, message % {"name": name})]
    found = []
    if extracted.pages_without_text:
        pages = _("、").join(str(n) for n in extracted.pages_without_text)
        message = _(
            "附件《%(name)s》第%(pages)s页没有文字（可能是扫描件），系统无法识别其中的个人信息，请人工核对。"
        )
        found.append(Notice(obj, message % {"name": name, "pages": pages}))
    if extracted.images:
        message = _(
            "附件《%(name)s》含%(n)d个图片或嵌入对象，系统无法识别其中的个人信息，请人工核对。"
        )
        found.append(Notice(obj, message % {"name": name, "n": extracted.images}))
    return found


def blocking_problems(notices, override_reason, tick=None):
    """A file nobody could read is published only with the reviewer's reason. `tick` is the
    label of the page's override box ("仍然决定" unless the page says)."""
    blocking = [notice for notice in notices if notice.blocking]
    if not blocking or (override_reason or "").strip():
        return []
    advice = _("请人工核对后勾选“%(tick)s”并写明理由，或删除该附件。")
    return [notice.message + advice % {"tick": tick or _("仍然决定")} for notice in blocking]


# --------------------------------------------------------------------------------------------
# the public copy


def masks_of(texts):
    """What `redact_files` masks: {"spans": {segment key: [[start, end], …]}, "digests":
    {segment key: digest of the reviewed text}}; no spans when nothing is masked."""
    spans, digests = {}, {}
    for text in texts:
        masked = merged(text.assess().masked)
        if masked:
            spans[text.segment.key] = [
                [start, end, mask(kind, text.text[start:end])] for start, end, kind in masked
            ]
            digests[text.segment.key] = hashlib.sha256(text.text.encode()).hexdigest()
    return {"spans": spans, "digests": digests}


def merged(spans):
    """Overlapping masked spans as one (of kind OTHER where their kinds differ), as the
    published text merges them."""
    out = []
    for start, end, kind in sorted(spans):
        if out and start < out[-1][1]:
            last_start, last_end, last_kind = out[-1]
            out[-1] = (last_start, max(end, last_end), last_kind if kind == last_kind else "other")
        else:
            out.append((start, end, kind))
    return out


def public_copy(obj, texts=None):
    """The RedactedFile to publish in place of `obj`'s file, made if need be; None when
    nothing in the file is masked and the original may be published as it is. Raises
    UnreadableFile when a copy is needed and cannot be made: then nothing is published."""
    texts = texts_of(obj) if texts is None else [t for t in texts if t.obj == obj]
    spec = masks_of(texts)
    if not spec["spans"]:
        return None
    masks = hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()
    made = RedactedFile.objects.filter(source_path=obj.file.name, masks=masks).first()
    if made is not None:
        return made
    try:
        data = file_child.redact(kind_of(obj), _bytes(obj), spec)
    except OSError:
        raise UnreadableFile("failed", "storage") from None
    sha256 = hashlib.sha256(data).hexdigest()
    copy = RedactedFile(
        source_path=obj.file.name,
        source_sha256=obj.sha256,
        masks=masks,
        sha256=sha256,
        size=len(data),
        content_type=obj.content_type,
    )
    copy.file.save(obj.name, ContentFile(data), save=False)
    copy.save()
    return copy


def copy_problems(objects, texts):
    """Why a file with masked findings cannot be published (its copy cannot be made)."""
    problems = []
    for obj in objects:
        try:
            public_copy(obj, texts)
        except UnreadableFile as error:
            problems.append(
                _(
                    "附件《%(name)s》无法生成遮盖个人信息后的公开副本（%(why)s）：请删除该附件，或上传已去除个人信息的文件。"
                )
                % {"name": obj.name, "why": reason_text(error.reason)}
            )
    return problems


def replacement(path):
    """The public copy that stands in for the stored file at `path`, if a reviewer masked
    anything in it."""
    return RedactedFile.objects.filter(source_path=path).order_by("-made_at", "-pk").first()

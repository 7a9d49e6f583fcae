"""What a page shows of a public item: dates as people read them, files with their public
URLs and labels, and the kind's fields read defensively (they are JSON written by another
package; a missing or malformed part shows as nothing rather than an error).
"""

import datetime
import re
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlsplit

from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from publications import catalogue
from publications.models import Kind
from web.portal import public

# Friendly names of the pipeline's renditions.
RENDITION_LABELS = {
    "infographic.pdf": gettext_lazy("图解（PDF，可打印）"),
    "long.png": gettext_lazy("长图（适合手机阅读）"),
    "card.png": gettext_lazy("分享卡片"),
    "letter.pdf": gettext_lazy("答复函（PDF）"),
}
PAGE_IMAGE = re.compile(r"^infographic-(\d+)\.png$")
PDF = "application/pdf"


def day(value):
    """2026年11月29日, in the portal's time zone; '' for nothing or an unreadable date."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localdate(value)
    return formats.date_format(value, _("Y年n月j日"))


def paragraphs(text):
    """Plain text as paragraphs: in Chinese official writing every line is a paragraph
    (indented), whether a blank line follows it or not."""
    return [line.strip() for line in str(text).splitlines() if line.strip()]


def as_list(value, of=dict):
    return [entry for entry in value if isinstance(entry, of)] if isinstance(value, list) else []


def web_link(value):
    """A video or audio link is shown only when it is a plain http(s) URL."""
    if isinstance(value, str) and urlsplit(value).scheme in ("http", "https"):
        return value
    return ""


@dataclass(frozen=True)
class File:
    name: str
    url: str
    size: int
    content_type: str
    sha256: str
    rendition: bool

    @property
    def label(self):
        return RENDITION_LABELS.get(self.name, self.name)

    @property
    def is_pdf(self):
        return self.content_type == PDF

    @property
    def is_image(self):
        return self.content_type in ("image/png", "image/jpeg")


class Item:
    """A public publication as the portal shows it: always its `live` version."""

    def __init__(self, publication):
        self.publication = publication
        self.version = publication.live

    kind = property(lambda self: self.publication.kind)
    key = property(lambda self: self.publication.key)
    source_id = property(lambda self: self.publication.source_id)
    title = property(lambda self: self.version.title)
    summary = property(lambda self: self.version.summary)
    body = property(lambda self: self.version.body)
    published = property(lambda self: self.version.published_at)
    unit = property(lambda self: self.publication.unit.name)

    @property
    def kind_label(self):
        return Kind(self.kind).label

    @cached_property
    def url(self):
        return self.publication.get_absolute_url()

    @property
    def companion_url(self):
        """The page published together with this one (同步公开), when it is public."""
        if public.shows_companion(self.publication):
            return self.publication.companion.get_absolute_url()
        return ""

    @property
    def day(self):
        return day(self.version.published_at)

    @cached_property
    def fields(self):
        fields = self.version.fields
        return fields if isinstance(fields, dict) else {}

    def field(self, name):
        value = self.fields.get(name, "")
        return value if isinstance(value, str | int | float) else ""

    # files -------------------------------------------------------------------------
    def file_url(self, name):
        return reverse("portal:file", args=[self.kind, self.source_id, self.version.number, name])

    @cached_property
    def files(self):
        """Attachments, then the pipeline's renditions (prefetched by `public`)."""
        entries = [
            File(
                name=str(entry.get("name", "")),
                url=self.file_url(str(entry.get("name", ""))),
                size=int(entry.get("size") or 0),
                content_type=str(entry.get("content_type", "")),
                sha256=str(entry.get("sha256", "")),
                rendition=False,
            )
            for entry in as_list(self.version.attachments)
            if entry.get("name")
        ]
        entries += [
            File(r.name, self.file_url(r.name), r.size, r.content_type, r.sha256, True)
            for r in self.version.renditions.all()
        ]
        return entries

    def file(self, name):
        return next((entry for entry in self.files if entry.name == name), None)

    @property
    def attachments(self):
        return [entry for entry in self.files if not entry.rendition]

    @property
    def pdfs(self):
        """What feeds enclose: the rendered PDF (infographic or letter) first, then PDF
        attachments."""
        return sorted(
            (entry for entry in self.files if entry.is_pdf),
            key=lambda entry: not entry.rendition,
        )

    # the interpretation's graphic form -------------------------------------------------
    @cached_property
    def pages(self):
        """The infographic's pages as pictures, in page order."""
        numbered = [
            (int(match[1]), entry)
            for entry in self.files
            if entry.rendition and (match := PAGE_IMAGE.match(entry.name))
        ]
        return [entry for _number, entry in sorted(numbered, key=lambda pair: pair[0])]

    @property
    def preview(self):
        return self.pages[0] if self.pages else None

    @property
    def infographic(self):
        return self.file("infographic.pdf")

    @property
    def graphic_downloads(self):
        return [f for name in ("infographic.pdf", "long.png", "card.png") if (f := self.file(name))]

    @property
    def letter(self):
        return self.file("letter.pdf")

    @property
    def paragraphs(self):
        return paragraphs(self.body)

    # interpretation fields --------------------------------------------------------------
    @property
    def sections(self):
        return [
            {
                "heading": section.get("heading", ""),
                "paragraphs": paragraphs(section.get("text", "")),
            }
            for section in as_list(self.fields.get("sections"))
        ]

    @property
    def qa(self):
        return [
            {"q": pair.get("q", ""), "paragraphs": paragraphs(pair.get("a", ""))}
            for pair in as_list(self.fields.get("qa"))
        ]

    key_figures = property(lambda self: as_list(self.fields.get("key_figures")))
    timeline = property(lambda self: as_list(self.fields.get("timeline")))
    forms = property(lambda self: as_list(self.fields.get("forms"), of=str))
    video_url = property(lambda self: web_link(self.fields.get("video_url")))
    audio_url = property(lambda self: web_link(self.fields.get("audio_url")))

    # policy and reply fields -------------------------------------------------------------
    effective_from = property(lambda self: day(self.field("effective_from")))
    expires_on = property(lambda self: day(self.field("expires_on")))
    livelihood = property(lambda self: self.fields.get("livelihood") is True)
    sent_on = property(lambda self: day(self.field("sent_on")))

    # the information-index box (政府信息公开目录) ----------------------------------------
    @cached_property
    def catalogue(self):
        """publications.catalogue.describe, its dates as the portal writes them."""
        entry = catalogue.describe(self.publication, self.version)
        entry["written_day"] = day(entry["written_on"])
        entry["published_day"] = day(entry["published_on"])
        # where a narrow cell may break the number: after a slash, never inside the code
        entry["index_parts"] = [part for part in re.split(r"(?<=/)", entry["index_number"]) if part]
        return entry

    @property
    def index_extras(self):
        """A policy document's rows under the box's own, two cells a row: its type, the
        unit that published it, and its validity."""
        if self.kind != Kind.POLICY:
            return []
        return [
            [(_("文件类型"), self.field("doc_type")), (_("发布单位"), self.unit)],
            [(_("施行日期"), self.effective_from), (_("有效期至"), self.expires_on)],
        ]

    @property
    def round(self):
        value = self.fields.get("round")
        return value if isinstance(value, int) else 1

    @property
    def result_label(self):
        """The result class's name in the reader's language: the record keeps the Chinese
        name, and the default classes' names are in the catalogue (as `ResultClass` shows
        them); a class a city added keeps the language it was entered in."""
        label = self.field("result_label")
        return _(label) if isinstance(label, str) and label else ""

    @property
    def disclosure(self):
        """全文公开 or 部分公开 as recorded, in the reader's language."""
        value = self.field("disclosure")
        return _(value) if isinstance(value, str) and value else ""

    @property
    def result_class(self):
        """A, B, C…: used in a CSS class name, so only letters."""
        value = self.field("result_class")
        return value if isinstance(value, str) and value.isascii() and value.isalpha() else ""


def items(publications):
    return [Item(publication) for publication in publications]

"""The files an applicant is given with the answer: taken in as every upload is (by content,
base/validation.py) and read by the personal-data detector as a publication's attachments
are (base/privacy/file_review.py), because what leaves the organ must not carry a third
party's ID number or phone any more than a published page may.

Plain functions for the answer step of the flow: `attach` takes a file in, `findings` and
`notices` are what the step shows, `answer_problems` what keeps the answer from being given
until someone decided, and `provided_copy` the file the applicant actually receives (the
masked copy where anything was masked).
"""

import hashlib
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import AnswerFile
from base import audit
from base.privacy import file_review
from base.privacy.redaction import open_high_findings, override_problems
from base.rendering.images import clean_image
from base.validation import check_upload


@transaction.atomic
def attach(application, uploaded, *, actor=None):
    """Keeps an uploaded file for the answer. Raises ValidationError (in Chinese: the content
    does not match the name, too large, not a document) and keeps nothing when refused. An
    image is kept as redrawn: upright, without its EXIF (where and with what it was taken)."""
    checked = check_upload(uploaded)
    content, size, sha256, content_type = uploaded, checked.size, checked.sha256, None
    if checked.content_type.startswith("image/"):
        image = clean_image(uploaded.read())
        content = ContentFile(image.data, name=checked.name)
        size, sha256 = len(image.data), hashlib.sha256(image.data).hexdigest()
        content_type = image.content_type
    kept = AnswerFile(
        application=application,
        name=checked.name,
        content_type=content_type or checked.content_type,
        size=size,
        sha256=sha256,
        uploaded_by=actor,
    )
    kept.file.save(checked.name, content, save=False)
    kept.save()
    if actor is not None:
        audit.record(actor, "applications.answer_file", application, file=checked.name)
    return kept


def files_of(application):
    return list(application.answer_files.order_by("pk"))


def texts(application):
    """The PublishedTexts of the files (PDF pages, Word parts, sheets), which the review
    panel shows and the reviewer decides on, finding by finding."""
    found = []
    for answer_file in files_of(application):
        found += file_review.texts_of(answer_file)
    return found


@dataclass(frozen=True)
class Finding:
    """One piece of personal data found in a provided file: where, what kind, how sure."""

    file: AnswerFile
    where: str  # 附件《名单》第2页
    kind: str  # 手机号码
    text: str
    confidence: float | None
    masked: bool  # what the applicant gets: masked unless someone kept it
    open: bool  # nobody decided yet


def findings(application, found_texts=None):
    """Every finding of the detector in the files, in file and page order."""
    found_texts = texts(application) if found_texts is None else found_texts
    result = []
    for text in found_texts:
        for item in text.assess().findings:
            place = text.where(item)
            result.append(
                Finding(
                    text.obj,
                    f"{text.label}{place and '（' + place + '）'}",
                    str(item.kind_label),
                    item.text,
                    item.confidence,
                    item.masked,
                    item.open,
                )
            )
    return result


def notices(application):
    """What the detector could not read (a scan, a picture, a broken file)."""
    found = []
    for answer_file in files_of(application):
        found += file_review.notices_of(answer_file)
    return found


def answer_problems(application, override_reason=""):
    """Why the files cannot go out yet: undecided findings the detector is sure of, files it
    could not read, or masked files whose copy cannot be made; none with a reason given for
    the first two (the step records it), as for a publication."""
    found_texts = texts(application)
    tick = _("仍然答复")  # the answer form's override box
    problems = override_problems(open_high_findings(found_texts), override_reason, tick)
    problems += file_review.blocking_problems(notices(application), override_reason, tick)
    problems += file_review.copy_problems(files_of(application), found_texts)
    return problems


def provided_copy(answer_file):
    """What the applicant receives of a file: its masked copy (a RedactedFile) where anything
    in it is masked, else the file itself. Raises UnreadableFile when a copy is needed and
    cannot be made."""
    return file_review.public_copy(answer_file) or answer_file

"""The rules of 谁起草、谁解读, as plain functions.

Flows, staff views, the API and imports all call these, so a rule holds whichever way a
package arrives. Each check raises Django's ValidationError / PermissionDenied with a message
a drafter can act on.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base import audit
from base.organisation.roles import Role
from base.privacy import file_review
from base.privacy.attachments import UnreadableFile
from base.privacy.confidentiality import checklist_problems, record_check
from base.privacy.models import Outcome
from base.privacy.redaction import (
    PublishedText,
    open_high_findings,
    override_problems,
    record_override,
)
from base.workdays.deadlines import add_working_days
from interpretation import printed_fields
from interpretation.models import Decision, Disclosure, DocumentType, InterpretationForm


def can_edit(person, document):
    """Only drafters of the drafting unit edit a package, and only before approval."""
    return (
        document.approved_at is None
        and person.unit_id == document.drafting_unit_id
        and person.has_role(Role.DRAFTER)
    )


def ensure_can_edit(person, document):
    if not can_edit(person, document):
        raise PermissionDenied(_("只有起草单位的起草人可以修改本文件及其解读材料。"))


def disclosure_problems(disclosure, reason):
    """依申请公开 and 不予公开 need a written reason."""
    label = dict(Disclosure.choices).get(disclosure)
    if label and disclosure != Disclosure.PROACTIVE and not (reason or "").strip():
        return [_("“%(attr)s”须写明理由。") % {"attr": label}]
    return []


def review_problems(decision, comment):
    """A package is returned with a comment the drafter can act on."""
    if decision == Decision.RETURN and not (comment or "").strip():
        return [_("退回修改须写明意见，供起草单位修改。")]
    return []


def submission_problems(document):
    """Everything that keeps a package from going to review, by field name."""
    problems = {}

    def add(field, message):
        problems.setdefault(field, []).append(message)

    for message in disclosure_problems(document.disclosure, document.disclosure_reason):
        add("disclosure_reason", message)
    interpretation = getattr(document, "interpretation", None)
    if interpretation is None:
        add("__all__", _("没有解读材料的政策文件不予收文：请先起草解读材料。"))
        return problems
    if not interpretation.forms:
        add("forms", _("解读方案须选择至少一种解读形式。"))
    if not interpretation.channel.strip():
        add("channel", _("解读方案须写明解读渠道。"))
    if not interpretation.timing.strip():
        add("timing", _("解读方案须写明解读时间安排。"))
    if not interpretation.interpreter.strip():
        add("interpreter", _("须写明解读人（“五公开”之一）。"))
    if not interpretation.contact.strip():
        add("contact", _("须写明联系人及电话（“五公开”之一）。"))
    if InterpretationForm.TEXT in interpretation.forms:
        for field in ("background", "main_content"):
            if not getattr(interpretation, field).strip():
                label = interpretation._meta.get_field(field).verbose_name
                add(field, _("文字解读须包含“%(section)s”。") % {"section": label})
    if InterpretationForm.QA in interpretation.forms and not interpretation.qa:
        add("qa", _("选择了问答形式，须至少填写一组问答。"))
    if document.livelihood and InterpretationForm.GRAPHIC not in interpretation.forms:
        add("forms", _("涉及群众切身利益的文件，解读须包含图解形式。"))
    if InterpretationForm.GRAPHIC in interpretation.forms and not interpretation.key_figures:
        add("key_figures", _("图解须至少包含一项关键数据。"))
    return problems


def ensure_submittable(document):
    problems = submission_problems(document)
    if problems:
        raise ValidationError(problems)


def needs_legal_review(document):
    return document.doc_type in (DocumentType.REGULATION, DocumentType.NORMATIVE)


def may_reach_portal(document):
    """Only approved, proactively disclosed packages are ever published."""
    return document.approved_at is not None and document.disclosure == Disclosure.PROACTIVE


@transaction.atomic
def approve_for_publication(document, when=None):
    """Document and interpretation are approved at one and the same moment (同步公开)."""
    when = when or timezone.now()
    document.approved_at = when
    document.save(update_fields=["approved_at"])
    document.interpretation.approved_at = when
    document.interpretation.save(update_fields=["approved_at"])
    return when


def later_forms_deadline(document):
    """A form delivered after publication is due within N working days of it."""
    days = settings.INTERPRETATION_LATER_FORM_WORKING_DAYS
    start = timezone.localdate(document.approved_at)
    return add_working_days(start, days)


def step_deadline(step, start, calendar_=None):
    """The working-day deadline of one review step that starts at `start` (a datetime)."""
    return add_working_days(
        timezone.localdate(start), settings.INTERPRETATION_STEP_WORKING_DAYS[step], calendar_
    )


# --------------------------------------------------------------------------------------------
# the openness review (公开审查): personal data and the confidentiality checklist

# What of a package is published and so reviewed for personal data. The title, number and
# issuing body are public by rule; the plan's channel and timing stay internal; the
# interpreter, contact line and structured items printed on the portal and the infographic
# are in printed_fields.
PUBLISHED_DOCUMENT_FIELDS = ("summary", "body")
PUBLISHED_INTERPRETATION_FIELDS = (
    "background", "aims", "main_content", "scope", "standards", "benefits", "differences",
    "notes", "key_terms",
)  # fmt: skip


def published_texts(document):
    """Every text of the package the public will read, as `PublishedText`s: the same object,
    field and text the publisher passes to `published_text`. Q&A items are the fields
    ``qa.1.question``, ``qa.1.answer``, … of the interpretation."""
    texts = []
    for name in PUBLISHED_DOCUMENT_FIELDS:
        value = getattr(document, name)
        if value.strip():
            label = _("文件·%(field)s") % {"field": document._meta.get_field(name).verbose_name}
            texts.append(PublishedText(f"document.{name}", document, name, label, value))
    interpretation = getattr(document, "interpretation", None)
    if interpretation is None:
        return texts
    for name in PUBLISHED_INTERPRETATION_FIELDS:
        value = getattr(interpretation, name)
        if value.strip():
            field = interpretation._meta.get_field(name).verbose_name
            label = _("解读·%(field)s") % {"field": field}
            key = f"interpretation.{name}"
            texts.append(PublishedText(key, interpretation, name, label, value))
    for number, item in enumerate(interpretation.qa or [], start=1):
        for part, word in (("question", _("问")), ("answer", _("答"))):
            value = str(item.get(part, ""))
            if value.strip():
                name = f"qa.{number}.{part}"
                label = _("解读·问答%(n)d·%(part)s") % {"n": number, "part": word}
                texts.append(PublishedText(name, interpretation, name, label, value))
    texts += printed_fields.texts(interpretation)
    return texts + attachment_texts(document)


def attachment_texts(document):
    """The text of the package's attachments (PDF pages, Word parts, sheets), which the
    public downloads as much as it reads the package's own texts."""
    texts = []
    for attachment in document.attachments.order_by("pk"):
        texts += file_review.texts_of(attachment)
    return texts


def attachment_notices(document):
    """What of the attachments the detector could not read (scans, images, broken files)."""
    notices = []
    for attachment in document.attachments.order_by("pk"):
        notices += file_review.notices_of(attachment)
    return notices


def openness_outcome(document, texts=None):
    """全文公开 / 部分公开 (personal data masked) / 不公开 (依申请公开, 不予公开)."""
    if document.disclosure != Disclosure.PROACTIVE:
        return Outcome.NONE
    texts = published_texts(document) if texts is None else texts
    masked = any(text.assess().masked for text in texts)
    return Outcome.PARTIAL if masked else Outcome.FULL


def openness_approval_problems(document, checklist, note="", override_reason="", texts=None):
    """What keeps the openness reviewer from approving the package: the checklist, and
    high-confidence personal data nobody decided on in a package that will be published."""
    texts = published_texts(document) if texts is None else texts
    outcome = openness_outcome(document, texts)
    problems = checklist_problems(checklist, outcome, note)
    if checklist is not None and checklist.state_secret and outcome != Outcome.NONE:
        problems = [_("涉及国家秘密的文件一律不予公开：请退回起草单位，将公开属性改为“不予公开”。")]
    if document.disclosure == Disclosure.PROACTIVE:
        problems += override_problems(open_high_findings(texts), override_reason)
        problems += file_review.blocking_problems(attachment_notices(document), override_reason)
        # an attachment with anything masked is published only as its masked copy
        problems += file_review.copy_problems(document.attachments.order_by("pk"), texts)
    return problems


@transaction.atomic
def record_openness_approval(review, person, checklist, note="", override_reason=""):
    """Keeps the checklist with the openness reviewer's approval (`review`), and the
    override, if one was needed, in the audit log. Raises ValidationError, writing nothing,
    when the approval is not allowed."""
    document = review.document
    texts = published_texts(document)
    problems = openness_approval_problems(document, checklist, note, override_reason, texts)
    if problems:
        raise ValidationError(problems)
    check = record_check(review, person, checklist, openness_outcome(document, texts), note)
    if document.disclosure == Disclosure.PROACTIVE:
        record_override(person, document, open_high_findings(texts), override_reason)
        unread = [n.obj.name for n in attachment_notices(document) if n.blocking]
        if unread:
            audit.record(
                person, "privacy.override", document, reason=override_reason.strip(), files=unread
            )
    return check


def public_attachment(attachment):
    """An attachment as the public gets it: its masked copy where a reviewer masked (or
    would by default mask) anything in it, else the file as uploaded."""
    try:
        copy = file_review.public_copy(attachment)
    except UnreadableFile:
        raise ValidationError(file_review.copy_problems([attachment], None)) from None
    source = copy or attachment
    return {
        "name": attachment.name,
        "path": source.file.name,
        "sha256": source.sha256,
        "size": source.size,
        "content_type": source.content_type,
    }

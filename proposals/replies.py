"""The reply letter (答复函) from first draft to disclosure: drafting, the unit's internal
review, sending, the proposer's feedback, handling again, and the publication decision.

Each function checks its rule and records who did what; the flow, the staff pages and the
proposer's feedback link all come through here.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base import audit
from base.privacy.confidentiality import Checklist, checklist_problems
from base.privacy.redaction import (
    PublishedText,
    open_high_findings,
    override_problems,
    record_override,
)
from base.workdays.deadlines import add_months
from proposals import merging, reply_defaults
from proposals.letter import SALUTATION, salutation
from proposals.models import (
    AssignmentState,
    Disclosure,
    DisclosureDecision,
    Feedback,
    LetterReview,
    LetterVersion,
    ReplyLetter,
    Satisfaction,
)
from proposals.sittings import chinese_sitting

# 重新办理: a dissatisfied proposer gets a new reply within this many months of the feedback
AGAIN_MONTHS = 3
REQUIRED = ["number", "title", "result_class", "body", "signer", "contact_person", "contact_phone"]


def default_title(proposal, round_=1):
    """关于市十五届人大四次会议第0012号建议的答复 (第0012号、第0015号 for a merged handling);
    from the second round on, …建议的再次答复. The letter is Chinese in every UI language."""
    noun = "建议" if proposal.kind == "npc" else "提案"
    meeting = chinese_sitting(proposal.term, proposal.session, proposal.kind)
    answer = "答复" if round_ == 1 else "再次答复"
    return f"关于{meeting}{merging.numbers(proposal)}{noun}的{answer}"


def again_title(letter):
    """The next round's title: the default one if the unit kept the default, else the unit's
    own title with its 答复 made 再次答复 (…建议答复的函 → …建议再次答复的函)."""
    proposal = letter.assignment.proposal
    title = letter.title.strip()
    if not title or title == default_title(proposal, letter.round):
        return default_title(proposal, letter.round + 1)
    if "再次答复" in title:
        return title
    head, mark, tail = title.rpartition("答复")
    return f"{head}再次{mark}{tail}" if mark else default_title(proposal, letter.round + 1)


def current_letter(assignment):
    """The letter of the current round, started with what the product already knows."""
    letter = assignment.letters.order_by("-round").first()
    if letter is not None:
        return letter
    return ReplyLetter.objects.create(
        assignment=assignment,
        title=default_title(assignment.proposal),
        copy_to=reply_defaults.copy_to(assignment),
    )


def letter_problems(letter):
    return [
        _("请填写%(field)s。") % {"field": ReplyLetter._meta.get_field(name).verbose_name}
        for name in REQUIRED
        if not getattr(letter, name if name != "result_class" else "result_class_id")
    ]


def submit(letter, person):
    """The handling section hands the letter to review: a frozen version is kept."""
    problems = letter_problems(letter)
    if problems:
        raise ValidationError(problems)
    number = letter.versions.count() + 1
    version = LetterVersion.objects.create(
        letter=letter, number=number, content=snapshot(letter), saved_by=person
    )
    audit.record(person, "proposals.letter_submitted", letter, version=number)
    return version


def snapshot(letter):
    fields = [f for f in REQUIRED if f != "result_class"] + ["copy_to"]
    content = {name: getattr(letter, name) for name in fields}
    content["result_class"] = str(letter.result_class) if letter.result_class else ""
    return content


def review(letter, step, approved, comment, person):
    """核稿 / 审核 / 签发: a return must say why."""
    if not approved and not comment.strip():
        raise ValidationError(_("退回修改时须填写意见。"))
    entry = LetterReview.objects.create(
        letter=letter,
        version=letter.versions.order_by("-number").first(),
        step=step,
        approved=approved,
        comment=comment,
        reviewer=person,
    )
    audit.record(person, f"proposals.letter_{step}", letter, approved=approved, comment=comment)
    return entry


def last_review_returned(letter):
    last = letter.reviews.order_by("-at", "-pk").first()
    return last is not None and not last.approved


@transaction.atomic
def send(letter, actor):
    """答复: the signed letter goes to the proposer; the unit's share is replied."""
    now = timezone.now()
    letter.sent_at = now
    letter.save(update_fields=["sent_at"])
    assignment = letter.assignment
    assignment.state, assignment.replied_at = AssignmentState.REPLIED, now
    assignment.save(update_fields=["state", "replied_at"])
    audit.record(actor, "proposals.replied", letter, round=letter.round)


def answered_items(letter):
    """The items a letter answers: its own, and for a merged handling the joined ones."""
    return merging.group(letter.assignment.proposal)


def awaiting_feedback(letter):
    """The items the letter answers whose proposer's feedback is not yet in."""
    given = set(letter.feedbacks.values_list("proposal_id", flat=True))
    return [item for item in answered_items(letter) if item.pk not in given]


def dissatisfied(letter):
    """Any proposer of the letter's items dissatisfied: the handling goes round again."""
    return letter.feedbacks.filter(satisfaction=Satisfaction.DISSATISFIED).exists()


def record_feedback(letter, satisfaction, comment, person=None, proposal=None):
    """满意 / 基本满意 / 不满意 for `proposal` (by default the letter's own item; for a merged
    handling, each item's proposer answers for their item); `person` is None when the
    proposer answers by link."""
    proposal = proposal or letter.assignment.proposal
    if letter.sent_at is None:
        raise ValidationError(_("答复函尚未发出，不能登记反馈。"))
    if proposal.pk not in {item.pk for item in answered_items(letter)}:
        raise ValidationError(_("该答复函没有答复%(item)s。") % {"item": proposal.label})
    if Feedback.objects.filter(letter=letter, proposal=proposal).exists():
        raise ValidationError(_("该答复已有反馈意见。"))
    if satisfaction == Satisfaction.DISSATISFIED and not comment.strip():
        raise ValidationError(_("不满意时请写明意见，以便重新办理。"))
    feedback = Feedback.objects.create(
        letter=letter,
        proposal=proposal,
        satisfaction=satisfaction,
        comment=comment,
        entered_by=person,
    )
    audit.record(
        person or "proposer:link",
        "proposals.feedback",
        letter,
        satisfaction=satisfaction,
        item=proposal.label,
    )
    return feedback


@transaction.atomic
def again_due(feedback_at, calendar_=None):
    """A second round is due AGAIN_MONTHS after the dissatisfied feedback (a Deadline)."""
    return add_months(timezone.localdate(feedback_at), AGAIN_MONTHS, calendar_)


def handle_again(letter, actor):
    """重新办理: a new round with a new letter, due three months from the feedback."""
    assignment = letter.assignment
    latest = letter.feedbacks.filter(satisfaction=Satisfaction.DISSATISFIED).order_by("-at")
    due = again_due((latest.first() or letter.feedbacks.latest("at")).at).due
    assignment.state, assignment.due_on = AssignmentState.SIGNED, due
    assignment.replied_at = assignment.overdue_since = None
    assignment.save(update_fields=["state", "due_on", "replied_at", "overdue_since"])
    again = ReplyLetter.objects.create(
        assignment=assignment,
        round=letter.round + 1,
        # a new letter needs its own document number and a title of its own (再次答复); the
        # rest is a starting point
        title=again_title(letter),
        **{name: getattr(letter, name) for name in ["copy_to", "signer"]},
        contact_person=letter.contact_person,
        contact_phone=letter.contact_phone,
    )
    audit.record(actor, "proposals.handled_again", assignment, due=due.isoformat())
    return again


def proposer_names(proposal):
    """The names the detector looks for in everything published about the item (every
    merged item's proposers, for a merged handling)."""
    return tuple(
        proposer.name for item in merging.group(proposal) for proposer in item.proposers.all()
    )


def published_texts(letter, released_body=None):
    """What the public reads of a reply, as `PublishedText`s (the object, field and text the
    publisher passes to `published_text`): the letter's title, the item's title, the
    salutation when the body does not open with its own, and the body — or, for a partial
    disclosure, the released text, published in the body's name so that what was decided on
    the body holds wherever the released text keeps the body's words."""
    proposal = letter.assignment.proposal
    names = proposer_names(proposal)
    body = letter.body if released_body is None else released_body
    texts = [
        PublishedText("title", letter, "title", _("答复函标题"), letter.title, names),
        PublishedText(
            "proposal_title",
            letter,
            "proposal_title",
            _("建议提案标题"),
            merging.titles(proposal),
            names,
        ),
    ]
    first_line = next((line.strip() for line in body.splitlines() if line.strip()), "")
    if not SALUTATION.match(first_line):
        texts.append(
            PublishedText(
                "salutation", letter, "salutation", _("主送"), salutation(proposal), names
            )
        )
    label = _("答复正文") if released_body is None else _("部分公开的文本")
    texts.append(PublishedText("body", letter, "body", label, body, names))
    return [text for text in texts if text.text.strip()]


def disclosure_problems(letter, decision, reason, released_body, checklist=None, note=""):
    """What keeps the decision from being taken: its reason, the proposer's consent, the
    released text of a partial disclosure and the confidentiality checklist (保密审查)."""
    problems = []
    if not reason.strip():
        problems.append(_("请写明公开方式的理由。"))
    if decision == DisclosureDecision.PARTIAL and not released_body.strip():
        problems.append(_("部分公开时须填写公开的文本。"))
    elif decision == DisclosureDecision.PARTIAL and released_body.strip() == letter.body.strip():
        problems.append(_("部分公开的文本与答复全文相同：请删去不予公开的部分，或改为全文公开。"))
    withheld = [
        item for item in answered_items(letter) if not item.consent_to_publish
    ]  # a merged letter is published once: every proposer must consent to full disclosure
    if decision == DisclosureDecision.FULL and withheld:
        problems.append(_("提出人不同意公开，只能部分公开或不予公开。"))
    problems += checklist_problems(checklist, decision, note)
    return problems


@transaction.atomic
def disclose(
    letter, decision, reason, released_body, person, *, checklist=None, note="", override_reason=""
):
    """The disclosure decision (全文公开 / 部分公开 / 不予公开) with its reason and checklist.

    Publishing while high-confidence personal data in the published texts is undecided needs
    `override_reason`, which goes into the audit log with what was open. Nothing is written
    when anything is wrong."""
    checklist = checklist or Checklist()
    problems = disclosure_problems(letter, decision, reason, released_body, checklist, note)
    open_findings = []
    if decision != DisclosureDecision.NONE:
        released = released_body if decision == DisclosureDecision.PARTIAL else None
        open_findings = open_high_findings(published_texts(letter, released))
        problems += override_problems(open_findings, override_reason)
    if problems:
        raise ValidationError(problems)
    if decision != DisclosureDecision.PARTIAL:
        released_body = ""
    record = Disclosure.objects.create(
        letter=letter,
        decision=decision,
        reason=reason,
        released_body=released_body,
        confidentiality_note=note.strip(),
        decided_by=person,
        **checklist.as_fields(),
    )
    audit.record(
        person,
        "proposals.disclosure",
        letter,
        decision=decision,
        reason=reason,
        checklist=checklist.as_fields(),
        note=note.strip(),
    )
    record_override(person, letter, open_findings, override_reason)
    return record

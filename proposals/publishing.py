"""What the public gets of a reply (办理复文全文公开): the letter's text as the disclosure
decision released it, de-identified, and a public PDF of it.

The publication is per handling unit's share: a second round's letter after 重新办理 is the
next version of the same publication, so the portal shows the latest reply. A merged
handling's one letter is published once, its fields naming every merged item.
"""

from django.utils import timezone
from django.utils.translation import override

from base.privacy.redaction import published_text
from proposals import letter as letters
from proposals import merging, omissions
from proposals.models import DisclosureDecision
from proposals.sittings import sitting
from publications import outbox
from publications.models import Kind


def proposer_names(proposal):
    """Every merged item's proposers, for a merged handling."""
    return [proposer.name for item in merging.group(proposal) for proposer in item.proposers.all()]


def released_body(letter):
    """Partial disclosure publishes the released text only, marked where it left text out
    (proposals/omissions.py): a reader sees that the copy is cut, and where."""
    disclosure = letter.disclosure
    if disclosure.decision == DisclosureDecision.PARTIAL:
        return omissions.marked(letter.body, disclosure.released_body)
    return letter.body


def public_text(letter, field, text):
    return published_text(letter, field, text, names=proposer_names(letter.assignment.proposal))


def content(letter):
    proposal = letter.assignment.proposal
    with override("zh-hans"):
        kind = "建议" if proposal.kind == "npc" else "提案"
        return {
            "title": public_text(letter, "title", letter.title),
            "summary": public_text(letter, "proposal_title", merging.titles(proposal)),
            "body": public_text(letter, "body", released_body(letter)),
            "fields": {
                "proposal_kind": kind,
                # a merged handling is published once, naming every merged item
                "proposal_number": merging.labels(proposal),
                "proposal_title": public_text(letter, "proposal_title", merging.titles(proposal)),
                "session": sitting(proposal.term, proposal.session, proposal.kind),
                "result_class": letter.result_class.code if letter.result_class else "",
                "result_label": letter.result_class.label if letter.result_class else "",
                "disclosure": str(letter.disclosure.get_decision_display()),
                "round": letter.round,
                "sent_on": timezone.localdate(letter.sent_at).isoformat() if letter.sent_at else "",
                "letter_number": letter.number,
            },
        }


def publish(letter, actor):
    """Queues the reply in the caller's transaction; nothing when it is not disclosed."""
    disclosure = getattr(letter, "disclosure", None)
    if disclosure is None or disclosure.decision == DisclosureDecision.NONE:
        return None
    assignment = letter.assignment
    return outbox.publish(
        Kind.REPLY, assignment.pk, assignment.unit, actor=actor, **content(letter)
    )


def public_pdf(letter):
    """The letter as published: the released, de-identified text, no contact lines."""
    context = letters.letter_context(letter)
    paragraphs = letters.paragraphs(public_text(letter, "body", released_body(letter)))
    if paragraphs and letters.SALUTATION.match(paragraphs[0].text):
        context["addressee"] = paragraphs.pop(0).text.replace(":", "：")
    else:
        context["addressee"] = public_text(letter, "salutation", context["addressee"])
    context["paragraphs"] = paragraphs
    context["title"] = public_text(letter, "title", context["title"])
    context["title_lines"] = letters.title_lines(context["title"])
    context["contact"] = ""
    return letters.composed_pdf("reply-letters-public", context)


def renditions(letter):
    return {"letter.pdf": public_pdf(letter)}

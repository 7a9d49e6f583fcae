"""Helpers of the merging tests: an item's process, a merged handling taken from 交办 to the
sent letter over HTTP, and the merge page's form."""

from django.urls import reverse
from django.utils import timezone
from viewflow.workflow.status import PROCESS

from base.organisation.models import Unit
from proposals import replies
from proposals.models import ResultClass
from tests.workflows.proposal_desk import LETTER
from workflows.models import ProposalProcess
from workflows.proposals.flows import ProposalFlow

EDU = "湛江市教育局"


def process_of(proposal, running=True):
    """The item's running process (or, with running=False, its latest)."""
    processes = ProposalProcess.objects.filter(
        flow_class=ProposalFlow, artifact_object_id=proposal.pk
    ).order_by("-pk")
    if running:
        processes = processes.exclude(status=PROCESS.CANCELED)
    return processes.first()


def reply_to_the_end(desk, process, body="陈志强代表、王芳代表：\n现答复如下：……"):
    """交办 to 市教育局, sign, contact, draft and the unit's three approvals: the letter sent."""
    edu = Unit.objects.get(name=EDU).pk
    desk.act(process, "assign", {"handling": "lead", "lead": edu})
    desk.act(process, "sign_for", {"decision": "sign"}, EDU)
    today = timezone.localdate().isoformat()
    desk.act(process, "contact", {"method": "meeting", "contacted_on": today,
                                  "summary": "与两位代表当面沟通。"}, EDU)  # fmt: skip
    share = process.artifact.assignments.get()
    title = replies.default_title(process.artifact)
    data = {**LETTER, "title": title, "body": body,
            "result_class": ResultClass.objects.get(code="A").pk}  # fmt: skip
    desk.act(process, "draft_reply", {**data, "submit": "1"}, EDU)
    for step, job in [("check", "checker"), ("leader", "deputy"), ("sign", "head")]:
        desk.act(process, step, {"decision": "approve"}, EDU, job)
    letter = share.letters.get()
    assert letter.sent_at is not None
    return letter


def merge_over_http(desk, main, others):
    desk.login("clerk")
    data = {"main": main.pk, "items": [main.pk, *(item.pk for item in others)]}
    return desk.client.post(reverse("staff:proposals:merge:index"), data)

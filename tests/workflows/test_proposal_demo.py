"""The demo suggestions and proposals after `load_demo`: spread over the flow as a city would
have them late in 2026, each step taken by someone allowed to take it, no proposer's private
contact data in any text written about them, and nothing changed by loading again."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from base.audit.models import AuditRecord
from proposals.models import (
    Assignment,
    AssignmentState,
    ContactRecord,
    Disclosure,
    Feedback,
    LetterReview,
    LetterVersion,
    Opinion,
    Proposal,
    Proposer,
    ReplyLetter,
    Satisfaction,
)
from workflows.models import ProposalProcess
from workflows.proposals.flows import ProposalFlow

pytestmark = pytest.mark.django_db


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module (it takes seconds) in a transaction that is
    rolled back afterwards; each test runs in a savepoint inside it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield load_demo()
        transaction.set_rollback(True)


@pytest.fixture
def output(loaded, db):
    return loaded


def open_tasks(**filters):
    return Task.objects.filter(
        flow_task_type="HUMAN", status__in=[STATUS.NEW, STATUS.ASSIGNED], **filters
    )


def waiting_at(process):
    """Where a process stands: the steps of its open human tasks, or 办结."""
    if process.finished:
        return {"done"}
    return {task.flow_task.name for task in open_tasks(process=process)}


def test_the_items_are_spread_over_the_steps_of_the_flow(output):
    processes = list(ProposalProcess.objects.filter(flow_class=ProposalFlow))
    assert len(processes) == 30
    places = [waiting_at(process) for process in processes]
    assert all(places), "every item is finished or waits somewhere"
    steps = set().union(*places)
    assert len(steps) >= 6, steps
    assert "assign" not in steps
    assert sum(place == {"done"} for place in places) >= 15  # most are replied
    assert "办结" in output and "逾期" in output


def test_every_due_date_falls_in_2026(output):
    assert Assignment.objects.exists()
    assert not Assignment.objects.exclude(due_on__year=2026).exists()
    assert not Assignment.objects.filter(assigned_at__month__gt=3).exists()


def test_exactly_one_dissatisfied_proposer_whose_item_is_handled_again(output):
    feedback = Feedback.objects.filter(satisfaction=Satisfaction.DISSATISFIED).get()
    share = feedback.letter.assignment
    assert feedback.letter.round == 1
    second = share.letters.get(round=2)
    assert second.sent_at is None and second.body and second.number != feedback.letter.number
    assert share.state == AssignmentState.SIGNED
    assert share.due_on.year == 2026 and share.due_on > feedback.at.date()
    task = open_tasks(flow_task=ProposalFlow.draft_reply, seed_object_id=share.pk).get()
    assert task.owner.unit_id == share.unit_id  # the clerk has the draft open
    others = Feedback.objects.exclude(pk=feedback.pk)
    assert set(others.values_list("satisfaction", flat=True)) == {
        Satisfaction.SATISFIED,
        Satisfaction.BASICALLY,
    }


def test_a_share_assigned_in_february_is_overdue(output):
    overdue = Assignment.objects.filter(overdue_since__isnull=False)
    assert overdue.exists()
    assert overdue.filter(assigned_at__month=2, due_on__month=5).exists()
    assert not overdue.filter(state=AssignmentState.REPLIED).exists()
    # the timers only mark what is still owed after its due date
    assert not Assignment.objects.filter(
        overdue_since__isnull=False, due_on__gte=overdue.first().overdue_since.date()
    ).exists()


def test_split_items_and_a_pending_adjustment(output):
    split = Proposal.objects.filter(handling="split")
    assert split.exists()
    for proposal in split:
        assert proposal.assignments.filter(role="split").count() >= 2
    adjusting = Assignment.objects.filter(state=AssignmentState.ADJUSTING).get()
    assert adjusting.adjustment_reason
    process = ProposalProcess.objects.get(artifact_object_id=adjusting.proposal_id)
    assert open_tasks(process=process, flow_task=ProposalFlow.decide_adjustment).exists()


def test_replies_have_results_feedback_and_disclosure_decisions(output):
    sent = ReplyLetter.objects.filter(sent_at__isnull=False)
    assert set(sent.values_list("result_class__code", flat=True)) >= {"A", "B", "C"}
    assert set(Disclosure.objects.values_list("decision", flat=True)) >= {"full", "partial"}
    for letter in sent:
        assert letter.sent_at.year == 2026
        assert letter.number.endswith("号") and "〔2026〕" in letter.number
        assert letter.contact_phone.startswith("0759-")
    for disclosure in Disclosure.objects.filter(decision="partial"):
        assert disclosure.released_body and disclosure.released_body != disclosure.letter.body


def test_each_step_was_taken_by_someone_allowed_to_take_it(output):
    done = Task.objects.filter(
        flow_task_type="HUMAN", status=STATUS.DONE, process__flow_class=ProposalFlow
    )
    assert done.count() > 100
    for task in done.select_related("owner", "owner__unit"):
        assert task.flow_task.allows(task.owner, task), (task.flow_task.name, task.owner)
    for review in LetterReview.objects.select_related("letter__assignment", "reviewer"):
        assert review.reviewer.unit_id == review.letter.assignment.unit_id


def test_no_text_carries_a_proposers_phone_address_or_postcode(output):
    private = set()
    for proposer in Proposer.objects.all():
        private |= {
            value for value in (proposer.phone, proposer.address, proposer.postcode) if value
        }
    assert len(private) > 30
    texts = [
        *ReplyLetter.objects.values_list("body", flat=True),
        *Opinion.objects.values_list("text", flat=True),
        *Opinion.objects.values_list("contact", flat=True),
        *Disclosure.objects.values_list("released_body", flat=True),
        *Disclosure.objects.values_list("reason", flat=True),
        *ContactRecord.objects.values_list("summary", flat=True),
        *Feedback.objects.values_list("comment", flat=True),
        *Assignment.objects.values_list("adjustment_reason", flat=True),
    ]
    texts += [str(version.content) for version in LetterVersion.objects.all()]
    assert len(texts) > 100
    for text in texts:
        for value in private:
            assert value not in text, (value, text[:40])


def test_loading_again_changes_nothing(output):
    models = [Task, ReplyLetter, LetterVersion, LetterReview, Opinion, ContactRecord, Feedback,
              Disclosure, Assignment, AuditRecord]  # fmt: skip
    before = {model.__name__: model.objects.count() for model in models}
    overdue = Assignment.objects.filter(overdue_since__isnull=False).count()
    again = load_demo()
    assert {model.__name__: model.objects.count() for model in models} == before
    assert Assignment.objects.filter(overdue_since__isnull=False).count() == overdue
    assert "已按办理进度推进" not in again

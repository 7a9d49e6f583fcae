"""The step catalogue: read from the flows, the one place that says what each step is."""

from io import StringIO

from django.core.management import call_command
from django.test import override_settings

from base.organisation.models import UnitKind
from base.organisation.roles import Role
from workflows import catalogue
from workflows.applications.flows import ApplicationFlow
from workflows.interpretation.flows import InterpretationFlow
from workflows.proposals.flows import ProposalFlow
from workflows.steps import Reach


def codes(flow):
    return [step.code for step in catalogue.steps(flow)]


def test_every_human_step_of_both_flows_in_the_order_of_the_flow():
    assert codes(InterpretationFlow) == [
        "draft", "sign_off", "openness_review", "legal_review", "issue"
    ]  # fmt: skip
    assert codes(ProposalFlow) == [
        "assign", "sign_for", "decide_adjustment", "opinion", "contact", "draft_reply", "check",
        "leader", "sign", "feedback", "disclose",
    ]  # fmt: skip
    assert codes(ApplicationFlow) == [
        "confirm", "assign", "search", "decide", "await_completion", "await_opinion", "answer",
        "sign",
    ]  # fmt: skip
    assert [step.code for step in catalogue.steps()] == codes(InterpretationFlow) + codes(
        ProposalFlow
    ) + codes(ApplicationFlow)


def test_who_may_take_each_step():
    holders = {(s.flow_class, s.code): s.holders for s in catalogue.steps()}
    assert holders[InterpretationFlow, "draft"].reach == Reach.DRAFTER
    assert holders[InterpretationFlow, "sign_off"].role == Role.UNIT_LEADER
    assert holders[InterpretationFlow, "sign_off"].reach == Reach.ITEM_UNIT
    review = holders[InterpretationFlow, "openness_review"]
    assert (review.role, review.unit_kind) == (Role.OPENNESS_REVIEWER, UnitKind.GOVERNMENT_OFFICE)
    assert holders[ProposalFlow, "check"].role == Role.REPLY_CHECKER
    office = [code for code in codes(ProposalFlow) if holders[ProposalFlow, code].across_units]
    assert office == ["assign", "decide_adjustment", "feedback", "disclose"]
    assert all(holders[ProposalFlow, code].unit_kind == UnitKind.PROPOSAL_OFFICE for code in office)
    assert [step.code for step in catalogue.within_item(ProposalFlow)] == [
        "sign_for", "opinion", "contact", "draft_reply", "check", "leader", "sign"
    ]  # fmt: skip


def test_deadlines_come_from_the_settings_an_office_may_change():
    assert catalogue.step(InterpretationFlow, "sign_off").working_days == 3
    with override_settings(INTERPRETATION_STEP_WORKING_DAYS={"sign_off": 7}):
        assert catalogue.step(InterpretationFlow, "sign_off").working_days == 7
    # a share's steps are due when the share is; the office's steps have no deadline
    assert catalogue.step(ProposalFlow, "contact").working_days is None
    assert catalogue.step(ProposalFlow, "contact").deadline is not None
    assert catalogue.step(ProposalFlow, "assign").deadline is None
    assert catalogue.step(ProposalFlow, "nonexistent") is None


def test_a_stored_reference_is_looked_up_never_imported():
    node = catalogue.nodes_by_reference()["workflows/interpretation.flows.InterpretationFlow.issue"]
    assert node is InterpretationFlow.issue
    assert "os/os.system" not in catalogue.nodes_by_reference()


def test_the_command_prints_the_catalogue_in_either_language():
    out = StringIO()
    call_command("steps", stdout=out)
    text = out.getvalue()
    assert "公开审查" in text and "政府办公室·公开审查员" in text
    assert "5个工作日（自本步骤开始的次日起算）" in text
    out = StringIO()
    call_command("steps", language="en", stdout=out)
    text = out.getvalue()
    assert "Openness review" in text and "working days" in text

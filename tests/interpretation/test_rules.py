import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError

from base.organisation.roles import Role
from interpretation import rules, versions
from interpretation.models import Disclosure, DocumentType
from tests.factories import InterpretationFactory, PersonFactory, PolicyDocumentFactory

pytestmark = pytest.mark.django_db


def test_a_document_without_interpretation_is_not_accepted():
    document = PolicyDocumentFactory()
    with pytest.raises(ValidationError) as error:
        rules.ensure_submittable(document)
    assert "不予收文" in str(error.value)


def test_the_plan_must_name_forms_channel_and_timing():
    interpretation = InterpretationFactory(forms=[], channel="", timing="")
    problems = rules.submission_problems(interpretation.document)
    assert {"forms", "channel", "timing"} <= set(problems)


def test_a_livelihood_document_needs_the_graphic_form():
    interpretation = InterpretationFactory(document__livelihood=True, forms=["text"])
    assert "图解" in " ".join(rules.submission_problems(interpretation.document)["forms"])
    interpretation.forms = ["text", "graphic"]
    interpretation.save()
    assert rules.submission_problems(interpretation.document) == {}


@pytest.mark.parametrize("disclosure", [Disclosure.ON_REQUEST, Disclosure.WITHHELD])
def test_not_proactive_needs_a_reason_and_never_reaches_the_portal(disclosure):
    interpretation = InterpretationFactory()
    document = interpretation.document
    document.disclosure = disclosure
    assert "disclosure_reason" in rules.submission_problems(document)
    with pytest.raises(IntegrityError):
        document.save()  # the database refuses it too


def test_not_proactive_with_a_reason_is_approved_but_stays_off_the_portal():
    interpretation = InterpretationFactory(
        document__disclosure=Disclosure.WITHHELD, document__disclosure_reason="涉及国家秘密"
    )
    rules.approve_for_publication(interpretation.document)
    assert not rules.may_reach_portal(interpretation.document)


def test_document_and_interpretation_are_approved_at_the_same_moment():
    interpretation = InterpretationFactory()
    when = rules.approve_for_publication(interpretation.document)
    interpretation.refresh_from_db()
    assert interpretation.approved_at == interpretation.document.approved_at == when
    assert rules.may_reach_portal(interpretation.document)


def test_only_drafters_of_the_drafting_unit_edit():
    interpretation = InterpretationFactory()
    document = interpretation.document
    drafter = PersonFactory(unit=document.drafting_unit, roles=[Role.DRAFTER])
    outsider = PersonFactory(roles=[Role.DRAFTER])
    leader = PersonFactory(unit=document.drafting_unit, roles=[Role.UNIT_LEADER])
    assert rules.can_edit(drafter, document)
    for person in (outsider, leader):
        with pytest.raises(PermissionDenied):
            rules.ensure_can_edit(person, document)


def test_legal_review_for_regulations_and_normative_documents_only():
    assert rules.needs_legal_review(PolicyDocumentFactory(doc_type=DocumentType.NORMATIVE))
    assert rules.needs_legal_review(PolicyDocumentFactory(doc_type=DocumentType.REGULATION))
    assert not rules.needs_legal_review(PolicyDocumentFactory(doc_type=DocumentType.OTHER))


def test_document_numbers_are_unique_per_issuing_body():
    PolicyDocumentFactory(number="湛府办〔2018〕22号")
    PolicyDocumentFactory(number="湛府办〔2018〕22号", issuing_body="赤坎区人民政府办公室")
    with pytest.raises(IntegrityError):
        PolicyDocumentFactory(number="湛府办〔2018〕22号")


def test_a_later_form_is_due_three_working_days_after_approval():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    interpretation = InterpretationFactory()
    approved = datetime(2026, 9, 30, 10, tzinfo=ZoneInfo("Asia/Shanghai"))
    rules.approve_for_publication(interpretation.document, when=approved)
    # 10/1–10/7 National Day; 10/8 Thu, 10/9 Fri, 10/10 Sat (make-up working day)
    assert rules.later_forms_deadline(interpretation.document).due.isoformat() == "2026-10-10"


def test_each_submission_is_a_new_version_and_reviewers_see_what_changed():
    interpretation = InterpretationFactory()
    document = interpretation.document
    reviewer = PersonFactory(roles=[Role.OPENNESS_REVIEWER])
    first = versions.submit(document, document.drafter)
    versions.mark_seen(reviewer, first)
    interpretation.main_content = "修改后的主要内容。"
    interpretation.save()
    document.title = "修改后的标题"
    document.save()
    second = versions.submit(document, document.drafter)
    assert (first.number, second.number) == (1, 2)
    seen, current, changed = versions.changes_since_seen(reviewer, document)
    assert (seen, current) == (first, second)
    assert {change.label for change in changed} == {"标题", "主要内容"}
    assert first.snapshot["document.title"] != second.snapshot["document.title"]

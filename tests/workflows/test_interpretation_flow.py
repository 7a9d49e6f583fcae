"""The whole interpretation flow over HTTP, as the real roles, with one return to the drafter
and one overdue step."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS, STATUS

from base.audit.models import AuditRecord
from interpretation.models import PolicyDocument

pytestmark = pytest.mark.django_db


def actions(document):
    """The package's own audit trail (a publication may share its id)."""
    return list(
        AuditRecord.objects.filter(
            object_type=ContentType.objects.get_for_model(document), object_id=str(document.pk)
        )
        .order_by("id")
        .values_list("actor_name", "action")
    )


def test_drafter_to_issuer_with_one_return_and_one_overdue_step(desk):
    process = desk.start()
    document = PolicyDocument.objects.get(pk=process.artifact_object_id)
    assert desk.open_task(process, "draft").owner.username == "drafter"

    response = desk.submit(process)
    assert response.status_code == 302
    assert document.versions.count() == 1

    # the unit leader does not act in time: the timer marks the package overdue
    with time_machine.travel(timezone.now() + timedelta(days=12)):
        call_command("workflow_timers")
    document.refresh_from_db()
    assert document.overdue_since is not None
    assert desk.open_task(process, "sign_off").status == STATUS.NEW  # still open

    desk.login("leader")
    desk.review(process, "sign_off")
    document.refresh_from_db()
    assert document.overdue_since is None

    desk.login("reviewer")
    desk.review(process, "openness_review", "return", "请补充新旧政策差异。")
    draft = desk.open_task(process, "draft")
    assert draft.owner.username == "drafter"  # the original drafter, not a queue

    desk.login("drafter")
    response = desk.submit(process, material={"differences": "新增24小时发布时限。"})
    assert response.status_code == 302
    assert document.versions.count() == 2

    desk.login("leader")
    desk.review(process, "sign_off")
    desk.login("reviewer")
    page = desk.review(process, "openness_review")
    assert "新旧政策差异" in page.content.decode()  # what changed since they saw version 1
    desk.login("legal")
    desk.review(process, "legal_review")
    desk.login("issuer")
    desk.review(process, "issue")

    process.refresh_from_db()
    document.refresh_from_db()
    assert process.status == PROCESS.DONE
    assert document.approved_at is not None
    assert document.interpretation.approved_at == document.approved_at
    assert actions(document) == [
        ("drafter", "interpretation.registered"),
        ("drafter", "interpretation.submitted"),
        ("flow:interpretation", "interpretation.step_overdue"),
        ("leader", "interpretation.sign_off.approve"),
        ("reviewer", "interpretation.openness_review.return"),
        ("drafter", "interpretation.submitted"),
        ("leader", "interpretation.sign_off.approve"),
        ("reviewer", "interpretation.openness_review.approve"),
        ("legal", "interpretation.legal_review.approve"),
        ("issuer", "interpretation.issue.approve"),
        ("flow:interpretation", "interpretation.approved"),
    ]


def test_other_policy_documents_skip_legal_review(desk):
    process = desk.start(doc_type="other", number="湛府办〔2026〕9号")
    desk.submit(process, document={"doc_type": "other", "number": "湛府办〔2026〕9号"})
    desk.approve(
        process, ("leader", "sign_off"), ("reviewer", "openness_review"), ("issuer", "issue")
    )
    process.refresh_from_db()
    assert process.status == PROCESS.DONE
    assert not Task.objects.filter(process=process, flow_task__contains="legal_review").exists()


def test_a_submission_without_a_plan_is_refused_and_nothing_is_saved(desk):
    process = desk.start()
    response = desk.submit(process, material={"forms": [], "channel": "", "main_content": "新内容"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "解读方案须选择至少一种解读形式" in html
    assert "解读方案须写明解读渠道" in html
    document = PolicyDocument.objects.get(pk=process.artifact_object_id)
    assert document.versions.count() == 0
    assert document.interpretation.main_content == ""  # rolled back
    assert desk.open_task(process, "draft").status == STATUS.ASSIGNED


def test_a_return_needs_a_comment(desk):
    process = desk.start()
    desk.submit(process)
    desk.login("leader")
    task = desk.take(process, "sign_off")
    response = desk.client.post(desk.url(task, "execute"), {"decision": "return", "comment": ""})
    assert response.status_code == 200
    assert "退回修改须写明意见" in response.content.decode()
    assert desk.open_task(process, "sign_off").status == STATUS.ASSIGNED


def test_what_changed_stays_on_the_page_after_a_refused_decision(desk):
    process = desk.start()
    desk.submit(process)
    desk.login("leader")
    desk.review(process, "sign_off", "return", "请补充新旧政策差异。")
    desk.login("drafter")
    desk.submit(process, material={"differences": "新增24小时发布时限。"})
    desk.login("leader")
    task = desk.take(process, "sign_off")
    shown = desk.client.get(desk.url(task, "execute")).content.decode()
    again = desk.client.get(desk.url(task, "execute")).content.decode()
    refused = desk.client.post(desk.url(task, "execute"), {"decision": "return", "comment": ""})
    for page in (shown, again, refused.content.decode()):
        assert "新增24小时发布时限。" in page and "自您上次查看的第1版以来的修改" in page

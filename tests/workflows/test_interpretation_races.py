"""Two people acting on one task at the same moment: exactly one wins, the other is told,
and the flow creates no duplicate task. Runs on SQLite and, in CI, on PostgreSQL."""

import pytest
from django.test import Client
from viewflow.workflow.models import Task

from base.organisation.demo import DEMO_PASSWORD
from base.organisation.roles import Role
from interpretation.models import Review
from tests.concurrency import at_once
from tests.factories import PersonFactory
from tests.workflows.conftest import CHECKLIST
from workflows.interpretation.flows import InterpretationFlow

pytestmark = pytest.mark.django_db(transaction=True)


def logged_in(username):
    client = Client()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


@pytest.fixture
def at_openness_review(desk):
    process = desk.start()
    desk.submit(process)
    desk.login("leader")
    desk.review(process, "sign_off")
    office = desk.people["reviewer"].unit
    second = PersonFactory(username="reviewer2", unit=office, roles=[Role.OPENNESS_REVIEWER])
    second.set_password(DEMO_PASSWORD)
    second.save()
    return process


def test_two_reviewers_take_the_same_task_at_once(desk, at_openness_review):
    task = desk.open_task(at_openness_review, "openness_review")
    url = desk.url(task, "assign")
    first, second = logged_in("reviewer"), logged_in("reviewer2")
    responses = at_once(lambda: first.post(url), lambda: second.post(url))
    codes = sorted(response.status_code for response in responses)
    assert codes == [302, 409], codes
    loser = next(r for r in responses if r.status_code == 409)
    assert "已由" in loser.content.decode() or "正在由他人办理" in loser.content.decode()
    task.refresh_from_db()
    assert task.owner.username in {"reviewer", "reviewer2"}


def test_one_reviewer_submitting_twice_at_once_is_recorded_once(desk, at_openness_review):
    process = at_openness_review
    desk.login("reviewer")
    task = desk.take(process, "openness_review")
    url = desk.url(task, "execute")
    tabs = [logged_in("reviewer"), logged_in("reviewer")]
    data = {"decision": "approve", "comment": "", **CHECKLIST}
    responses = at_once(*(lambda tab=tab: tab.post(url, data) for tab in tabs))
    assert sorted(r.status_code for r in responses) == [302, 409]
    assert (
        Review.objects.filter(
            document_id=process.artifact_object_id, step="openness_review"
        ).count()
        == 1
    )
    legal = Task.objects.filter(process=process, flow_task=InterpretationFlow.legal_review)
    assert legal.count() == 1

"""After a commit that queued messages to send at once, the web app asks Prefect for a
`notices` run (notifications/trigger.py), once however many events the commit raised; a
digest waits for its morning and asks for nothing."""

import pytest

from base.organisation.models import Unit, UnitKind
from notifications import trigger
from notifications.events import raise_event
from notifications.models import Frequency, Kind, Preference
from tests.factories import PersonFactory


@pytest.fixture
def prefect_api(prefect_api, monkeypatch):
    """What the web app asked Prefect for (the stand-in of tests/conftest.py)."""
    monkeypatch.setitem(trigger._last, "second", None)
    return prefect_api.asked


def test_a_commit_with_messages_asks_for_one_notices_run(
    db, prefect_api, django_capture_on_commit_callbacks
):
    unit = Unit.objects.create(name="市测试局", kind=UnitKind.DEPARTMENT)
    person = PersonFactory(username="wang", unit=unit, email="wang@zhanjiang.gov.cn")
    with django_capture_on_commit_callbacks(execute=True):
        raise_event("task-1", Kind.TASK, "新待办1", people=[person])
        raise_event("task-2", Kind.TASK, "新待办2", people=[person])
    assert prefect_api == [
        ("GET", "/api/deployments/name/notices/notices"),
        ("POST", "/api/deployments/deployment-1/create_flow_run"),
    ]


def test_a_digest_alone_asks_for_nothing(db, prefect_api, django_capture_on_commit_callbacks):
    unit = Unit.objects.create(name="市测试局", kind=UnitKind.DEPARTMENT)
    person = PersonFactory(username="wang", unit=unit, email="wang@zhanjiang.gov.cn")
    Preference.objects.create(person=person, email=Frequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        raise_event("task-3", Kind.TASK, "新待办3", people=[person], site=False)
    assert prefect_api == []

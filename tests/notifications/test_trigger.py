"""After a commit that queued messages to send at once, the web app asks Prefect for a
`notices` run (notifications/trigger.py), once however many events the commit raised; a
digest waits for its morning and asks for nothing."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from base.organisation.models import Unit, UnitKind
from notifications import trigger
from notifications.events import raise_event
from notifications.models import Frequency, Kind, Preference
from tests.factories import PersonFactory


@pytest.fixture
def prefect_api(settings, monkeypatch):
    asked = []

    class Handler(BaseHTTPRequestHandler):
        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            asked.append(("GET", self.path))
            self.reply(200, {"id": "deployment-1"})

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            asked.append(("POST", self.path))
            self.reply(201, {"id": "run-1"})

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.PREFECT_API_URL = f"http://127.0.0.1:{server.server_port}/api"
    monkeypatch.setitem(trigger._last, "second", None)
    yield asked
    server.shutdown()


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

"""The run request after a commit, against a server that is busy for a moment: it asks again
for "try again" answers only, and a few times at most (workflows/pipelines/trigger.py). The
real Prefect server's answer is tested in test_publish.py."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from workflows.pipelines import trigger


@pytest.fixture
def prefect_api():
    """A stand-in for Prefect's REST API whose run creation answers `answers` in turn."""
    state = {"answers": [], "posts": 0}

    class Handler(BaseHTTPRequestHandler):
        def reply(self, status, body):
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            self.reply(200, {"id": "deployment-1"})

        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            state["posts"] += 1
            status = state["answers"].pop(0) if state["answers"] else 201
            self.reply(status, {"id": "run-1"} if status == 201 else {"detail": "busy"})

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state["url"] = f"http://127.0.0.1:{server.server_port}/api"
    yield state
    server.shutdown()


def test_a_busy_server_is_asked_again(prefect_api, settings):
    settings.PREFECT_API_URL = prefect_api["url"]
    prefect_api["answers"] = [503, 503]
    assert trigger.request_publish_run() == "run-1"
    assert prefect_api["posts"] == 3


def test_a_server_busy_for_long_is_left_to_the_sweep(prefect_api, settings):
    settings.PREFECT_API_URL = prefect_api["url"]
    prefect_api["answers"] = [503] * 10
    assert trigger.request_publish_run() is None
    assert prefect_api["posts"] == 4


def test_a_refusal_is_not_asked_again(prefect_api, settings):
    settings.PREFECT_API_URL = prefect_api["url"]
    prefect_api["answers"] = [422]
    assert trigger.request_publish_run() is None
    assert prefect_api["posts"] == 1

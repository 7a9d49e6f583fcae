"""HTTP stand-ins the tests start on 127.0.0.1: `LocalService`, the base of the site receiver
(tests/pipelines/receiver.py) and the notices' robot and SMS services
(tests/notifications/fakes.py), and `PrefectAPI`, a stand-in for the Prefect REST calls the
web app makes after a commit (workflows/pipelines/trigger.py)."""

import http.server
import json
import socket
import threading


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def reply(request, status, body):
    data = json.dumps(body, ensure_ascii=False).encode()
    request.send_response(status)
    request.send_header("Content-Type", "application/json")
    request.send_header("Content-Length", str(len(data)))
    request.end_headers()
    request.wfile.write(data)


class LocalService:
    """Serves `handle` (POST) and `handle_get` (GET) on 127.0.0.1, one thread a request, on a
    port kept across `stop` and `start`: once stopped, connections are refused."""

    def __init__(self):
        self.port = free_port()
        self.server = None

    def start(self):
        service = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_POST(self):
                service.handle(self)

            def do_GET(self):
                service.handle_get(self)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self):
        if self.server:
            self.server.shutdown()
            self.server.server_close()
            self.server = None

    def handle(self, request):
        reply(request, 405, {})

    def handle_get(self, request):
        reply(request, 404, {})


class PrefectAPI(LocalService):
    """Finds any deployment by name; creating a run answers `answers` in turn (201 once they
    run out). `asked` is every (method, path) in order."""

    def __init__(self):
        super().__init__()
        self.asked, self.answers = [], []

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/api"

    @property
    def posts(self):
        return sum(method == "POST" for method, _path in self.asked)

    def handle_get(self, request):
        self.asked.append(("GET", request.path))
        reply(request, 200, {"id": "deployment-1"})

    def handle(self, request):
        request.rfile.read(int(request.headers.get("Content-Length", 0)))
        self.asked.append(("POST", request.path))
        status = self.answers.pop(0) if self.answers else 201
        reply(request, status, {"id": "run-1"} if status == 201 else {"detail": "busy"})

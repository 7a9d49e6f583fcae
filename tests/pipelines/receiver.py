"""A government-site receiver for the HTTP push protocol (docs/sync-protocol.md), started by
the tests on 127.0.0.1, that can be told to misbehave.

It keeps what a real receiver must (docs/sync-protocol.md): only requests whose Standard
Webhooks signature is right and whose timestamp is within REPLAY_SECONDS of now; each
Idempotency-Key stored once (a repeat is answered 200 again and stored nothing); and, per
item, only events with a higher sequence than the last one applied (an older one is
acknowledged and dropped, so a late delivery can never bring back a withdrawn item).
"""

import base64
import hashlib
import hmac
import json
import socket
import threading
import time

from tests.local_http import LocalService

REPLAY_SECONDS = 300


class Receiver(LocalService):
    def __init__(self, secret):
        super().__init__()
        self.secret = secret.encode()
        self.stored = {}  # key -> body, in arrival order
        self.arrivals = []  # every key that was stored, once per storing (duplicates show)
        self.applied = {}  # item id -> the highest sequence applied
        self.stale = []  # keys acknowledged but dropped: older than what was applied
        self.history = []  # (item id, sequence, event) for every request that arrived
        self.now = time.time  # the receiver's clock, which a test may set
        self.posts = 0
        self.faults = []  # one per coming request: "500", "drop", "slow", "garbage", "hang"
        self.release = threading.Event()
        self.got_request = threading.Event()
        self.lock = threading.Lock()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/gongkai/publications"

    def handle(self, request):
        body = request.rfile.read(int(request.headers["Content-Length"]))
        key = request.headers.get("Idempotency-Key", "")
        with self.lock:
            self.posts += 1
            fault = self.faults.pop(0) if self.faults else None
        self.got_request.set()
        if fault == "drop":
            request.connection.shutdown(socket.SHUT_RDWR)
            request.close_connection = True
            return
        if fault == "500":
            return self.answer(request, 500, {"error": "internal"})
        if fault == "garbage":
            return self.answer_raw(
                request, 200, b"<html>\xe7\xbd\x91\xe7\xab\x99\xe7\xbb\xb4\xe6\x8a\xa4</html>"
            )
        if fault == "hang-unread":  # the connection hangs before anything is stored
            self.release.wait(30)
            return None
        problem = self.verify(request.headers, body)
        if problem:
            return self.answer(request, 401, {"error": problem})
        data = json.loads(body)
        with self.lock:
            self.history.append((data["id"], data["sequence"], data["event"]))
            if data["sequence"] <= self.applied.get(data["id"], 0) and key not in self.stored:
                self.stale.append(key)
            elif key not in self.stored:
                self.stored[key] = data
                self.arrivals.append(key)
                self.applied[data["id"]] = data["sequence"]
        if fault == "slow":
            time.sleep(2)  # longer than the client waits: stored, but the answer is lost
        if fault == "hang":
            self.release.wait(30)
        self.answer(request, 200, {"received": key})

    def verify(self, headers, body):
        """The Standard Webhooks check: a v1 signature of "id.timestamp.body" made with our
        secret, and a timestamp close to now (a replay of an old request is refused)."""
        message_id, timestamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
        if not timestamp.isdigit() or abs(self.now() - int(timestamp)) > REPLAY_SECONDS:
            return "timestamp outside the replay window"
        signed = f"{message_id}.{timestamp}.".encode() + body
        expected = base64.b64encode(hmac.new(self.secret, signed, hashlib.sha256).digest()).decode()
        offered = [part.partition(",")[2] for part in headers.get("webhook-signature", "").split()]
        if not any(hmac.compare_digest(expected, signature) for signature in offered):
            return "bad signature"
        return ""

    def answer(self, request, status, data):
        self.answer_raw(request, status, json.dumps(data).encode())

    def answer_raw(self, request, status, data):
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(data)))
            request.end_headers()
            request.wfile.write(data)
        except OSError:
            pass  # the client gave up waiting

    def events(self, key_prefix=""):
        return [self.stored[key]["event"] for key in self.arrivals if key.startswith(key_prefix)]

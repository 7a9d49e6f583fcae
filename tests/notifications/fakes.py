"""Stand-ins on 127.0.0.1 for the services notices go to: an SMTP server (aiosmtpd), a
work-chat robot service that answers WeCom's, DingTalk's and Feishu's robot paths and the
generic webhook (with their error codes), and an SMS gateway. Each keeps what it got,
and counts a message key once however often it arrives (X-Notice-Key, Idempotency-Key).
"""

import base64
import email
import hashlib
import hmac
import json
import threading
from email.header import decode_header, make_header
from urllib.parse import parse_qs, unquote, urlsplit

from aiosmtpd.controller import Controller

from tests.local_http import LocalService, free_port


class Mailbox:
    """An SMTP server; `messages` holds each one as (to, subject, body, key)."""

    def __init__(self):
        self.messages, self.refuse = [], False
        self.controller = Controller(self, hostname="127.0.0.1", port=free_port())

    @property
    def port(self):
        return self.controller.port

    def start(self):
        self.controller.start()

    def stop(self):
        self.controller.stop()

    async def handle_DATA(self, server, session, envelope):
        if self.refuse:
            return "451 try again later"
        message = email.message_from_bytes(envelope.content)
        part = next(p for p in message.walk() if p.get_content_type() == "text/plain")
        body = part.get_payload(decode=True).decode(part.get_content_charset() or "utf-8")
        subject = str(make_header(decode_header(message["Subject"])))
        self.messages.append((envelope.rcpt_tos[0], subject, body, message["X-Notice-Key"]))
        return "250 OK"

    def keys(self):
        return [key for *_rest, key in self.messages]


class Service(LocalService):
    """An HTTP service on 127.0.0.1 that records every POST and answers as told."""

    def __init__(self):
        super().__init__()
        self.requests = []  # (path, query, headers, body), every one that arrived
        self.stored = {}  # key -> body: each message key once
        self.faults = []  # one per coming request: "500", "hang", "refuse"
        self.got_request = threading.Event()
        self.release = threading.Event()
        self.lock = threading.Lock()

    @property
    def base(self):
        return f"http://127.0.0.1:{self.port}"

    def handle(self, request):
        body = json.loads(request.rfile.read(int(request.headers["Content-Length"])) or b"{}")
        parts = urlsplit(request.path)
        query = {name: values[0] for name, values in parse_qs(parts.query).items()}
        with self.lock:
            fault = self.faults.pop(0) if self.faults else None
            self.requests.append((parts.path, query, dict(request.headers), body))
        self.got_request.set()
        if fault == "hang":  # stored, then no answer until released
            self.store(request.headers, parts.path, body)
            self.release.wait(60)
            return
        if fault == "500":
            return self.answer(request, 500, {"error": "internal"})
        status, answer = self.judge(parts.path, query, request.headers, body)
        if status == 200 and answer.get("errcode", answer.get("code", 0)) == 0:
            self.store(request.headers, parts.path, body)
        self.answer(request, status, answer)

    def store(self, headers, path, body):
        key = headers.get("Idempotency-Key") or f"{path}#{len(self.requests)}"
        with self.lock:
            self.stored.setdefault(key, body)

    def judge(self, path, query, headers, body):
        return 200, {"errcode": 0}

    def answer(self, request, status, data):
        raw = json.dumps(data).encode()
        try:
            request.send_response(status)
            request.send_header("Content-Type", "application/json")
            request.send_header("Content-Length", str(len(raw)))
            request.end_headers()
            request.wfile.write(raw)
        except OSError:
            pass


class Robots(Service):
    """WeCom (and 政务微信), DingTalk, Feishu and a generic webhook, as their robots answer:
    WeCom/DingTalk {"errcode": 0}, Feishu {"code": 0}; an unknown key or a bad DingTalk
    signature is refused in the body with HTTP 200, as the vendors do."""

    keys = {"wecom": "WECOM-KEY", "dingtalk": "ding0token1", "feishu": "FEISHU-TOKEN"}
    ding_secret = "SECdingsecret42"

    def judge(self, path, query, headers, body):
        if path == "/cgi-bin/webhook/send":
            ok = query.get("key") == self.keys["wecom"] and body.get("msgtype") == "text"
            return 200, {"errcode": 0 if ok else 93000, "errmsg": "ok" if ok else "invalid key"}
        if path == "/robot/send":
            ok = query.get("access_token") == self.keys["dingtalk"] and self.signed(query)
            return 200, {"errcode": 0 if ok else 310000, "errmsg": "ok" if ok else "sign"}
        if path.startswith("/open-apis/bot/v2/hook/"):
            ok = path.rstrip("/").rsplit("/", 1)[1] == self.keys["feishu"]
            return 200, {"code": 0 if ok else 19001, "msg": "ok" if ok else "bad token"}
        if path == "/hook":
            return 200, {"ok": True}
        return 404, {"error": "no such robot"}

    def signed(self, query):
        """DingTalk's 加签: base64(HMAC-SHA256(secret, "timestamp\\nsecret")), URL-encoded."""
        text = f"{query.get('timestamp')}\n{self.ding_secret}".encode()
        digest = hmac.new(self.ding_secret.encode(), text, hashlib.sha256).digest()
        return unquote(query.get("sign", "")) == base64.b64encode(digest).decode()

    def texts(self, path_prefix=""):
        """The text each robot message showed, in arrival order (each key once)."""
        found = []
        for key, body in self.stored.items():
            if not key.startswith("/") or key.startswith(path_prefix):
                text = body.get("text", {}).get("content") or body.get("content", {}).get("text")
                found.append(text or f"{body.get('title')}\n{body.get('message')}")
        return found


class Gateway(Service):
    """An SMS gateway: POST {"id", "phone", "sign", "template", "text"} with a Bearer
    token; 401 without the right one, 400 for a number that is not a mobile number."""

    token = "sms-token"

    def judge(self, path, query, headers, body):
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {"code": 401, "error": "bad token"}
        if not body.get("phone", "").isdigit() or len(body["phone"]) != 11:
            return 400, {"code": 400, "error": "bad number"}
        return 200, {"code": 0, "id": body.get("id")}

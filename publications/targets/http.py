"""HTTP push to the government site platform (集约化平台); the protocol is docs/sync-protocol.md.

Each event is one JSON POST, signed as the Standard Webhooks specification says (the id, the
time of sending and the exact body, so that an old request replayed later is refused), and
carrying an `Idempotency-Key` that is the same for every attempt of that event: a receiver
that saw the key already answers 2xx again and stores nothing, so a retry after a lost
answer is harmless.
"""

import base64
import hashlib
import hmac
import json
import time

import httpx
from django.conf import settings

from publications import payloads
from publications.targets import Refused, Retry, Target

# Worth another try: the site is busy, rate-limiting, or failing inside.
RETRYABLE = {408, 425, 429}


def key_bytes(secret):
    """A `whsec_…` secret is base64 (as Standard Webhooks writes them); any other is text."""
    if secret.startswith("whsec_"):
        return base64.b64decode(secret.removeprefix("whsec_"))
    return secret.encode()


def signatures(secrets, message_id, timestamp, body):
    """`webhook-signature`: one `v1,<base64 HMAC-SHA256>` of "id.timestamp.body" per secret,
    so that during a rotation a receiver holding either the new or the old one accepts."""
    signed = f"{message_id}.{timestamp}.".encode() + body
    return " ".join(
        "v1," + base64.b64encode(hmac.new(key_bytes(s), signed, hashlib.sha256).digest()).decode()
        for s in secrets
    )


class Push(Target):
    def __init__(self, name, URL, SECRET, TIMEOUT=10, **options):
        super().__init__(name, **options)
        # several secrets separated by spaces while the receiver switches to a new one
        self.url, self.secrets, self.timeout = URL, SECRET.split(), TIMEOUT

    def deliver(self, event):
        body = json.dumps(payloads.of(event), ensure_ascii=False, sort_keys=True).encode()
        message_id, now = event.idempotency_key, int(time.time())
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": message_id,
            "webhook-id": message_id,
            "webhook-timestamp": str(now),
            "webhook-signature": signatures(self.secrets, message_id, now, body),
            "User-Agent": f"Gongkai ({settings.PUBLIC_BASE_URL})",
        }
        try:
            answer = httpx.post(
                self.url,
                content=body,
                headers=headers,
                timeout=self.timeout,
                follow_redirects=False,
            )
        except httpx.HTTPError as error:
            raise Retry(f"{type(error).__name__}: {error}") from error
        if answer.status_code >= 500 or answer.status_code in RETRYABLE:
            raise Retry(f"HTTP {answer.status_code}: {answer.text[:200]}")
        if not 200 <= answer.status_code < 300:
            raise Refused(f"HTTP {answer.status_code}: {answer.text[:200]}")
        if not receipt_matches(answer, event.idempotency_key):
            raise Retry(f"HTTP {answer.status_code} without a receipt: {answer.text[:200]}")


def receipt_matches(answer, key):
    """A 2xx counts only with the receipt the protocol asks for: a proxy's error page that
    says 200 is not an arrival."""
    try:
        return answer.json().get("received") == key
    except (ValueError, AttributeError):
        return False

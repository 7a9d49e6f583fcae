"""HTTP push to the government site platform (集约化平台); the protocol is docs/sync-protocol.md.

Each event is one JSON POST, signed with HMAC-SHA256 over the exact body and carrying an
`Idempotency-Key` that is the same for every attempt of that event: a receiver that saw the
key already answers 2xx again and stores nothing, so a retry after a lost answer is harmless.
"""

import hashlib
import hmac
import json

import httpx
from django.conf import settings

from publications import payloads
from publications.targets import Refused, Retry, Target

# Worth another try: the site is busy, rate-limiting, or failing inside.
RETRYABLE = {408, 425, 429}


def signature(secret, body):
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Push(Target):
    def __init__(self, name, URL, SECRET, TIMEOUT=10, **options):
        super().__init__(name, **options)
        self.url, self.secret, self.timeout = URL, SECRET, TIMEOUT

    def deliver(self, event):
        body = json.dumps(payloads.of(event), ensure_ascii=False, sort_keys=True).encode()
        headers = {
            "Content-Type": "application/json; charset=utf-8",
            "Idempotency-Key": event.idempotency_key,
            "X-Gongkai-Signature": signature(self.secret, body),
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

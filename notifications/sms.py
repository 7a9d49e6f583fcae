"""Text messages to proposers through the city's SMS gateway (短信网关).

Government SMS platforms take a JSON POST with a signature name (签名, e.g. 【湛江市政府】)
and, on most platforms, a registered template code; `SMS_GATEWAY` names the adapter and
its settings (docs/settings.md):

    {"ENGINE": "notifications.sms.HttpGateway", "URL": "https://sms.example.gov.cn/send",
     "TOKEN": "…", "SIGN": "湛江市政府", "TEMPLATE": "SMS_0001", "TIMEOUT": 10}

`HttpGateway` posts {"id", "phone", "sign", "template", "text"} with the token as a Bearer
header and the message's key both as `id` and as `Idempotency-Key`, so a gateway that keeps
ids sends a message once even when we post it twice. A platform with another format is
another class with the same `send(phone, text, key)`. Without SMS_GATEWAY, `Disabled` logs
that nothing was sent and reports the message failed.
"""

import logging

import httpx
from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger(__name__)


class SendError(Exception):
    def __init__(self, message, permanent=False):
        super().__init__(message)
        self.permanent = permanent


def mask(phone):
    """138****1234: what any record or page shows of a proposer's number."""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


class HttpGateway:
    def __init__(self, URL, TOKEN="", SIGN="", TEMPLATE="", TIMEOUT=10, **_ignored):
        self.url, self.token, self.sign, self.template = URL, TOKEN, SIGN, TEMPLATE
        self.timeout = float(TIMEOUT)

    def send(self, phone, text, key):
        headers = {"Idempotency-Key": key}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        payload = {"id": key, "phone": phone, "sign": self.sign, "template": self.template,
                   "text": text}  # fmt: skip
        try:
            answer = httpx.post(self.url, json=payload, headers=headers, timeout=self.timeout)
        except httpx.HTTPError as error:
            raise SendError(f"{type(error).__name__}: {error}") from error
        if answer.status_code >= 500 or answer.status_code == 429:
            raise SendError(f"HTTP {answer.status_code}")
        if answer.status_code >= 400:  # a wrong number or template: sending again won't help
            raise SendError(f"HTTP {answer.status_code}: {answer.text[:200]}", permanent=True)


class Disabled:
    def send(self, phone, text, key):
        log.warning("SMS %s to %s not sent: SMS_GATEWAY is not set", key, mask(phone))
        raise SendError("未配置短信网关（SMS_GATEWAY）", permanent=True)


def gateway():
    config = dict(settings.SMS_GATEWAY or {})
    if not config.get("URL") and "ENGINE" not in config:
        return Disabled()
    engine = import_string(config.pop("ENGINE", "notifications.sms.HttpGateway"))
    return engine(**config)

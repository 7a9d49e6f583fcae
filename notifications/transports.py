"""How a message leaves: e-mail and the work-chat robots through apprise (one library for
every service, each by its URL scheme), and the proposers' SMS through an HTTP gateway
(`notifications.sms`).

apprise's robot plugins post to the vendor's fixed host (qyapi.weixin.qq.com,
oapi.dingtalk.com, open.feishu.cn). A robot's `base_url` replaces that host: 政务微信 is a
private deployment of WeCom's API on the government's own server, an intranet may reach the
vendors through a relay, and the tests point robots at a fake on 127.0.0.1. The generic
webhook uses apprise's json:// and carries the message's key in an `Idempotency-Key`
header; an e-mail carries it in `X-Notice-Key`. The vendors' robots have no such field:
see `dispatch` for what that means when a worker dies mid-send.

Each send raises `SendError` with what went wrong; apprise reports failures in its log
only, so the log is captured around each call.
"""

import logging
from urllib.parse import quote, urlsplit

import apprise
import requests
from apprise.plugins import dingtalk, feishu, wecombot
from django.conf import settings

from notifications.models import RobotKind

log = logging.getLogger(__name__)


class SendError(Exception):
    """The service did not take the message; `permanent` when trying again cannot help."""

    def __init__(self, message, permanent=False):
        super().__init__(message)
        self.permanent = permanent


def notify(url, title, body, adjust=None):
    plugin = apprise.Apprise.instantiate(url)
    if plugin is None:
        raise SendError(f"unusable address ({urlsplit(url).scheme}://…)", permanent=True)
    if adjust:
        adjust(plugin)
    with apprise.LogCapture(level=logging.WARNING) as captured:
        ok = plugin.notify(body=body, title=title)
    if not ok:
        said = captured.getvalue().strip().splitlines()
        raise SendError(" / ".join(line.split(" - ", 2)[-1] for line in said[-3:]) or "refused")


# e-mail


def email_url(address, key):
    """apprise's mailto:// for `address` over the SMTP server of settings.NOTICE_EMAIL."""
    config = settings.NOTICE_EMAIL
    login = ""
    if config.get("USER"):
        login = f"{quote(config['USER'], safe='')}:{quote(config.get('PASSWORD', ''), safe='')}@"
    scheme = "mailtos" if config.get("MODE") in ("ssl", "starttls") else "mailto"
    mode = config.get("MODE") or "insecure"
    return (
        f"{scheme}://{login}{config['HOST']}:{config['PORT']}/{quote(address, safe='@')}"
        f"?from={quote(config['FROM'], safe='@')}&mode={mode}&+X-Notice-Key={quote(key, safe='')}"
    )


def send_email(address, subject, body, key):
    if settings.NOTICE_EMAIL.get("CONSOLE"):
        log.info("e-mail to %s [%s]: %s\n%s", address, key, subject, body)
        return
    notify(email_url(address, key), subject, body)


# work-chat robots

VENDOR_PATHS = {
    # kind: (official host, path after it, apprise URL of the robot)
    RobotKind.WECOM: ("https://qyapi.weixin.qq.com", "/cgi-bin/webhook/send?key={key}"),
    RobotKind.GOVWECOM: ("", "/cgi-bin/webhook/send?key={key}"),
    RobotKind.DINGTALK: ("https://oapi.dingtalk.com", "/robot/send?access_token={token}"),
    RobotKind.FEISHU: ("https://open.feishu.cn", "/open-apis/bot/v2/hook/{token}/"),
}


class VendorAnswers:
    """What each robot plugin calls `requests` through: the vendors answer a refused message
    (a wrong key, a bad signature, a flood limit) with HTTP 200 and a non-zero `errcode`
    (WeCom, DingTalk) or `code` (Feishu) in the body, while apprise 2.0 reads the status
    alone. Such an answer is turned into a 502 with the vendor's words, so apprise reports
    the failure and the message is retried or marked failed like any other."""

    def __getattr__(self, name):
        return getattr(requests, name)

    def post(self, *args, **kwargs):
        answer = requests.post(*args, **kwargs)
        if answer.status_code == 200:
            try:
                data = answer.json()
            except ValueError:
                data = {}
            code = data.get("errcode", data.get("code", 0)) if isinstance(data, dict) else 0
            if code not in (0, "0", None):
                said = data.get("errmsg") or data.get("msg") or ""
                # on apprise's logger, so that `notify` keeps the vendor's words
                logging.getLogger("apprise").warning("%s %s", code, said)
                answer.status_code = 502
                answer.reason = f"errcode {code}: {said}"[:200]
        return answer


for _plugin in (wecombot, dingtalk, feishu):
    _plugin.requests = VendorAnswers()


def robot_url(robot, key):
    token = quote(robot.token.strip(), safe="")
    if robot.kind in (RobotKind.WECOM, RobotKind.GOVWECOM):
        return f"wecombot://{token}"
    if robot.kind == RobotKind.DINGTALK:
        secret = f"{quote(robot.secret.strip(), safe='')}@" if robot.secret.strip() else ""
        return f"dingtalk://{secret}{token}/"
    if robot.kind == RobotKind.FEISHU:
        return f"feishu://{token}"
    # the generic webhook: its own http(s) address, posted as apprise's JSON
    parts = urlsplit(robot.token.strip())
    scheme = {"http": "json", "https": "jsons"}.get(parts.scheme)
    if scheme is None or not parts.netloc:
        raise SendError("通用Webhook须填写完整的http(s)网址", permanent=True)
    query = f"{parts.query}&" if parts.query else ""
    return f"{scheme}://{parts.netloc}{parts.path}?{query}+Idempotency-Key={quote(key, safe='')}"


def base_of(robot):
    official = VENDOR_PATHS.get(robot.kind, ("", ""))[0]
    base = (robot.base_url or settings.NOTICE_ROBOT_BASE_URLS.get(robot.kind) or official).rstrip(
        "/"
    )
    if robot.kind in VENDOR_PATHS and not base:
        raise SendError("政务微信机器人须填写服务地址", permanent=True)
    return base


def send_robot(robot, title, body, key):
    url = robot_url(robot, key)
    if robot.kind not in VENDOR_PATHS:
        return notify(url, title, body)
    base, path = base_of(robot), VENDOR_PATHS[robot.kind][1]

    def at_base(plugin):
        if robot.kind in (RobotKind.WECOM, RobotKind.GOVWECOM):
            plugin.api_url = base + path.format(key=quote(robot.token.strip(), safe=""))
        else:
            plugin.notify_url = base + path  # the plugin fills in its token

    notify(url, title, body, adjust=at_base)

import pytest

from tests.notifications.fakes import Gateway, Mailbox, Robots
from tests.pipelines.conftest import prefect_server  # noqa: F401 — a real Prefect test server


@pytest.fixture
def mailbox(settings):
    """An SMTP server on 127.0.0.1 that notices' e-mails go to; retries come at once."""
    box = Mailbox()
    box.start()
    settings.NOTICE_EMAIL = {
        "CONSOLE": False, "HOST": "127.0.0.1", "PORT": box.port, "USER": "", "PASSWORD": "",
        "MODE": "insecure", "FROM": "gongkai@zhanjiang.gov.cn",
    }  # fmt: skip
    settings.NOTICE_RETRY_SECONDS = 0
    yield box
    box.stop()


@pytest.fixture
def robots():
    service = Robots()
    service.start()
    yield service
    service.release.set()
    service.stop()


@pytest.fixture
def gateway(settings):
    service = Gateway()
    service.start()
    settings.SMS_GATEWAY = {
        "URL": f"{service.base}/sms/send", "TOKEN": service.token, "SIGN": "湛江市政府",
        "TEMPLATE": "SMS_0001", "TIMEOUT": 2,
    }  # fmt: skip
    yield service
    service.release.set()
    service.stop()

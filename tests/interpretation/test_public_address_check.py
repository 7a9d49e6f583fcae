"""`manage.py check --deploy` warns when the address printed into QR codes is not public: a
printed infographic pointing to 127.0.0.1 cannot be corrected afterwards."""

import pytest

from tests.web.test_settings import PRODUCTION, manage
from web.checks import check_public_base_url

LOCAL = [
    "",
    "http://127.0.0.1:8000",
    "http://127.0.1.1",
    "http://localhost:8000/",
    "http://[::1]:8000",
    "http://10.1.2.3",
    "http://172.16.0.9:8080",
    "https://192.168.1.20",
    "http://zhengwu",
    "http://gongkai.local",
    "gongkai.zhanjiang.gov.cn",  # no scheme: not a link a phone can open
]


@pytest.mark.parametrize("address", LOCAL)
def test_a_local_or_private_public_address_is_warned_about(settings, address):
    settings.PUBLIC_BASE_URL = address
    (warning,) = check_public_base_url()
    assert warning.id == "web.W001"
    assert "PUBLIC_BASE_URL" in warning.msg and "QR" in warning.msg
    assert "PUBLIC_BASE_URL=https://" in warning.hint


@pytest.mark.parametrize(
    "address", ["https://gongkai.zhanjiang.gov.cn", "https://www.zhanjiang.gov.cn/gongkai"]
)
def test_a_public_address_passes(settings, address):
    settings.PUBLIC_BASE_URL = address
    assert check_public_base_url() == []


def test_check_deploy_fails_on_the_development_default(tmp_path):
    environment = {key: value for key, value in PRODUCTION.items() if key != "PUBLIC_BASE_URL"}
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, **environment
    )
    assert result.returncode != 0
    assert "web.W001" in result.stderr and "127.0.0.1" in result.stderr
    # only a deployment check: development runs are not nagged
    plain = manage("check", tmp_path=tmp_path, **environment)
    assert "web.W001" not in plain.stdout + plain.stderr

"""Signing in with the province is configured from the environment like everything else: a
half-made configuration stops start-up with one line naming what is missing."""

from tests.web.test_settings import PRODUCTION, manage

PROVINCE = {
    "OIDC_ISSUER": "https://sso.gd.gov.cn/oidc",
    "OIDC_RP_CLIENT_ID": "gongkai-zhanjiang",
    "OIDC_RP_CLIENT_SECRET": "s3cret",
}


def test_production_with_the_province_passes_the_deployment_checklist(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, **PRODUCTION, **PROVINCE
    )
    assert result.returncode == 0, result.stderr


def test_an_issuer_without_the_client_registration_is_a_one_line_error(tmp_path):
    result = manage("check", tmp_path=tmp_path, DEBUG="true", OIDC_ISSUER=PROVINCE["OIDC_ISSUER"])
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "OIDC_RP_CLIENT_ID and OIDC_RP_CLIENT_SECRET" in result.stderr


def test_linking_by_an_unknown_field_is_a_one_line_error(tmp_path):
    result = manage("check", tmp_path=tmp_path, DEBUG="true", **PROVINCE, OIDC_LINK_FIELD="phone")
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "OIDC_LINK_FIELD: username or email" in result.stderr

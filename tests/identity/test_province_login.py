"""Signing in with the province's identity (省统一身份认证), against a real OpenID Connect
provider on 127.0.0.1 (tests/identity/provider.py): a person the office provisioned signs
in and lands where they were going; an account the office never opened, a stopped person, a
replayed or forged answer are refused on the login page with the reason in Chinese, and the
audit log has each; nobody is ever created; the password form keeps working."""

import time

import pytest
import requests
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice

from base.audit.models import AuditRecord
from base.organisation.models import Person, ProviderAccount
from tests.factories import PersonFactory
from tests.identity.conftest import LOGIN, START, at_provider, sign_in
from tests.identity.provider import rsa_key

pytestmark = pytest.mark.django_db
MY_WORK = "/staff/work/mine/"


def linked(person, provider, subject="gd-0001"):
    return ProviderAccount.objects.create(person=person, issuer=provider.issuer, subject=subject)


def refusal_on_login_page(client, answer):
    """The login page the refused person is sent back to, and its message."""
    assert answer.status_code == 302 and answer["Location"].startswith(LOGIN)
    page = client.get(answer["Location"])
    assert page.status_code == 200
    assert client.get(MY_WORK).status_code == 302  # not signed in
    return page.content.decode()


def test_a_linked_person_signs_in_and_lands_where_they_were_going(provider):
    person = PersonFactory(username="wangfang")
    linked(person, provider)
    client = Client()
    answer = sign_in(client, provider)
    assert answer.status_code == 302 and answer["Location"] == MY_WORK
    assert client.get(MY_WORK).status_code == 200
    record = AuditRecord.objects.get(action="login.province")
    assert record.actor == person
    assert record.details["sub"] == "gd-0001" and record.details["linked"] is False
    assert ProviderAccount.objects.get().last_login is not None


def test_the_first_sign_in_links_the_person_the_configured_claim_names(provider, settings):
    settings.OIDC_LINK_CLAIM = "preferred_username"
    person = PersonFactory(username="wangfang")
    provider.account = {"sub": "gd-0042", "preferred_username": "wangfang", "name": "王芳"}
    assert sign_in(Client(), provider)["Location"] == MY_WORK
    account = ProviderAccount.objects.get()
    assert (account.person, account.issuer, account.subject) == (person, provider.issuer, "gd-0042")
    assert AuditRecord.objects.get(action="login.province").details["linked"] is True

    # from now on the sub decides, whatever the account is called at the provider
    provider.account = {"sub": "gd-0042", "preferred_username": "fang.wang"}
    assert sign_in(Client(), provider)["Location"] == MY_WORK
    # and another provincial account naming the same person is not linked to it as well
    provider.account = {"sub": "gd-9999", "preferred_username": "wangfang"}
    client = Client()
    page = refusal_on_login_page(client, sign_in(client, provider))
    assert "已关联另一个统一身份认证账号" in page
    assert ProviderAccount.objects.count() == 1


def test_linking_by_e_mail_needs_an_address_the_provider_verified(provider, settings):
    settings.OIDC_LINK_CLAIM, settings.OIDC_LINK_FIELD = "email", "email"
    PersonFactory(username="lihua", email="LiHua@zhanjiang.gov.cn")
    provider.account = {"sub": "gd-7", "email": "lihua@zhanjiang.gov.cn", "email_verified": False}
    client = Client()
    assert "尚未开通本平台的使用权限" in refusal_on_login_page(client, sign_in(client, provider))
    provider.account["email_verified"] = True
    assert sign_in(Client(), provider)["Location"] == MY_WORK
    assert ProviderAccount.objects.get().person.username == "lihua"


def test_an_account_the_office_never_opened_is_refused_and_nobody_is_created(provider, settings):
    settings.OIDC_LINK_CLAIM = "preferred_username"
    provider.account = {"sub": "gd-5555", "preferred_username": "stranger", "name": "陌生人"}
    people = Person.objects.count()
    client = Client()
    page = refusal_on_login_page(client, sign_in(client, provider))
    assert "您的统一身份认证账号尚未开通本平台的使用权限" in page
    assert "使用省统一身份认证登录" in page  # the button is there to try again
    assert Person.objects.count() == people and not ProviderAccount.objects.exists()
    record = AuditRecord.objects.get(action="login.province_refused")
    assert record.actor is None and record.actor_name == "province-login"
    assert record.details["reason"] == "unknown"
    assert record.details["sub"] == "gd-5555"
    assert record.details["preferred_username"] == "stranger"
    # the message is shown once
    assert "尚未开通" not in client.get(LOGIN).content.decode()


@pytest.mark.parametrize("how", ["linked", "by_claim"])
def test_a_stopped_person_is_refused(provider, settings, how):
    settings.OIDC_LINK_CLAIM = "preferred_username"
    person = PersonFactory(username="retired", is_active=False)
    if how == "linked":
        linked(person, provider)
    provider.account = {"sub": "gd-0001", "preferred_username": "retired"}
    client = Client()
    assert "账号已停用" in refusal_on_login_page(client, sign_in(client, provider))
    record = AuditRecord.objects.get(action="login.province_refused")
    assert record.details["reason"] == "inactive" and record.object_id == str(person.pk)
    assert ProviderAccount.objects.count() == (1 if how == "linked" else 0)


def test_a_person_stopped_while_signed_in_is_signed_out(provider):
    person = PersonFactory()
    linked(person, provider)
    client = Client()
    sign_in(client, provider)
    assert client.get(MY_WORK).status_code == 200
    Person.objects.filter(pk=person.pk).update(is_active=False)
    assert client.get(MY_WORK).status_code == 302


def test_an_answer_is_used_once_and_a_forged_state_is_refused(provider):
    linked(PersonFactory(), provider)
    client = Client()
    back = at_provider(client, provider)
    assert client.get(back)["Location"] == MY_WORK
    client.logout()
    again = client.get(back)  # the same answer replayed
    assert "登录请求已失效" in refusal_on_login_page(client, again)

    provider.tamper = {"state": "forged-state"}
    other = Client()
    assert "登录请求已失效" in refusal_on_login_page(other, sign_in(other, provider))
    # and a callback nobody started
    stranger = Client()
    page = refusal_on_login_page(stranger, stranger.get(START + "callback/?code=x&state=y"))
    assert "登录请求已失效" in page
    # nobody the provider vouched for: the log has these, the audit log (kept forever, and
    # the callback is anyone's to call) does not
    assert (
        not AuditRecord.objects.filter(action__startswith="login.province")
        .exclude(action="login.province")
        .exists()
    )


@pytest.mark.parametrize(
    "tamper",
    [
        {"claims": {"nonce": "another-nonce"}},
        {"claims": {"aud": "another-client"}},
        {"claims": {"iss": "https://elsewhere.example"}},
        {"claims": {"exp": 1000}},  # long expired
        {"key": rsa_key()},  # signed with a key that is not the provider's
        {"userinfo": {"sub": "gd-0002"}},  # userinfo about someone else
    ],
    ids=["nonce", "audience", "issuer", "expired", "key", "userinfo"],
)
def test_an_answer_that_does_not_check_out_is_refused(provider, tamper):
    linked(PersonFactory(), provider)
    provider.tamper = tamper
    client = Client()
    assert "未能通过核验" in refusal_on_login_page(client, sign_in(client, provider))
    assert not AuditRecord.objects.filter(action__startswith="login.province").exists()


def test_a_provider_whose_clock_runs_a_little_ahead_is_believed(provider):
    linked(PersonFactory(), provider)
    provider.tamper = {"claims": {"iat": int(time.time()) + 30}}
    assert sign_in(Client(), provider)["Location"] == MY_WORK


def test_a_person_who_declines_at_the_provider_is_told_so(provider):
    provider.tamper = {"deny": True}
    client = Client()
    page = refusal_on_login_page(client, sign_in(client, provider))
    assert "未完成统一身份认证登录（access_denied）" in page


def test_a_made_up_error_text_never_reaches_the_login_page(provider):
    """Only a code of an answer this browser asked for is shown: a link with its own text
    cannot put words on the site's login page."""
    said = "请拨打0759-0000000核实身份"
    client = Client()
    page = refusal_on_login_page(client, client.get(f"{START}callback/?error={said}&state=x"))
    assert said not in page and "登录请求已失效" in page
    provider.tamper = {"deny": True}
    back = at_provider(client, provider).replace("access_denied", said)
    page = refusal_on_login_page(client, client.get(back))
    assert said not in page and "未完成统一身份认证登录（-）" in page


def test_a_provider_out_of_reach_is_a_message_not_an_error(provider, settings):
    settings.OIDC_ISSUER = "http://127.0.0.1:9"  # nothing listens there
    client = Client()
    answer = client.get(START + "?next=/staff/work/mine/")
    assert answer.status_code == 302
    assert answer["Location"] == f"{LOGIN}?next=%2Fstaff%2Fwork%2Fmine%2F"
    assert "暂时无法连接省统一身份认证服务" in client.get(answer["Location"]).content.decode()


def test_the_login_page_offers_the_province_keeping_where_the_person_was_going(provider):
    page = Client().get(f"{LOGIN}?next=/staff/work/mine/").content.decode()
    assert "使用省统一身份认证登录" in page
    assert f'href="{START}?next=%2Fstaff%2Fwork%2Fmine%2F"' in page
    # a next pointing elsewhere is not followed after the provider
    leaving = Client().get(START + "?next=https://evil.example/")
    back = requests.get(leaving["Location"], allow_redirects=False, timeout=10)
    assert "evil" not in back.headers["Location"]


def test_switched_off_there_is_no_button_and_no_page(settings):
    settings.OIDC_ENABLED, settings.OIDC_ISSUER = False, ""
    client = Client()
    assert "使用省统一身份认证登录" not in client.get(LOGIN).content.decode()
    assert client.get(START).status_code == 404
    assert client.get(START + "callback/?code=x&state=y").status_code == 404


def test_local_accounts_still_sign_in_with_a_password(provider):
    PersonFactory(username="drafter1")
    client = Client()
    answer = client.post(LOGIN, {"username": "drafter1", "password": "secret-password"})
    assert answer.status_code == 302
    assert client.get(MY_WORK).status_code == 200
    assert provider.requests == []  # the provider was not asked


def test_refused_provincial_accounts_do_not_lock_the_office_out_of_the_password_form(
    provider, settings
):
    settings.LOGIN_FAILURE_LIMIT = settings.AXES_FAILURE_LIMIT = 2
    provider.account = {"sub": "gd-5555"}
    for _ in range(4):
        client = Client()
        refusal_on_login_page(client, sign_in(client, provider))
    PersonFactory(username="clerk1")
    answer = Client().post(LOGIN, {"username": "clerk1", "password": "secret-password"})
    assert answer.status_code == 302


def test_an_administrator_still_gives_the_second_factor(provider, settings):
    settings.TWO_FACTOR_ADMINISTRATORS = True
    admin = PersonFactory(username="sysadmin", is_staff=True, is_superuser=True, unit=None)
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    linked(admin, provider)
    client = Client()
    assert sign_in(client, provider)["Location"] == MY_WORK
    held = client.get(MY_WORK)
    assert held.status_code == 302 and held["Location"].startswith("/staff/accounts/two-factor/")
    assert client.get("/admin/").status_code == 302


def test_an_administrator_sees_and_edits_a_persons_provincial_account_in_the_admin(provider):
    person = PersonFactory(username="wangfang")
    linked(person, provider, subject="gd-0042")
    admin = PersonFactory(username="sysadmin", is_staff=True, is_superuser=True, unit=None)
    client = Client()
    client.force_login(admin)
    page = client.get(f"/admin/organisation/person/{person.pk}/change/").content.decode()
    assert "统一身份认证账号" in page and 'value="gd-0042"' in page

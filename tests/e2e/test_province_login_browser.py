"""Signing in with the province's identity in a real Chromium: the login page offers
使用省统一身份认证登录 beside the password form; the browser goes to the provider on 127.0.0.1
and comes back signed in, on the page it was going to; an account the office never opened
comes back to the login page with the reason. Screenshots go to test-artifacts/e2e/."""

import re

from playwright.sync_api import expect

from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, ProviderAccount
from tests.e2e.test_interpretation_browser import ARTIFACTS, browser  # noqa: F401
from tests.identity.conftest import provider  # noqa: F401

LOGIN = "/staff/accounts/login/?next=/staff/work/mine/"
REFUSED_AT = "/staff/accounts/login/?next=%2Fstaff%2Fwork%2Fmine%2F"
BUTTON = re.compile("使用省统一身份认证登录|Sign in with provincial ID")


def test_a_clerk_signs_in_with_the_province_and_a_stranger_is_told_why_not(
    live_server,
    browser,  # noqa: F811
    provider,  # noqa: F811
):
    load_units_and_people()
    clerk = Person.objects.get(username="clerk")
    ProviderAccount.objects.create(person=clerk, issuer=provider.issuer, subject="gd-0001")

    for locale, viewport, name in (
        ("zh-CN", (1366, 768), "60-province-login-zh.png"),
        ("en-US", (390, 844), "61-province-login-en.png"),
    ):
        context = browser.new_context(
            locale=locale, viewport={"width": viewport[0], "height": viewport[1]}
        )
        page = context.new_page()
        page.goto(live_server.url + LOGIN)
        page.wait_for_load_state("networkidle")
        button = page.get_by_role("link", name=BUTTON)
        expect(button).to_be_visible()
        expect(page.locator("input[name=password]")).to_be_visible()  # the local form stays
        page.screenshot(path=ARTIFACTS / name, full_page=True)
        context.close()

    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(live_server.url + LOGIN)
    page.get_by_role("link", name=BUTTON).click()
    expect(page).to_have_url(f"{live_server.url}/staff/work/mine/")
    assert ("GET", "/authorize") in provider.requests  # it really went to the provider
    page.screenshot(path=ARTIFACTS / "62-province-signed-in.png", full_page=True)
    context.close()

    provider.account = {"sub": "gd-5555", "name": "陌生人"}
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(live_server.url + LOGIN)
    page.get_by_role("link", name=BUTTON).click()
    expect(page).to_have_url(f"{live_server.url}{REFUSED_AT}")
    expect(page.get_by_role("alert")).to_contain_text("尚未开通本平台的使用权限")
    page.screenshot(path=ARTIFACTS / "63-province-refused-zh.png", full_page=True)
    context.close()

"""Dates survive a save nobody meant to change them: the drafter opens the draft of a package
whose 施行日期 and 有效期至 are set and saves it untouched, in Chinese and in English; both
dates are still there. (The date picker shows only ISO values: written 2026/07/01, as
zh-hans formats dates, it showed nothing and the save blanked them.)"""

from datetime import date

import pytest
from playwright.sync_api import expect

from base.organisation.demo import load_units_and_people
from interpretation.models import PolicyDocument
from tests.e2e.test_interpretation_browser import Desk, browser  # noqa: F401
from workflows.interpretation.demo import NUMBER, load_demo_package

START, END = date(2026, 7, 1), date(2031, 6, 30)


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_saving_a_draft_untouched_keeps_its_dates(live_server, browser, locale):  # noqa: F811
    load_units_and_people()
    load_demo_package(until="draft")
    PolicyDocument.objects.filter(number=NUMBER).update(effective_from=START, expires_on=END)
    title = PolicyDocument.objects.get(number=NUMBER).title

    drafter = Desk(browser, live_server.url, "drafter", locale=locale)
    drafter.open("/staff/policy/interpretation/inbox/")
    drafter.click(drafter.task_link(NUMBER), r"/draft/\d+/")
    if not drafter.page.url.endswith("/execute/"):
        drafter.click(drafter.page.locator("a[href$='/execute/']").first, r"/execute/$")
    page = drafter.page
    expect(page.locator("input[name='document-effective_from']")).to_have_value("2026-07-01")
    expect(page.locator("input[name='document-expires_on']")).to_have_value("2031-06-30")
    drafter.click(page.locator("button[name=save]"), r"/draft/\d+/execute/$|/inbox/$")
    drafter.shot(f"51-draft-saved-{locale}.png")

    document = PolicyDocument.objects.get(number=NUMBER)
    assert (document.effective_from, document.expires_on) == (START, END)
    assert document.title == title  # the rest of the draft is there too

"""The demo package 湛府办〔2018〕22号, submitted by its drafter and signed off by the unit
leader in a real Chromium.

The HTTP tests in tests/workflows post form fields by name; they cannot see what viewflow's
JavaScript (web components, Turbo) does to the page. This test clicks through the staff site as
the drafter and the leader would, so a field that never reaches the browser, a button that does
nothing or a page in the wrong language shows up here. Screenshots of each milestone go to
test-artifacts/e2e/ for a person to look at.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect, sync_playwright
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from base.organisation.demo import DEMO_PASSWORD, load_units_and_people
from interpretation.models import PolicyDocument, Review
from workflows.interpretation.demo import NUMBER, load_demo_package
from workflows.interpretation.flows import InterpretationFlow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
    "--no-first-run", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "e2e"
OPEN = [STATUS.NEW, STATUS.ASSIGNED]


def open_tasks(document, step):
    return Task.objects.filter(
        process__artifact_object_id=document.pk,
        flow_task=getattr(InterpretationFlow, step),
        status__in=OPEN,
    )


class Desk:
    """One person's browser context on the live server."""

    def __init__(self, browser, base_url, username, locale="zh-CN"):
        self.base_url = base_url
        self.context = browser.new_context(locale=locale, viewport={"width": 1400, "height": 900})
        self.page = self.context.new_page()
        self.page.goto(f"{base_url}/staff/accounts/login/")
        self.page.wait_for_load_state("networkidle")  # viewflow's fields are web components
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", DEMO_PASSWORD)
        self.page.click("button[type=submit]")
        expect(self.page, f"{username} could not log in").not_to_have_url(re.compile("/login/"))

    def open(self, path):
        self.page.goto(self.base_url + path)

    def click(self, locator, lands_on):
        """Clicks and waits until Turbo has shown the page whose path matches `lands_on`."""
        locator.click()
        expect(self.page).to_have_url(re.compile(lands_on))
        self.page.wait_for_load_state("networkidle")

    def notice(self, text):
        """viewflow's snackbar, once it has finished sliding in (for the screenshot)."""
        snackbar = self.page.locator(".mdc-snackbar--open:not(.mdc-snackbar--opening)")
        expect(snackbar).to_contain_text(text)

    def task_link(self, text):
        return self.page.locator("table tr", has_text=text).get_by_role("link").first

    def shot(self, name):
        self.page.screenshot(path=ARTIFACTS / name, full_page=True)


@pytest.fixture
def browser():
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: install Debian's chromium package"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def test_drafter_submits_and_leader_approves_in_the_browser(live_server, browser):
    load_units_and_people()
    load_demo_package(until="draft")
    document = PolicyDocument.objects.get(number=NUMBER)

    # the drafter finds the package in the inbox and submits it as the demo filled it in
    drafter = Desk(browser, live_server.url, "drafter")
    drafter.open("/staff/policy/interpretation/inbox/")
    drafter.shot("01-drafter-inbox.png")
    drafter.click(drafter.task_link(NUMBER), r"/draft/\d+/")
    if not drafter.page.url.endswith("/execute/"):  # a task detail page: take and execute it
        drafter.click(drafter.page.locator("a[href$='/execute/']").first, r"/execute/$")
    page = drafter.page
    expect(page.locator("input[name='document-number']")).to_have_value(NUMBER)
    drafter.shot("02-draft-form.png")
    expect(
        page.locator("#id_material-forms"),
        "the 解读形式 field (文字解读, 图文/图解, 问答 chosen by the demo) is not shown",
    ).to_contain_text("文字解读")
    drafter.click(page.locator("button[name=submit]"), r"/inbox/$")
    drafter.notice("已提交审核（第1版）")
    drafter.shot("03-submitted.png")
    assert document.versions.count() == 1
    assert open_tasks(document, "sign_off").exists()
    drafter.context.close()

    # the leader takes the sign-off task from the queue and approves the package
    leader = Desk(browser, live_server.url, "leader")
    leader.open("/staff/policy/interpretation/queue/")
    leader.shot("04-leader-queue.png")
    leader.click(leader.task_link(NUMBER), r"/sign_off/\d+/assign/$")
    leader.click(leader.page.locator("button[name=_continue]"), r"/sign_off/\d+/execute/$")
    page = leader.page
    leader.shot("05-review-page.png")
    for text in [document.title, "解读材料", "24"]:
        expect(page.locator("main")).to_contain_text(text)
    expect(page.locator(".package-figures")).to_contain_text("24小时")
    page.get_by_label("同意").check()
    leader.click(page.get_by_role("button", name="提交意见"), r"/queue/$")
    leader.notice("已办理：同意")
    leader.shot("06-approved.png")
    assert Review.objects.filter(document=document, step="sign_off", decision="approve").exists()
    assert not open_tasks(document, "sign_off").exists()
    assert open_tasks(document, "openness_review").exists()

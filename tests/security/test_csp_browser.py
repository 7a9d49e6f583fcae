"""The Content-Security-Policy allows no inline script and no eval (web/settings.py): the staff
site, the admin and the portal must still work under it in a real browser. Headless Chromium
opens their pages as the people who use them (logging in through the login form, following
links as Turbo does, ticking a review decision in viewflow's web components) and the page
reports every policy violation; there must be none."""

import os
import re
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import expect, sync_playwright
from viewflow.workflow.models import Task

from base.organisation.demo import DEMO_PASSWORD
from tests.security.world import build

# Playwright's sync API runs an event loop in the test thread (as in tests/e2e)
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
    "--no-first-run", "--disable-component-update", "--disable-sync",
]  # fmt: skip
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__violations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile}:${event.lineNumber}`
  );
});
"""


class Visitor:
    """One person's browser context; collects the policy violations of every page it opens."""

    def __init__(self, browser, base_url, problems, username=None, password=DEMO_PASSWORD):
        self.base_url, self.problems = base_url, problems
        self.context = browser.new_context(locale="zh-CN", viewport={"width": 1400, "height": 900})
        self.context.add_init_script(WATCH)
        self.page = self.context.new_page()
        self.page.on("console", self.console)
        self.page.on("pageerror", lambda error: problems.append(f"{self.page.url}: {error}"))
        self.who = username or "anonymous"
        if username:
            self.open("/staff/accounts/login/")
            self.page.fill("input[name=username]", username)
            self.page.fill("input[name=password]", password)
            self.page.click("button[type=submit]")
            expect(self.page).not_to_have_url(re.compile("/login/"), timeout=30_000)
            self.settle()

    def console(self, message):
        text = message.text
        if "Content Security Policy" in text or "Refused to" in text:
            self.problems.append(f"{self.who} {self.page.url}: {text}")

    def settle(self):
        self.page.wait_for_load_state("networkidle")
        for violation in self.page.evaluate("window.__violations || []"):
            self.problems.append(f"{self.who} {self.page.url}: {violation}")
        self.page.evaluate("window.__violations = []")

    def open(self, path, status=200):
        response = self.page.goto(self.base_url + path)
        assert response.status == status, (self.who, path, response.status)
        policy = response.headers.get("content-security-policy", "")
        assert re.search(r"(^|;)\s*script-src 'self'\s*(;|$)", policy), policy
        self.settle()

    def click(self, locator, lands_on):
        locator.click()
        expect(self.page).to_have_url(re.compile(lands_on), timeout=30_000)
        self.settle()

    def close(self):
        self.context.close()


@pytest.fixture
def browser():
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: install Debian's chromium package"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def task_of(process, node):
    return next(
        task
        for task in Task.objects.filter(process=process, status="NEW")
        if task.flow_task.name == node
    )


def test_the_site_works_in_chromium_without_a_policy_violation(
    live_server, browser, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    world = build()
    problems = []
    base = live_server.url
    in_review = world.items["package_in_review"]
    item = world.items["item_in_progress"]
    policy = world.publications["package_published"]
    reply = world.publications["item_closed"]

    public = Visitor(browser, base, problems)
    public.open("/")
    public.click(public.page.locator("nav a[href$='/policies/']").first, r"/policies/$")
    for path in [
        reverse("portal:policies"),
        reverse("portal:policy", args=[policy.source_id]),
        reverse("portal:interpretation", args=[policy.source_id]),
        reverse("portal:replies"),
        reverse("portal:reply", args=[reply.source_id]),
        reverse("portal:search") + "?q=教育",
        reverse("proposer_feedback", args=[world.feedback_token]),
        reverse("portal:apply"),
        "/admin/login/",
    ]:
        public.open(path)
    # the watch works: an inline script is refused and reported (then forgotten)
    before = len(problems)
    public.page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.__ran = 1'; document.body.appendChild(s); }"
    )
    assert public.page.evaluate("window.__ran") is None
    assert any("script-src" in v for v in public.page.evaluate("window.__violations"))
    public.page.evaluate("window.__violations = []")
    expect(public.page).to_have_title(re.compile("."))  # let the console message arrive
    assert any("Content Security Policy" in line for line in problems[before:])
    del problems[before:]
    public.close()

    drafter = Visitor(browser, base, problems, "edu-drafter", "secret-password")
    interpretation = "/staff/policy/interpretation/"
    for path in ["", "inbox/", "queue/", "archive/", "tasks/", "flows/", "start/", "chart/"]:
        drafter.open(interpretation + path)
    drafter.open(f"{interpretation}{in_review.pk}/chart/")
    drafter.open(f"{interpretation}{in_review.pk}/")
    # through the menu, as Turbo follows a link
    drafter.click(drafter.page.get_by_role("link", name=re.compile("已接手")).first, r"/inbox/$")
    drafter.close()

    reviewer = Visitor(browser, base, problems, "reviewer")
    task = task_of(in_review, "openness_review")
    reviewer.open(f"{interpretation}{in_review.pk}/openness_review/{task.pk}/assign/")
    reviewer.click(reviewer.page.locator("button[name=_continue]"), r"/execute/$")
    reviewer.page.get_by_label("同意").first.check()
    expect(reviewer.page.get_by_label("同意").first).to_be_checked()
    reviewer.settle()
    reviewer.open("/staff/publications/")
    reviewer.open(reverse("staff:applications:register:index"))
    reviewer.open(reverse("staff:applications:application:index"))
    reviewer.close()

    checker = Visitor(browser, base, problems, "checker")
    task = task_of(item, "check")
    proposals = "/staff/proposals/proposal/"
    checker.open(f"{proposals}{item.pk}/check/{task.pk}/assign/")
    checker.click(checker.page.locator("button[name=_continue]"), r"/execute/$")
    checker.open(f"{proposals}{item.pk}/")
    checker.close()

    clerk = Visitor(browser, base, problems, "clerk")
    for path in ["/staff/proposals/board/", "/staff/proposals/import/", proposals, "queue/"]:
        clerk.open(path if path.startswith("/") else proposals + path)
    clerk.open("/staff/supervision/board/")
    clerk.close()

    admin = Visitor(browser, base, problems, "admin")
    admin.open("/admin/")
    admin.open("/admin/organisation/unit/")
    unit = world.people["handler"].unit
    admin.open(f"/admin/organisation/unit/{unit.pk}/change/")
    admin.open(f"/admin/organisation/person/{world.people['drafter'].pk}/change/")
    admin.close()

    assert not problems, "\n".join(problems)

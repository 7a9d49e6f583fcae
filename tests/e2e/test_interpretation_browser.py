"""The demo package 湛府办〔2018〕22号, submitted by its drafter and signed off by the unit
leader in a real Chromium.

The HTTP tests in tests/workflows post form fields by name; they cannot see what viewflow's
JavaScript (web components, Turbo) does to the page. This test clicks through the staff site as
the drafter and the leader would, so a field that never reaches the browser, a button that does
nothing or a page in the wrong language shows up here. Screenshots of each milestone go to
test-artifacts/e2e/ for a person to look at.
"""

import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import expect, sync_playwright
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from base.organisation.demo import DEMO_PASSWORD, load_units_and_people
from base.organisation.models import Person
from interpretation.models import PolicyDocument, Review
from workflows.interpretation.demo import NUMBER, keep_office_numbers, load_demo_package, take
from workflows.interpretation.flows import InterpretationFlow

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic",
    "--no-first-run", "--disable-component-update", "--disable-sync",
]  # fmt: skip
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "e2e"
OPEN = [STATUS.NEW, STATUS.ASSIGNED]
STEPS = ("sign_off", "openness_review", "legal_review", "issue")


def open_tasks(document, step):
    return Task.objects.filter(
        process__artifact_object_id=document.pk,
        flow_task=getattr(InterpretationFlow, step),
        status__in=OPEN,
    )


class Desk:
    """One person's browser context on the live server."""

    def __init__(self, browser, base_url, username, locale="zh-CN", viewport=(1366, 768)):
        self.base_url = base_url
        width, height = viewport
        self.context = browser.new_context(
            locale=locale, viewport={"width": width, "height": height}
        )
        self.page = self.context.new_page()
        self.traffic = []  # what the page asked and heard, for a failure's message
        self.page.on("request", lambda r: self.traffic.append(f"→ {r.method} {r.url}"))
        self.page.on("response", lambda r: self.traffic.append(f"← {r.status} {r.url}"))
        self.page.on("requestfailed", lambda r: self.traffic.append(f"✗ {r.url} {r.failure}"))
        self.page.on("console", lambda m: self.traffic.append(f"console {m.type}: {m.text}"))
        self.page.on("pageerror", lambda e: self.traffic.append(f"page error: {e}"))
        self.page.goto(f"{base_url}/staff/accounts/login/")
        self.page.wait_for_load_state("networkidle")  # viewflow's fields are web components
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", DEMO_PASSWORD)
        self.page.click("button[type=submit]")
        expect(self.page, f"{username} could not log in").not_to_have_url(re.compile("/login/"))
        self.page.wait_for_load_state("networkidle")  # the home page, before anything is clicked

    def open(self, path):
        self.page.goto(self.base_url + path)

    def click(self, locator, lands_on):
        """Clicks and waits until Turbo has shown the page whose path matches `lands_on`. A
        page that stays says what the browser sent and received after the click."""
        before = len(self.traffic)
        locator.click()
        try:
            expect(self.page).to_have_url(re.compile(lands_on))
        except AssertionError as error:
            after = "\n".join(self.traffic[before:]) or "nothing"
            raise AssertionError(f"{error}\nafter the click the page had:\n{after}") from None
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


# what each language's pages say at the milestones of the walk
WORDS = {
    "zh-CN": {
        "forms": "文字解读", "approve": "同意", "decide": "提交意见",
        "submitted": "已提交审核（第1版）。", "approved": "已办理：同意。",
        "next_sign_off": "下一步：单位负责人审签（湛江市人民政府办公室·单位负责人）。",
        "next_review": "下一步：公开审查（政府办公室·公开审查员）。",
        "figures": "24小时",
    },
    "en-US": {
        "forms": "Written interpretation", "approve": "Approve", "decide": "Submit decision",
        "submitted": "Submitted for review (version 1).", "approved": "Done: Approve.",
        "next_sign_off": "Next: Unit leader sign-off (湛江市人民政府办公室·Unit leader).",
        "next_review": "Next: Openness review (Government general office·Openness reviewer).",
        "figures": "24小时",
    },
}  # fmt: skip


@pytest.mark.parametrize("locale", WORDS)
def test_drafter_submits_and_leader_approves_from_my_work(live_server, browser, locale):
    """Each person starts from 我的待办 and comes back to it, told who has the work next."""
    words, tag = WORDS[locale], locale[:2]
    load_units_and_people()
    load_demo_package(until="draft")
    document = PolicyDocument.objects.get(number=NUMBER)

    drafter = Desk(browser, live_server.url, "drafter", locale)
    expect(drafter.page).to_have_url(re.compile("/staff/work/mine/$"))  # the staff home
    drafter.shot(f"01-{tag}-drafter-my-work.png")
    drafter.click(drafter.task_link(NUMBER), r"/draft/\d+/execute/$")  # theirs already
    page = drafter.page
    expect(page.locator("input[name='document-number']")).to_have_value(NUMBER)
    drafter.shot(f"02-{tag}-draft-form.png")
    expect(
        page.locator("#id_material-forms"),
        "the 解读形式 field (文字解读, 图文/图解, 问答 chosen by the demo) is not shown",
    ).to_contain_text(words["forms"])
    drafter.click(page.locator("button[name=submit]"), r"/staff/work/mine/$")
    expect(page.locator("#mw-done")).to_contain_text(words["submitted"])
    expect(page.locator("#mw-done")).to_contain_text(words["next_sign_off"])
    drafter.shot(f"03-{tag}-submitted.png")
    assert document.versions.count() == 1
    assert open_tasks(document, "sign_off").exists()
    drafter.context.close()

    leader = Desk(browser, live_server.url, "leader", locale)
    expect(leader.page.locator("#mw-work")).to_contain_text(NUMBER)
    leader.shot(f"04-{tag}-leader-my-work.png")
    leader.click(leader.task_link(NUMBER), r"/sign_off/\d+/assign/$")
    leader.click(leader.page.locator("button[name=_continue]"), r"/sign_off/\d+/execute/$")
    page = leader.page
    leader.shot(f"05-{tag}-review-page.png")
    for text in [document.title, "24"]:
        expect(page.locator("main")).to_contain_text(text)
    expect(page.locator(".package-figures")).to_contain_text(words["figures"])
    page.get_by_label(words["approve"], exact=True).check()
    leader.click(page.get_by_role("button", name=words["decide"]), r"/staff/work/mine/$")
    expect(page.locator("#mw-done")).to_contain_text(words["approved"])
    expect(page.locator("#mw-done")).to_contain_text(words["next_review"])
    expect(page.locator("#mw-work")).not_to_contain_text(NUMBER)  # no longer theirs
    leader.shot(f"06-{tag}-approved.png")
    assert Review.objects.filter(document=document, step="sign_off", decision="approve").exists()
    assert not open_tasks(document, "sign_off").exists()
    assert open_tasks(document, "openness_review").exists()


@pytest.mark.parametrize("locale", WORDS)
def test_my_work_reads_on_a_phone(live_server, browser, locale):
    """390 × 844: the list scrolls inside its card, never the page, and each item's link is
    on screen."""
    load_units_and_people()
    load_demo_package(until="sign_off")
    leader = Desk(browser, live_server.url, "leader", locale, viewport=(390, 844))
    page = leader.page
    expect(page.locator("#mw-work")).to_contain_text(NUMBER)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the phone"
    expect(leader.task_link(NUMBER)).to_be_in_viewport()
    leader.shot(f"07-{locale[:2]}-my-work-phone.png")


REVIEW_WALKS = [("zh-CN", (390, 844)), ("en-US", (1366, 768))]


@pytest.mark.parametrize(("locale", "viewport"), REVIEW_WALKS)
def test_the_reviewer_and_the_issuer_finish_it_from_my_work(live_server, browser, locale, viewport):
    """The rest of the package's way, on a phone in Chinese and on a desktop in English: the
    openness review with its confidentiality checklist, the issuing leader's approval, and the
    interpretation on the portal once the publish pipeline has run."""
    words, tag = WORDS[locale], f"{locale[:2]}-{viewport[0]}"
    load_units_and_people()
    process = load_demo_package(until="sign_off")
    take(process, [("leader", "sign_off")])
    # the infographic prints the contact line; its office number was kept on the review page
    keep_office_numbers(Person.objects.get(username="reviewer"), process.artifact)
    with translation.override(locale[:2].replace("zh", "zh-hans")):
        titles = {step: str(getattr(InterpretationFlow, step).task_title) for step in STEPS}

    reviewer = Desk(browser, live_server.url, "reviewer", locale, viewport)
    page = reviewer.page
    expect(page.locator("#mw-work")).to_contain_text(titles["openness_review"])
    reviewer.click(reviewer.task_link(NUMBER), r"/openness_review/\d+/assign/$")
    reviewer.click(page.locator("button[name=_continue]"), r"/openness_review/\d+/execute/$")
    page.locator("#id_decision input[value=approve]").check()
    for question in ("state_secret", "trade_secret", "personal_privacy", "process_info"):
        page.locator(f"#id_{question} input[value=no]").check()
    reviewer.shot(f"08-{tag}-openness-review.png")
    reviewer.click(page.get_by_role("button", name=words["decide"]), r"/staff/work/mine/$")
    expect(page.locator("#mw-done")).to_contain_text(words["approved"])
    expect(page.locator("#mw-done")).to_contain_text(titles["issue"])  # who has it next
    reviewer.shot(f"09-{tag}-reviewed.png")
    reviewer.context.close()

    issuer = Desk(browser, live_server.url, "issuer", locale, viewport)
    page = issuer.page
    issuer.click(issuer.task_link(NUMBER), r"/issue/\d+/assign/$")
    issuer.click(page.locator("button[name=_continue]"), r"/issue/\d+/execute/$")
    page.locator("#id_decision input[value=approve]").check()
    issuer.click(page.get_by_role("button", name=words["decide"]), r"/staff/work/mine/$")
    expect(page.locator("#mw-done")).to_contain_text(words["approved"])
    expect(page.locator("#mw-work")).not_to_contain_text(NUMBER)
    issuer.shot(f"10-{tag}-issued.png")
    assert PolicyDocument.objects.get(number=NUMBER).approved_at is not None

    call_command("publish_pending", stdout=StringIO())
    issuer.open("/")
    expect(page.locator("main")).to_contain_text(NUMBER)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the portal is {overflow}px wider than the window"
    issuer.shot(f"11-{tag}-on-the-portal.png")

"""An imported suggestion assigned by the proposal office and signed for by the lead unit,
in a real Chromium: the board as the office's landing page, the item page with its units,
the assignment form's radio buttons and selects (viewflow web components), and the unit's
sign-for page. Screenshots go to test-artifacts/e2e/."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from playwright.sync_api import expect

from base.organisation.demo import load_units_and_people
from proposals.models import Assignment
from tests.e2e.test_interpretation_browser import Desk, browser  # noqa: F401
from tests.workflows.proposal_desk import spreadsheet
from workflows.proposals.services import import_and_register

TITLE = "关于在硇洲岛增设海上救援站点的建议"


@pytest.fixture
def spring():
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


# what each language's pages say at the milestones of the walk
WORDS = {
    "zh-CN": {
        "not_assigned": "尚未交办", "lead": "主办", "submit": "办理", "sign": "签收办理",
        "assigned": "已交办 1 个单位", "signed": "已签收。",
        "next": "下一步：签收（市教育局·承办单位经办人）。",
    },
    "en-US": {
        "not_assigned": "Not yet assigned", "lead": "Lead unit", "submit": "Submit",
        "sign": "Sign for and handle", "assigned": "Assigned to 1 unit(s)",
        "signed": "Signed for.", "next": "Next: Sign for (市教育局·Handling-unit clerk).",
    },
}  # fmt: skip


@pytest.mark.parametrize("locale", WORDS)
def test_office_assigns_and_the_unit_signs_for_it_from_my_work(
    live_server,
    browser,  # noqa: F811
    spring,
    locale,
):
    words, tag = WORDS[locale], locale[:2]
    load_units_and_people()
    import_and_register("e2e.csv", spreadsheet({"编号": "31", "标题": TITLE}))

    clerk = Desk(browser, live_server.url, "clerk", locale)
    expect(clerk.page).to_have_url(f"{live_server.url}/staff/work/mine/")  # the staff home
    expect(clerk.page.locator("#mw-work")).to_contain_text("人大建议第0031号")
    clerk.open("/staff/proposals/board/")
    expect(clerk.page.locator("main")).to_contain_text(TITLE)
    expect(clerk.page.locator("main")).to_contain_text(words["not_assigned"])
    clerk.shot(f"11-{tag}-office-board.png")

    clerk.open("/staff/")
    clerk.click(clerk.task_link("人大建议第0031号"), r"/assign/\d+/assign/$")
    clerk.click(clerk.page.locator("button[name=_continue]"), r"/assign/\d+/execute/$")
    page = clerk.page
    expect(page.locator("main")).to_contain_text(TITLE)
    page.get_by_label(words["lead"], exact=True).check()
    page.locator("vf-field-select[name=lead]").click()
    page.get_by_role("option", name="市教育局", exact=True).click()
    clerk.shot(f"12-{tag}-assign-form.png")
    clerk.click(page.get_by_role("button", name=words["submit"]), r"/staff/work/mine/$")
    expect(page.locator("#mw-done")).to_contain_text(words["assigned"])
    expect(page.locator("#mw-done")).to_contain_text(words["next"])
    share = Assignment.objects.get(proposal__number=31)
    assert share.unit.name == "市教育局" and share.due_on.isoformat() == "2026-06-02"
    clerk.context.close()

    handler = Desk(browser, live_server.url, "handler", locale)
    handler.click(handler.task_link("人大建议第0031号"), r"/sign_for/\d+/assign/$")
    handler.click(handler.page.locator("button[name=_continue]"), r"/sign_for/\d+/execute/$")
    handler.page.get_by_label(words["sign"]).check()
    handler.shot(f"13-{tag}-sign-for.png")
    handler.click(handler.page.get_by_role("button", name=words["submit"]), r"/staff/work/mine/$")
    expect(handler.page.locator("#mw-done")).to_contain_text(words["signed"])
    share.refresh_from_db()
    assert share.state == "signed"

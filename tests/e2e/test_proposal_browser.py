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


def test_office_assigns_and_the_unit_signs_for_it_in_the_browser(live_server, browser, spring):  # noqa: F811
    load_units_and_people()
    import_and_register("e2e.csv", spreadsheet({"编号": "31", "标题": TITLE}))

    clerk = Desk(browser, live_server.url, "clerk")
    expect(clerk.page).to_have_url(f"{live_server.url}/staff/work/mine/")  # the staff home
    expect(clerk.page.locator("#mw-work")).to_contain_text("人大建议第0031号")
    clerk.open("/staff/proposals/board/")
    expect(clerk.page.locator("main")).to_contain_text(TITLE)
    expect(clerk.page.locator("main")).to_contain_text("尚未交办")
    clerk.shot("11-office-board.png")

    clerk.open("/staff/")
    clerk.click(clerk.task_link("人大建议第0031号"), r"/assign/\d+/assign/$")
    clerk.click(clerk.page.locator("button[name=_continue]"), r"/assign/\d+/execute/$")
    page = clerk.page
    expect(page.locator("main")).to_contain_text(TITLE)
    page.get_by_label("主办", exact=True).check()
    page.locator("vf-field-select[name=lead]").click()
    page.get_by_role("option", name="市教育局", exact=True).click()
    clerk.shot("12-assign-form.png")
    clerk.click(page.get_by_role("button", name="办理"), r"/staff/work/mine/$")
    expect(page.locator("#mw-done")).to_contain_text("已交办 1 个单位")
    expect(page.locator("#mw-done")).to_contain_text("下一步：签收（市教育局·承办单位经办人）。")
    share = Assignment.objects.get(proposal__number=31)
    assert share.unit.name == "市教育局" and share.due_on.isoformat() == "2026-06-02"
    clerk.context.close()

    handler = Desk(browser, live_server.url, "handler")
    handler.click(handler.task_link("人大建议第0031号"), r"/sign_for/\d+/assign/$")
    handler.click(handler.page.locator("button[name=_continue]"), r"/sign_for/\d+/execute/$")
    handler.page.get_by_label("签收办理").check()
    handler.shot("13-sign-for.png")
    handler.click(handler.page.get_by_role("button", name="办理"), r"/staff/work/mine/$")
    expect(handler.page.locator("#mw-done")).to_contain_text("已签收")
    share.refresh_from_db()
    assert share.state == "signed"

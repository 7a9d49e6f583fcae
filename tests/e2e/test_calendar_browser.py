"""Work never stops for the calendar: on 6 December 2026, with the demo loaded and no 2027
schedule entered, the proposal office assigns an imported item in Chromium and its due date
(three months on, in 2027) shows as 暂定; a proposer's dissatisfied answer through the
personal link is recorded and the second round is due, provisionally, in 2027."""

from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from playwright.sync_api import expect

from base.workdays.models import CalendarYear
from proposals.models import Assignment, Feedback, ReplyLetter, Satisfaction
from tests.e2e.test_interpretation_browser import ARTIFACTS, Desk, browser  # noqa: F401
from tests.workflows.proposal_desk import spreadsheet
from workflows.proposals.services import import_and_register
from workflows.proposals.views import feedback_url

TITLE = "关于在湛江湾沿岸增设夜间公交线路的建议"


@pytest.fixture
def december():
    with time_machine.travel(datetime(2026, 12, 6, 9, 30, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


def test_the_office_assigns_into_a_provisional_2027_and_a_proposer_answers(
    live_server,
    browser,  # noqa: F811
    december,
):
    call_command("load_demo", stdout=StringIO())
    assert not CalendarYear.objects.filter(year=2027).exists()
    import_and_register("december.csv", spreadsheet({"编号": "88", "标题": TITLE}))

    clerk = Desk(browser, live_server.url, "clerk")
    clerk.open("/staff/proposals/proposal/queue/")
    clerk.click(clerk.task_link("人大建议第0088号"), r"/assign/\d+/assign/$")
    clerk.click(clerk.page.locator("button[name=_continue]"), r"/assign/\d+/execute/$")
    page = clerk.page
    page.get_by_label("主办", exact=True).check()
    page.locator("vf-field-select[name=lead]").click()
    page.get_by_role("option", name="湛江市教育局", exact=True).click()
    clerk.click(page.get_by_role("button", name="办理"), r"/staff/work/mine/$")
    expect(page.locator("#mw-done")).to_contain_text("已交办 1 个单位")
    share = Assignment.objects.get(proposal__number=88)
    assert share.due_on == date(2027, 3, 8)  # 6 March 2027 is a Saturday

    clerk.open("/staff/proposals/board/?kind=npc")
    row = page.locator("tr", has_text="人大建议第0088号")
    expect(row).to_contain_text("2027年3月8日（暂定）")
    mark = row.locator(".due-provisional")
    expect(mark).to_have_attribute(
        "title", "2027年的节假日安排尚未录入，此日期暂按法定节假日和周末计算，录入后自动重新计算。"
    )
    clerk.shot("41-board-provisional-due-date.png")
    clerk.context.close()

    # the unit's handler finds the share in 我的待办 with the same provisional date
    handler = Desk(browser, live_server.url, "handler")
    row = handler.page.locator("#mw-work tr", has_text="人大建议第0088号")
    expect(row).to_contain_text("2027年3月8日（暂定）")
    handler.shot("41b-my-work-provisional-due-date.png")
    handler.context.close()

    # a proposer waiting for feedback answers "dissatisfied" through the personal link
    letter = ReplyLetter.objects.filter(
        sent_at__isnull=False, feedback__isnull=True, assignment__role="lead"
    ).first()
    assert letter is not None, "the demo leaves an item waiting for feedback"
    proposer = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    link = proposer.new_page()
    link.goto(live_server.url + feedback_url(letter))
    link.get_by_label("不满意").check()
    link.get_by_label("具体意见").fill("答复没有回应夜间公交的具体线路，请重新办理。")
    link.get_by_role("button", name="提交意见").click()
    expect(link.locator(".feedback__done")).to_contain_text("您的意见（不满意）已收到")
    link.screenshot(path=str(ARTIFACTS / "42-feedback-recorded.png"), full_page=True)
    proposer.close()

    feedback = Feedback.objects.get(letter=letter)
    assert feedback.satisfaction == Satisfaction.DISSATISFIED
    again = Assignment.objects.get(pk=letter.assignment_id)
    assert again.due_on == date(2027, 3, 8)  # three months from the feedback, provisionally

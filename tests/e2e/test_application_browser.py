"""An application for disclosure from the portal to a 部分公开 answer, as its applicant sees it
in a real Chromium: the form at /apply/, the personal status link, and what that link says at
each stage while the government office and 湛江市民政局 handle it (补正, a third party's
opinion, an extension, the answer). The staff's steps go through their pages over HTTP
(tests/workflows/application_desk.py); what is checked here is the applicant's side.

The clock is set to 2026年3月2日 so that every due date falls in a year whose holidays are
published; the expected dates are counted here from chinese_calendar, not from the product.
"""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import chinese_calendar
import pytest
import time_machine
from playwright.sync_api import expect

from applications.models import AnswerCategory, Application
from base.organisation.demo import load_units_and_people
from tests.e2e.test_delegation_browser import choose
from tests.e2e.test_interpretation_browser import ARTIFACTS, Desk, browser  # noqa: F401
from tests.workflows.application_desk import ApplicationDesk, resident_id

SHOTS = ARTIFACTS / "application"  # test-artifacts/e2e/application/
SHANGHAI = ZoneInfo("Asia/Shanghai")
CIVIL = "湛江市民政局"
STATUS_PATH = re.compile(r"/apply/status/[^/]+/$")
ENGLISH_WORD = re.compile(r"[A-Za-z]{3,}")


def working_days_after(start, count):
    """The count-th working day after start, on the State Council's published calendar."""
    day = start
    while count:
        day += timedelta(days=1)
        count -= chinese_calendar.is_workday(day)
    return day


def chinese(day):
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.fixture
def spring():
    with time_machine.travel(datetime(2026, 3, 2, 9, tzinfo=SHANGHAI), tick=True) as traveller:
        yield lambda day: traveller.move_to(
            datetime(day.year, day.month, day.day, 9, tzinfo=SHANGHAI)
        )


def apply_online(browser, base_url, name, id17, address, description):  # noqa: F811
    """Fills /apply/ as an anonymous natural person, first with a mistyped ID number that the
    form refuses, then corrected; returns (page, status link, number)."""
    context = browser.new_context(locale="zh-CN", viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{base_url}/apply/")
    page.get_by_label("自然人", exact=True).check()
    page.locator("input[name=name]").fill(name)
    page.locator("select[name=id_type]").select_option("resident")
    right = resident_id(id17)
    page.locator("input[name=id_number]").fill(right[:-1] + ("1" if right[-1] != "1" else "2"))
    page.locator("input[name=phone]").fill("13812345678")
    page.locator("input[name=address]").fill(address)
    page.locator("input[name=postcode]").fill("524033")
    page.locator("textarea[name=description]").fill(description)
    page.locator("input[name=provision][value=paper]").check()
    page.locator("input[name=collection][value=post]").check()
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#apply-problems")).to_contain_text("身份证")
    page.locator("input[name=id_number]").fill(right)
    page.get_by_role("button", name="提交申请").click()  # the page with the problems posts again
    page.wait_for_load_state("networkidle")
    assert "请修改以下" not in page.content(), page.locator("#apply-problems").inner_text()
    if STATUS_PATH.search(page.url):  # the POST redirected to the status page
        link = page.url
    else:  # the receipt shows the link once
        expect(page.locator("main")).to_contain_text("您的办理进度查询链接")
        link = page.locator("a[href*='/apply/status/']").first.get_attribute("href")
        link = link if link.startswith("http") else base_url + link
    assert STATUS_PATH.search(link), link
    number = Application.objects.latest("pk").receipt_number
    expect(page.locator("main")).to_contain_text(number)
    return page, link, number


def status(page, link):
    """The applicant's status page's main text, checked for a server error and English."""
    response = page.goto(link)
    assert response.status == 200, response.status
    text = page.locator("main").inner_text()
    assert not ENGLISH_WORD.search(text), ENGLISH_WORD.findall(text)
    return text


def row(text, heading):
    """The value beside a heading of the status table."""
    return re.search(rf"{heading}\s*(.+)", text).group(1).strip()


@pytest.fixture
def spring_sessions(settings):
    """The clock is in March while the browser lives in December: a session cookie that
    expires two weeks after March would be dropped at once."""
    settings.SESSION_EXPIRE_AT_BROWSER_CLOSE = True


def test_an_online_application_through_completion_consultation_extension_to_a_partial_answer(
    live_server,
    browser,  # noqa: F811
    client,
    spring,
    spring_sessions,
):
    SHOTS.mkdir(parents=True, exist_ok=True)
    load_units_and_people()
    page, link, number = apply_online(
        browser, live_server.url, "陈志强", "44080219850312123", "湛江市赤坎区中山一路23号",
        "湛江市2026年城乡居民最低生活保障资金发放明细（按县区汇总）",
    )  # fmt: skip
    page.screenshot(path=SHOTS / "1-submitted.png", full_page=True)
    application = Application.objects.get(receipt_number=number)
    assert (application.name, application.channel) == ("陈志强", "online")
    text = status(page, link)
    assert "待本机关确认收到" in row(text, "当前进度")
    assert row(text, "收到申请日期") == "待确认"
    assert "20个工作日" in row(text, "答复期限")

    # the office's openness reviewer confirms with the applicant on 3月2日 and assigns the
    # unit, in the staff site: 20 working days from that day
    reviewer = Desk(browser, live_server.url, "reviewer")
    staff = reviewer.page
    reviewer.click(reviewer.task_link(number), r"/confirm/\d+/assign/$")
    reviewer.click(staff.locator("button[name=_continue]"), r"/confirm/\d+/execute/$")
    expect(staff.locator("main")).to_contain_text("陈志强")  # the office sees the applicant
    staff.locator("input[name=confirmed_on]").fill("2026-03-02")
    reviewer.click(staff.get_by_role("button", name="办理"), r"/staff/work/mine/$")
    text = status(page, link)
    assert row(text, "收到申请日期") == "2026年3月2日"
    assert row(text, "答复期限") == chinese(working_days_after(date(2026, 3, 2), 20))
    assert row(text, "当前进度") == "办理中"
    reviewer.click(reviewer.task_link(number), r"/assign/\d+/(assign|execute)/$")
    if staff.url.endswith("/assign/"):
        reviewer.click(staff.locator("button[name=_continue]"), r"/assign/\d+/execute/$")
    expect(staff.locator("main")).to_contain_text(chinese(working_days_after(date(2026, 3, 2), 20)))
    choose(staff, "unit", CIVIL)
    reviewer.click(staff.get_by_role("button", name="办理"), r"/staff/work/mine/$")
    expect(staff.locator("#mw-done")).to_contain_text(f"已分办至{CIVIL}")
    staff.screenshot(path=SHOTS / "staff-assigned.png", full_page=True)
    reviewer.context.close()
    application.refresh_from_db()
    assert application.unit.name == CIVIL

    desk = ApplicationDesk(client)
    process = desk.process(application)
    partial = AnswerCategory.objects.get(code="partial")
    desk.act(process, "search", {"category": partial.pk, "suggestion": "completion",
                                 "note": "申请所指“明细”范围不明确。"}, "mz-clerk")  # fmt: skip
    what = "请明确所需明细的县区范围和月份。"
    # the office decides on a 补正 in the staff site: the form shows a 补正's fields alone
    reviewer = Desk(browser, live_server.url, "reviewer")
    staff = reviewer.page
    reviewer.click(reviewer.task_link(number), r"/decide/\d+/(assign|execute)/$")
    if staff.url.endswith("/assign/"):
        reviewer.click(staff.locator("button[name=_continue]"), r"/decide/\d+/execute/$")
    completion, extension = (
        staff.locator(f"[data-for-choice={c}]") for c in ("completion", "extend")
    )
    expect(completion).to_be_hidden()
    expect(extension).to_be_hidden()
    staff.get_by_label("告知申请人补正", exact=True).check()
    expect(completion).to_be_visible()
    expect(extension).to_be_hidden()
    staff.locator("textarea[name=what]").fill(what)
    staff.locator("input[name=reply_by]").fill("2026-03-16")
    staff.screenshot(path=SHOTS / "staff-decide-completion.png", full_page=True)
    reviewer.click(staff.get_by_role("button", name="办理"), r"/staff/work/mine/$")
    reviewer.context.close()
    text = status(page, link)
    assert row(text, "当前进度") == "待申请人补正"
    assert row(text, "答复期限") == "暂停计算"
    assert what in text and "请于2026年3月16日前" in text
    page.screenshot(path=SHOTS / "2-waiting-for-completion.png", full_page=True)

    # the completion arrives on 3月10日: the 20 days count again from that day
    spring(date(2026, 3, 10))
    desk.act(process, "await_completion", {"outcome": "arrived", "on": "2026-03-10"})
    text = status(page, link)
    assert row(text, "答复期限") == chinese(working_days_after(date(2026, 3, 10), 20))
    assert "需要您补正的事项" not in text  # nothing is asked of the applicant any more

    desk.act(process, "decide", {"choice": "consult", "third_party": "湛江市某社会福利院"})
    text = status(page, link)
    assert row(text, "当前进度") == "待第三方提出意见"
    assert row(text, "答复期限") == "暂停计算"
    spring(date(2026, 3, 13))
    desk.act(process, "await_opinion", {"answered_on": "2026-03-13",
                                        "opinion": "不同意公开受助人姓名。"})  # fmt: skip

    desk.act(process, "decide", {"choice": "extend", "working_days": 10, "approved_by": "王强",
                                 "approved_on": "2026-03-13", "notified_on": "2026-03-13",
                                 "reason": "需要汇总各县区数据。"})  # fmt: skip
    text = status(page, link)
    not_counted = sum(chinese_calendar.is_workday(date(2026, 3, d)) for d in (11, 12, 13))
    due = working_days_after(date(2026, 3, 10), 20 + not_counted + 10)
    assert row(text, "答复期限") == f"{chinese(due)} （已延长10个工作日）"

    desk.act(process, "decide", {"choice": "answer"})
    withheld = "受助人姓名属于个人隐私，不予公开。"
    answer = {"category": partial.pk, "subject": "低保资金发放明细", "withheld_grounds": withheld}
    desk.act(process, "answer", answer)
    text = status(page, link)
    assert row(text, "当前进度") == "办理中"  # drafted is not answered
    spring(date(2026, 3, 20))
    desk.act(process, "sign", {"decision": "approve", "comment": ""}, "issuer")
    text = status(page, link)
    assert row(text, "当前进度") == "已答复"
    assert row(text, "答复日期") == "2026年3月20日"
    assert "部分公开" in row(text, "答复结果")
    assert "答复期限" not in page.locator(".apply-facts").inner_text()  # no date awaited
    letter = page.get_by_role("link", name="下载答复书")
    assert page.request.get(live_server.url + letter.get_attribute("href")).status == 200
    page.screenshot(path=SHOTS / "3-answered.png", full_page=True)

    # another applicant's link shows their own application only
    other, other_link, other_number = apply_online(
        browser, live_server.url, "林晓梅", "44080319900101002", "湛江市霞山区人民大道南45号",
        "湛江市2025年度公办养老机构床位数",
    )  # fmt: skip
    text = status(other, other_link)
    assert other_number != number and other_number in text
    assert number not in text and "已答复" not in text and "部分公开" not in text
    assert "待本机关确认收到" in row(text, "当前进度")
    assert other_number not in status(page, link)

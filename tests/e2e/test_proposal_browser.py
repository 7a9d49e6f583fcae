"""An imported suggestion assigned by the proposal office and signed for by the lead unit,
in a real Chromium: the board as the office's landing page, the item page with its units,
the assignment form's radio buttons and selects (viewflow web components), and the unit's
sign-for page. Screenshots go to test-artifacts/e2e/."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from playwright.sync_api import expect
from viewflow.workflow.status import PROCESS

from base.organisation.demo import load_units_and_people
from base.organisation.models import Unit
from proposals.models import Assignment
from tests.e2e.test_interpretation_browser import Desk, browser  # noqa: F401
from tests.workflows.proposal_desk import ProposalDesk, spreadsheet
from workflows.proposals.services import import_and_register

TITLE = "关于在硇洲岛增设海上救援站点的建议"
EDU = "湛江市教育局"


@pytest.fixture
def spring():
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


# what each language's pages say at the milestones of the walk
WORDS = {
    "zh-CN": {
        "not_assigned": "尚未交办", "lead": "主办", "submit": "办理", "sign": "签收办理",
        "assigned": "已交办 1 个单位", "signed": "已签收。",
        "next": "下一步：签收（湛江市教育局·承办单位经办人）。",
        "in_person": "当面沟通", "next_draft": "下一步：起草答复", "class_a": "A类",
        "next_check": "下一步：办公室核稿（湛江市教育局·承办单位核稿人）。",
        "done": "已同意。", "closed": "本事项已办结。", "decide": "决定",
    },
    "en-US": {
        "not_assigned": "Not yet assigned", "lead": "Lead unit", "submit": "Submit",
        "sign": "Sign for and handle", "assigned": "Assigned to 1 unit(s)",
        "signed": "Signed for.", "next": "Next: Sign for (湛江市教育局·Handling-unit clerk).",
        "in_person": "In person", "next_draft": "Next: Draft reply", "class_a": "Category A",
        "next_check": "Next: Office check (湛江市教育局·", "done": "Approved.",
        "closed": "This item is complete.", "decide": "Decide",
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
    page.get_by_role("option", name="湛江市教育局", exact=True).click()
    clerk.shot(f"12-{tag}-assign-form.png")
    clerk.click(page.get_by_role("button", name=words["submit"]), r"/staff/work/mine/$")
    expect(page.locator("#mw-done")).to_contain_text(words["assigned"])
    expect(page.locator("#mw-done")).to_contain_text(words["next"])
    share = Assignment.objects.get(proposal__number=31)
    assert share.unit.name == "湛江市教育局" and share.due_on.isoformat() == "2026-06-02"
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


REPLY_WALKS = [("zh-CN", (390, 844)), ("en-US", (1366, 768))]


@pytest.mark.parametrize(("locale", "viewport"), REPLY_WALKS)
def test_the_unit_replies_and_the_office_closes_it_from_my_work(
    live_server,
    browser,  # noqa: F811
    spring,
    locale,
    viewport,
):
    """The rest of an item's way, on a phone in Chinese and on a desktop in English, each
    person starting from 我的待办: the handler records the contact and drafts the reply, the
    checker, the responsible leader and the principal leader approve it, and the office
    records the proposer's satisfaction and decides the disclosure."""
    words, tag = WORDS[locale], f"{locale[:2]}-{viewport[0]}"
    load_units_and_people()
    desk = ProposalDesk(Client())
    desk.import_items({"编号": "31", "标题": TITLE})
    process = desk.process(31)
    desk.act(process, "assign", {"handling": "lead", "lead": Unit.objects.get(name=EDU).pk})
    desk.act(process, "sign_for", {"decision": "sign"}, EDU, "clerk")

    def take(someone, step):
        """Opens the item's task from 我的待办 and takes it."""
        someone.click(someone.task_link("人大建议第0031号"), rf"/{step}/\d+/(assign|execute)/$")
        if someone.page.url.endswith("/assign/"):
            someone.click(someone.page.locator("button[name=_continue]"), r"/execute/$")
        expect(someone.page.locator("main")).to_contain_text(TITLE)
        return someone.page

    def from_my_work(username, step):
        someone = Desk(browser, live_server.url, username, locale, viewport)
        return someone, take(someone, step)

    handler, page = from_my_work("handler", "contact")  # 市教育局's demo people from here
    page.locator("vf-field-select[name=method]").click()
    page.get_by_role("option", name=words["in_person"], exact=True).click()
    expect(page.get_by_role("option").first).to_be_hidden()
    page.fill("input[name=contacted_on]", "2026-03-02")
    page.fill("textarea[name=summary]", "与代表当面沟通救援站选址。")
    handler.click(page.get_by_role("button", name=words["submit"]), r"/staff/work/mine/$")
    expect(page.locator("#mw-done")).to_contain_text(words["next_draft"])

    page = take(handler, "draft_reply")
    page.fill("input[name=number]", "湛教函〔2026〕31号")
    page.locator("vf-field-select[name=result_class]").click()
    page.get_by_role("option").filter(has_text=words["class_a"]).first.click()
    expect(page.get_by_role("option").first).to_be_hidden()  # the menu closed, or a click closes it
    page.fill(
        "textarea[name=body]", "陈志强代表：\n您提出的建议收悉。现答复如下：……\n感谢您的关心。"
    )
    page.fill("input[name=signer]", "何平")
    page.fill("input[name=contact_person]", "吴磊")
    page.fill("input[name=contact_phone]", "0759-3333333")
    handler.shot(f"14-{tag}-draft-reply.png")
    handler.click(page.locator("button[name=submit]"), r"/staff/work/mine/$")
    expect(page.locator("#mw-done")).to_contain_text(words["next_check"])
    handler.context.close()

    for username, step in (("checker", "check"), ("deputy", "leader"), ("director", "sign")):
        reviewer, page = from_my_work(username, step)
        page.locator("#id_decision input[value=approve]").check()
        reviewer.click(page.get_by_role("button", name=words["submit"]), r"/staff/work/mine/$")
        expect(page.locator("#mw-done")).to_contain_text(words["done"])
        reviewer.shot(f"15-{tag}-{step}.png")
        reviewer.context.close()
    share = Assignment.objects.get(proposal__number=31)
    assert share.letters.get().sent_at is not None

    clerk, page = from_my_work("clerk", "feedback")
    page.locator("#id_satisfaction input[value=satisfied]").check()
    clerk.click(page.get_by_role("button", name=words["submit"]), r"/staff/work/mine/$")
    page = take(clerk, "disclose")
    page.locator("#id_decision input[value=full]").check()
    page.fill("textarea[name=reason]", "答复不涉及保密事项，全文公开。")
    # the deputy's name in the salutation is found as personal data: decided here at once
    page.locator("input[name=override]").check()
    page.fill("textarea[name=override_reason]", "代表姓名随答复公开，经代表同意。")
    for question in ("state_secret", "trade_secret", "personal_privacy", "process_info"):
        page.locator(f"#id_{question} input[value=no]").check()
    clerk.shot(f"16-{tag}-disclose.png")
    clerk.click(page.get_by_role("button", name=words["decide"], exact=True), r"/staff/work/mine/$")
    expect(page.locator("#mw-done")).to_contain_text(words["closed"])
    expect(page.locator("#mw-work")).not_to_contain_text("人大建议第0031号")
    clerk.shot(f"17-{tag}-closed.png")
    process.refresh_from_db()
    assert process.status == PROCESS.DONE

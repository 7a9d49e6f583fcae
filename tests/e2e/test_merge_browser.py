"""并案 in a real Chromium: the proposal office merges two suggestions of one sitting on the
same subject (and is refused mixing in a CPPCC proposal, and splits a third item off again
before assignment); the lead unit starts the one reply from its template, which greets both
deputies; the letter's PDF names both; each deputy answers through their own link, and only
the second answer finishes the office's feedback step. Screenshots go to test-artifacts/e2e/.
"""

import subprocess
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from playwright.sync_api import expect

from base.organisation.demo import load_units_and_people
from base.organisation.models import Unit
from proposals.letter import letter_pdf
from proposals.models import Feedback, Proposal, ReplyTemplate, ResultClass
from tests.e2e.test_interpretation_browser import ARTIFACTS, Desk, browser  # noqa: F401
from tests.proposals.merge_desk import process_of
from tests.workflows.proposal_desk import LETTER, ProposalDesk, spreadsheet
from workflows.proposals.services import import_and_register
from workflows.proposals.views import feedback_url

EDU = "湛江市教育局"
ITEMS = [
    {"编号": "41", "标题": "关于增设学校周边护学岗的建议", "领衔人": "陈志强"},
    {"编号": "42", "标题": "关于改善校门口交通秩序的建议", "领衔人": "王芳"},
    {"编号": "43", "标题": "关于规范学生接送车辆停放的建议", "领衔人": "李明"},
    {"编号": "41", "类别": "政协提案", "标题": "关于校园安全的提案", "领衔人": "周红"},
]
TEMPLATE = "{主送}：\n您在{会议}上提出的《{标题}》（{案号}{类别}）收悉。现答复如下：……"


@pytest.fixture
def spring():
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


def row(page, label):
    return page.locator("table tr", has_text=label)


def test_the_office_merges_two_items_whose_one_letter_answers_both_deputies(
    live_server,
    browser,  # noqa: F811
    spring,
    tmp_path,
):
    load_units_and_people()
    import_and_register("merge.csv", spreadsheet(*ITEMS))
    ReplyTemplate.objects.create(unit=Unit.objects.get(name=EDU), name="常用答复", text=TEMPLATE)

    clerk = Desk(browser, live_server.url, "clerk")
    clerk.open("/staff/proposals/merge/")
    page = clerk.page
    expect(page.locator("main")).to_contain_text("关于改善校门口交通秩序的建议")
    # mixing a CPPCC proposal in is refused, with the reason, and nothing merged
    row(page, "人大建议第0041号").locator("input[name=main]").check()
    for label in ("人大建议第0042号", "政协提案第0041号"):
        row(page, label).locator("input[name=items]").check()
    page.get_by_role("button", name="并案", exact=True).click()
    expect(page.locator("#merge-problems")).to_contain_text("人大建议和政协提案不能并案")
    clerk.shot("merge-01-zh-refused.png")
    assert not Proposal.objects.filter(merged_into__isnull=False).exists()

    row(page, "政协提案第0041号").locator("input[name=items]").uncheck()
    for label in ("人大建议第0041号", "人大建议第0042号", "人大建议第0043号"):
        row(page, label).locator("input[name=items]").check()
    row(page, "人大建议第0041号").locator("input[name=main]").check()
    page.get_by_role("button", name="并案", exact=True).click()
    clerk.notice("已并案")
    merged = page.locator("table tr", has_text="人大建议第0041号").last
    expect(merged).to_contain_text("人大建议第0042号")
    clerk.shot("merge-02-zh-merged.png")

    # 0043 is not on the same subject after all: split off again before assignment
    asked = []  # 拆分 asks first; the clerk confirms
    clerk.page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    merged.locator("li", has_text="人大建议第0043号").get_by_role("button", name="拆分").click()
    clerk.notice("已拆分")
    assert asked == ["确定将人大建议第0043号拆分出来单独办理吗？"]
    main, joined, apart = (Proposal.objects.get(kind="npc", number=n) for n in (41, 42, 43))
    assert joined.merged_into == main and apart.merged_into is None
    assert process_of(apart).task_set.filter(flow_task_type="HUMAN", status="NEW").exists()
    clerk.shot("merge-03-zh-split.png")
    clerk.context.close()

    # the main item alone is assigned; 市教育局 signs for it and talks to the deputies
    desk = ProposalDesk(Client())
    process = process_of(main)
    desk.act(process, "assign", {"handling": "lead", "lead": Unit.objects.get(name=EDU).pk})
    desk.act(process, "sign_for", {"decision": "sign"}, EDU, "clerk")
    desk.act(process, "contact", {"method": "meeting", "contacted_on": "2026-03-02",
                                  "summary": "与两位代表当面沟通。"}, EDU)  # fmt: skip

    # the handler starts the letter from the unit's template: both deputies greeted
    handler = Desk(browser, live_server.url, "handler")
    handler.click(handler.task_link("人大建议第0041号"), r"/draft_reply/\d+/(assign|execute)/$")
    if handler.page.url.endswith("/assign/"):
        handler.click(handler.page.locator("button[name=_continue]"), r"/execute/$")
    page = handler.page
    expect(page.locator("main")).to_contain_text("关于改善校门口交通秩序的建议")
    page.fill("input[name=number]", LETTER["number"])  # typed first: kept by 套用模板
    handler.click(page.get_by_role("button", name="套用模板"), r"template=\d+")
    expect(page.locator("input[name=number]")).to_have_value(LETTER["number"])
    body = page.locator("textarea[name=body]")
    expect(body).to_have_value(
        "陈志强代表、王芳代表：\n您在市十五届人大五次会议上提出的《关于增设学校周边护学岗的建议"
        "；关于改善校门口交通秩序的建议》（第0041号、第0042号建议）收悉。现答复如下：……"
    )
    expect(page.locator("input[name=title]")).to_have_value(
        "关于市十五届人大五次会议第0041号、第0042号建议的答复"
    )
    page.locator("vf-field-select[name=result_class]").click()
    page.get_by_role("option").filter(has_text="A类").first.click()
    expect(page.get_by_role("option").first).to_be_hidden()
    for name in ("signer", "contact_person", "contact_phone"):
        page.fill(f"input[name={name}]", LETTER[name])
    handler.shot("merge-04-zh-draft-from-template.png")
    handler.click(page.locator("button[name=submit]"), r"/staff/work/mine/$")
    handler.context.close()
    for step, job in [("check", "checker"), ("leader", "deputy"), ("sign", "head")]:
        desk.act(process, step, {"decision": "approve"}, EDU, job)

    # the letter's PDF greets both deputies and names both numbers
    letter = main.assignments.get().letters.get()
    assert letter.sent_at is not None and letter.result_class == ResultClass.objects.get(code="A")
    pdf = tmp_path / "letter.pdf"
    pdf.write_bytes(letter_pdf(letter).read_bytes())
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "陈志强代表、王芳代表：" in text and "第0041号、第0042号" in text
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                    str(ARTIFACTS / "merge-05-letter")], check=True)  # fmt: skip

    # the office's feedback step offers each deputy's own link
    clerk = Desk(browser, live_server.url, "clerk")
    clerk.click(clerk.task_link("人大建议第0041号"), r"/feedback/\d+/(assign|execute)/$")
    if clerk.page.url.endswith("/assign/"):
        clerk.click(clerk.page.locator("button[name=_continue]"), r"/execute/$")
    links = clerk.page.locator(".proposal-link li")
    expect(links).to_have_count(2)
    expect(links.nth(1)).to_contain_text("人大建议第0042号 王芳")
    clerk.shot("merge-07-zh-office-feedback.png")
    clerk.context.close()

    # each deputy answers through their own link; the step ends with the second answer
    for number, name, satisfaction in ((42, "王芳", "满意"), (41, "陈志强", "基本满意")):
        item = Proposal.objects.get(kind="npc", number=number)
        context = browser.new_context(locale="zh-CN")
        proposer = context.new_page()
        proposer.goto(live_server.url + feedback_url(letter, item))
        expect(proposer.locator("main")).to_contain_text(f"人大建议第{number:04d}号")
        expect(proposer.locator("main")).to_contain_text("陈志强代表、王芳代表：")
        proposer.get_by_label(satisfaction, exact=True).check()
        proposer.get_by_role("button", name="提交意见").click()
        expect(proposer.locator(".feedback__done")).to_contain_text("已收到")
        proposer.screenshot(path=ARTIFACTS / f"merge-06-zh-feedback-{number}.png", full_page=True)
        context.close()
        open_feedback = desk.open_tasks(process, "feedback").exists()
        assert open_feedback == (number == 42), name
    given = dict(
        Feedback.objects.filter(letter=letter).values_list("proposal__number", "satisfaction")
    )
    assert given == {41: "basically", 42: "satisfied"}
    assert desk.open_tasks(process, "disclose").exists()


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_the_merge_and_template_pages_in_each_language(
    live_server,
    browser,  # noqa: F811
    spring,
    locale,
):
    """What the office and a unit's clerk see, for the screenshots of both languages."""
    load_units_and_people()
    import_and_register("merge.csv", spreadsheet(*ITEMS))
    ReplyTemplate.objects.create(unit=Unit.objects.get(name=EDU), name="常用答复", text=TEMPLATE)
    tag = locale[:2]
    clerk = Desk(browser, live_server.url, "clerk", locale)
    clerk.open("/staff/proposals/merge/")
    expect(clerk.page.locator("main")).to_contain_text("人大建议第0043号")
    clerk.shot(f"merge-10-{tag}-page.png")
    clerk.context.close()
    handler = Desk(browser, live_server.url, "handler", locale)
    handler.open("/staff/proposals/templates/")
    expect(handler.page.locator("main")).to_contain_text("常用答复")
    handler.page.fill("input[name=name]", "坏模板")
    handler.page.fill("textarea[name=text]", "{电话}")
    handler.page.locator("form.vf-form button").first.click()
    expect(handler.page.locator("main")).to_contain_text("“电话”")
    handler.shot(f"merge-11-{tag}-templates.png")
    handler.context.close()

"""内部备注 in the browser: the lead unit's clerk writes a note on a suggestion mentioning the
co-unit's clerk; she finds the notice on 我的待办, follows it to the item and reads the note
with her name marked; a unit with no share of the item is refused the page. In Chinese at a
laptop's width and in English on a phone. Screenshots go to test-artifacts/e2e/."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import time_machine
from django.test import Client
from playwright.sync_api import expect

from base.organisation.demo import load_units_and_people
from base.organisation.models import Unit
from supervision.models import Notice
from tests.e2e.test_interpretation_browser import Desk, browser  # noqa: F401
from tests.workflows.proposal_desk import ProposalDesk
from workflows.models import Note

TITLE = "关于完善校园周边交通安全设施的建议"
TEXT = "@谭雅琴 请在本周内提供会办意见，重点说明学校周边停车泊位的规划。"


def suggestion():
    """No. 12, led by 市教育局 with 市民政局 as co-unit."""
    load_units_and_people()
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        desk = ProposalDesk(Client())
        desk.import_items({"编号": "12", "标题": TITLE})
        process = desk.process(12)
        pk = {name: Unit.objects.get(name=name).pk for name in ("湛江市教育局", "湛江市民政局")}
        shares = {"handling": "lead", "lead": pk["湛江市教育局"], "co_units": [pk["湛江市民政局"]]}
        desk.act(process, "assign", shares)
    return process


def test_a_note_reaches_the_colleague_it_mentions_and_no_one_else(live_server, browser):  # noqa: F811
    process = suggestion()
    item_page = f"/staff/proposals/proposal/{process.pk}/"

    handler = Desk(browser, live_server.url, "handler")
    handler.open(item_page)
    form = handler.page.locator("form.notes-form")
    form.locator("textarea[name=text]").fill(TEXT)
    handler.click(form.get_by_role("button", name="添加备注"), rf"{item_page}#notes$")
    expect(handler.page.locator(".notes-list")).to_contain_text("请在本周内提供会办意见")
    handler.shot("40-note-written-zh.png")
    handler.context.close()
    note = Note.objects.get()
    assert [person.username for person in note.mentions.all()] == ["mz-clerk"]

    # a notice is written once, in the site's language (as reminders are)
    for locale, viewport, name in (
        ("zh-CN", (1366, 768), "41-note-read-zh.png"),
        ("en-US", (390, 844), "42-note-read-en.png"),
    ):
        colleague = Desk(browser, live_server.url, "mz-clerk", locale=locale, viewport=viewport)
        expect(colleague.page).to_have_url(re.compile(r"/staff/work/mine/$"))
        notice = colleague.page.get_by_text(re.compile("吴磊在内部备注中提到了您")).first
        expect(notice).to_be_visible()
        colleague.open(item_page)
        mention = colleague.page.locator(".notes-list .notes-mention")
        expect(mention).to_have_text("@谭雅琴")
        expect(colleague.page.locator(".notes-list")).to_contain_text("停车泊位")
        colleague.page.locator("#notes").scroll_into_view_if_needed()
        colleague.shot(name)
        colleague.context.close()
    assert Notice.objects.filter(recipient__username="mz-clerk").count() == 1

    outsider = Desk(browser, live_server.url, "cz-clerk")  # 市财政局: no share of item 12
    response = outsider.page.goto(live_server.url + item_page)
    assert response.status == 403
    expect(outsider.page.locator("body")).not_to_contain_text("停车泊位")
    outsider.context.close()

    anonymous = browser.new_context()
    page = anonymous.new_page()
    page.goto(live_server.url + "/")
    expect(page.locator("body")).not_to_contain_text("停车泊位")
    anonymous.close()

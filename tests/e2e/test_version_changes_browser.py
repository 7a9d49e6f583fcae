"""The unit leader returns the demo package, the drafter rewrites parts of it in the browser
and resubmits; the leader opens version 2 and reads what changed since version 1, in Chinese
and in English, at a laptop's 1366×768. Screenshots go to test-artifacts/e2e/ for a person to
look at."""

import re

from playwright.sync_api import expect

from base.organisation.demo import load_units_and_people
from interpretation.models import PolicyDocument, VersionSeen
from tests.e2e.test_interpretation_browser import ARTIFACTS, Desk, browser  # noqa: F401
from workflows.interpretation.demo import NUMBER, load_demo_package

QUESTION = "涉及未成年人（年龄<18岁）的信息如何处理？"  # "<" and "&" stay text
LAPTOP = {"width": 1366, "height": 768}
ANSWER = "应在24小时内予以回应。"
DIFFERENCES = "与上一年度相比，新增建议提案办理复文全文公开、政务热线整合和政策解读同步报批的要求。"


def open_task(desk, who_sees, lands_on):
    desk.click(desk.task_link(NUMBER), who_sees)
    if not re.search(lands_on, desk.page.url):
        desk.click(
            desk.page.locator("button[name=_continue], a[href$='/execute/']").first, lands_on
        )


def test_a_leader_reads_what_the_drafter_changed(live_server, browser):  # noqa: F811
    load_units_and_people()
    load_demo_package(until="sign_off")  # version 1, waiting for the leader
    document = PolicyDocument.objects.get(number=NUMBER)
    interpretation = document.interpretation

    leader = Desk(browser, live_server.url, "leader")
    leader.open("/staff/policy/interpretation/queue/")
    open_task(leader, r"/sign_off/\d+/", r"/execute/$")
    leader.page.get_by_label("退回").check()
    leader.page.locator("textarea[name=comment]").fill(
        "请写明舆情回应时限的依据，并补充文件印发前的时间节点。"
    )
    leader.click(leader.page.get_by_role("button", name="提交意见"), r"/(queue|mine)/$")
    leader.context.close()

    drafter = Desk(browser, live_server.url, "drafter")
    drafter.open("/staff/policy/interpretation/inbox/")
    open_task(drafter, r"/draft/\d+/", r"/execute/$")
    page = drafter.page
    body = document.body.replace("凡政府全体会议和常务会议", "凡市政府全体会议、常务会议和专题会议")
    page.locator("textarea[name='document-body']").fill(body)
    page.locator("textarea[name='material-differences']").fill(DIFFERENCES)
    page.locator("textarea[name='material-standards']").fill(
        interpretation.standards.replace("48小时内回应", "24小时内回应")
    )
    qa = page.locator("textarea[name='material-qa']")
    qa.fill(
        qa.input_value().replace("应在48小时内予以回应。", ANSWER)
        + f"\n{QUESTION} | 依法不予公开，确需公开的作隐名处理。"
    )
    figures = page.locator("textarea[name='material-key_figures']")
    figures.fill(
        figures.input_value()
        .replace("48 | 小时 | 其他政务舆情回应时限", "24 | 小时 | 其他政务舆情回应时限")
        .replace("\n23 | 项 | 年度重点任务", "")
    )
    timeline = page.locator("textarea[name='material-timeline']")
    timeline.fill("2018年6月20日 | 征求市府直属各单位意见\n" + timeline.input_value())
    drafter.click(page.locator("button[name=submit]"), r"/(inbox|mine)/$")
    assert document.versions.count() == 2
    drafter.context.close()

    for locale, name, listing in (
        ("zh-CN", "10-changes-zh.png", "queue"),
        ("en-US", "11-changes-en.png", "inbox"),  # the leader has taken the task by now
    ):
        VersionSeen.objects.filter(document=document).update(
            version=document.versions.get(number=1)
        )
        leader = Desk(browser, live_server.url, "leader", locale=locale)
        leader.page.set_viewport_size(LAPTOP)
        if locale != "zh-CN":
            leader.context.add_cookies(
                [{"name": "django_language", "value": "en", "url": live_server.url}]
            )
        leader.open(f"/staff/policy/interpretation/{listing}/")
        open_task(leader, r"/sign_off/\d+/", r"/execute/$")
        changes = leader.page.locator(".version-changes")
        expect(changes.locator("del", has_text="48").first).to_be_visible()
        expect(changes.locator("ins", has_text="24").first).to_be_visible()
        expect(changes.locator("ins", has_text=QUESTION)).to_be_visible()
        expect(changes.locator("details.change-unchanged")).not_to_have_attribute("open", "")
        width = leader.page.evaluate("document.documentElement.scrollWidth")
        assert width <= LAPTOP["width"], f"the page scrolls sideways ({width}px)"
        # the changes are the first thing the reviewer reads; nothing was changed in 关键词注释
        # (the browser only sent its line breaks as CRLF)
        expect(changes.locator("h4")).to_have_count(6)
        expect(leader.page.locator(".mdc-snackbar--open")).to_have_count(0, timeout=15_000)
        leader.page.screenshot(path=ARTIFACTS / name.replace(".png", "-top.png"))
        leader.page.screenshot(path=ARTIFACTS / name, full_page=True)
        changes.screenshot(path=ARTIFACTS / name.replace(".png", "-section.png"))
        changes.locator("details.change-unchanged summary").click()
        title = "标题" if locale == "zh-CN" else "Title"
        expect(
            changes.locator(".change-names li", has_text=re.compile(f"^{title}$"))
        ).to_be_visible()
        changes.locator("details.change-unchanged").screenshot(
            path=ARTIFACTS / name.replace(".png", "-unchanged.png")
        )
        leader.context.close()

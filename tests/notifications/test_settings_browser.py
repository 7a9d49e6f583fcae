"""通知设置 and a notice in the browser: the unit leader finds an event's notice in 我的提醒,
opens 通知设置 from the menu and chooses the morning digest; in Chinese at a laptop's width
and in English on a phone. Screenshots go to test-artifacts/e2e/."""

import os
import re

from playwright.sync_api import expect

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in the test thread

from base.organisation.demo import load_units_and_people  # noqa: E402
from base.organisation.models import Person  # noqa: E402
from notifications import dispatch  # noqa: E402
from notifications.events import raise_event  # noqa: E402
from notifications.models import Frequency, Kind, Preference, UnitRobot  # noqa: E402
from tests.e2e.test_interpretation_browser import Desk, browser  # noqa: E402, F401


def test_a_leader_reads_a_notice_and_chooses_the_morning_digest(live_server, browser):  # noqa: F811
    load_units_and_people()
    director = Person.objects.get(username="director")
    director.email = "director@zhanjiang.gov.cn"
    director.save()
    UnitRobot.objects.create(unit=director.unit, name="教育局办公群", kind="wecom", token="k1")
    title = "收到反馈：人大建议第0007号《关于加强校园周边交通安全的建议》"
    raise_event("demo-feedback", Kind.FEEDBACK, title, "代表委员的意见：满意。",
                link="/staff/work/mine/", people=[director])  # fmt: skip
    UnitRobot.objects.update(active=False)  # the robot's post is not this test's business
    dispatch.sweep()
    UnitRobot.objects.update(active=True)

    leader = Desk(browser, live_server.url, "director")
    leader.open("/staff/supervision/notices/")
    expect(leader.page.get_by_text("收到反馈：人大建议第0007号")).to_be_visible()
    leader.shot("70-notice-zh.png")
    leader.click(leader.page.get_by_role("link", name="通知设置").first, r"/notice_settings/$")
    expect(leader.page.locator("#ns-robots")).to_contain_text("教育局办公群")
    leader.page.get_by_label(re.compile("每日汇总")).check()
    leader.click(leader.page.get_by_role("button", name="保存"), r"/notice_settings/$")
    expect(leader.page.locator("#ns-done")).to_contain_text("通知设置已保存")
    leader.shot("71-notice-settings-zh.png")
    leader.context.close()
    assert Preference.objects.get(person=director).email == Frequency.DAILY

    phone = Desk(browser, live_server.url, "director", locale="en-US", viewport=(390, 844))
    phone.open("/staff/supervision/notice_settings/")
    expect(phone.page.locator("#ns-form")).to_be_visible()  # its English comes with the catalog
    phone.shot("72-notice-settings-en.png")
    phone.context.close()


def test_the_office_edits_what_proposers_are_sent(live_server, browser):  # noqa: F811
    load_units_and_people()
    clerk = Desk(browser, live_server.url, "clerk")
    clerk.open("/staff/proposals/proposer_texts/")
    form = clerk.page.locator("#pt-reply_sent")
    form.locator("textarea[name='reply_sent-sms']").fill(
        "{姓名}代表：您的{编号}已答复，{称呼}请反馈：{链接}"
    )
    clerk.click(form.get_by_role("button", name="保存"), r"/proposer_texts/$")
    expect(clerk.page.locator("#pt-reply_sent")).to_contain_text("没有字段“称呼”")
    clerk.shot("73-proposer-texts-refused-zh.png")
    clerk.context.close()

    phone = Desk(browser, live_server.url, "clerk", locale="en-US", viewport=(390, 844))
    phone.open("/staff/proposals/proposer_texts/")
    expect(phone.page.locator("#pt-feedback_reminder")).to_be_visible()
    phone.shot("74-proposer-texts-en.png")
    phone.context.close()

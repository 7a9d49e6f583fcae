"""委托办理 and 改派 in a real Chromium, in Chinese and in English.

市教育局's handling clerk 吴磊 (`handler`) holds a suggestion's sign-for step and goes away:
on the 委托办理 page (from 我的待办) he hands his work to his colleague 邓雨 for a week. She
finds the task in her 我的待办 marked 代吴磊办理, takes it for him and signs for the share;
the item's page names her with 代吴磊办理. Then the unit's leader (`director`) hands the next
step to 吴磊 with 改派 on the item's page. Screenshots go to test-artifacts/e2e/.

The texts new with this page are checked by their elements, not their words: their English
arrives when the translations are merged."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from playwright.sync_api import expect
from viewflow.workflow.status import STATUS

from base.audit.models import AuditRecord
from base.organisation.demo import DEMO_PASSWORD, load_units_and_people
from base.organisation.models import Person, Unit
from base.organisation.roles import Role
from tests.e2e.test_interpretation_browser import Desk, browser  # noqa: F401
from tests.factories import PersonFactory
from tests.workflows.proposal_desk import ProposalDesk
from workflows.models import Delegation

EDU = "湛江市教育局"
LABEL = "人大建议第0031号"
WORDS = {
    "zh-CN": {"submit": "办理", "signed": "已签收。", "end": "2026年3月9日"},
    "en-US": {"submit": "Submit", "signed": "Signed for.", "end": "9 March 2026"},
}


@pytest.fixture
def spring():
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        yield


def colleague():
    """A second handling clerk of 市教育局, who may log in with the demo password."""
    person = PersonFactory(
        username="handler2",
        unit=Unit.objects.get(name=EDU),
        roles=[Role.HANDLING_CLERK],
        last_name="邓",
        first_name="雨",
        job_title="办公室科员",
    )
    person.set_password(DEMO_PASSWORD)
    person.save()
    return person


def choose(page, select, option):
    """Picks an option of viewflow's select (a web component)."""
    page.locator(f"vf-field-select[name={select}]").click()
    page.get_by_role("option", name=option, exact=True).click()
    expect(page.get_by_role("option").first).to_be_hidden()


@pytest.mark.parametrize("locale", WORDS)
def test_a_clerk_delegates_the_colleague_does_it_and_the_leader_reassigns(
    live_server,
    browser,  # noqa: F811
    spring,
    locale,
):
    words, tag = WORDS[locale], locale[:2]
    load_units_and_people()
    other = colleague()
    desk = ProposalDesk(Client())
    desk.import_items({"编号": "31", "标题": "关于在硇洲岛增设海上救援站点的建议"})
    process = desk.process(31)
    desk.act(process, "assign", {"handling": "lead", "lead": Unit.objects.get(name=EDU).pk})
    task = desk.task_of(process, "sign_for", EDU)
    desk.login("handler")
    assert desk.client.post(desk.url(task, "assign")).status_code == 302  # 吴磊 holds it

    # 吴磊 hands his work to 邓雨 for a week, from 我的待办
    handler = Desk(browser, live_server.url, "handler", locale)
    page = handler.page
    handler.click(page.locator("#mw-delegation a"), r"/staff/work/delegation/$")
    choose(page, "delegate", "邓雨（办公室科员）")
    expect(page.locator("input[name=starts_on]")).to_have_value("2026-03-02")
    page.fill("input[name=ends_on]", "2026-03-01")  # before the start: refused, said why
    page.fill("input[name=reason]", "外出培训")
    page.locator("#dl-form .mdc-card__action").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#form-errors li")).to_have_count(1)
    handler.shot(f"60-{tag}-delegation-refused.png")
    assert not Delegation.objects.exists()
    choose(page, "delegate", "邓雨（办公室科员）")  # the form comes back as it was sent
    page.fill("input[name=ends_on]", "2026-03-09")
    handler.shot(f"61-{tag}-delegation-form.png")
    handler.click(page.locator("#dl-form .mdc-card__action"), r"/staff/work/delegation/$")
    expect(page.locator("#dl-given")).to_contain_text("邓雨")
    expect(page.locator("#dl-given")).to_contain_text(words["end"])
    handler.shot(f"62-{tag}-delegated.png")
    delegation = Delegation.objects.get()
    assert (delegation.delegator.username, delegation.delegate) == ("handler", other)
    handler.context.close()

    # 邓雨 finds it in 我的待办, takes it for him and signs for the share
    stand_in = Desk(browser, live_server.url, "handler2", locale)
    page = stand_in.page
    row = page.locator("#mw-work tr", has_text=LABEL)
    expect(row.locator(".mw-state--behalf")).to_contain_text("吴磊")
    stand_in.shot(f"63-{tag}-delegate-my-work.png")
    stand_in.click(stand_in.task_link(LABEL), r"/sign_for/\d+/reassign/$")
    expect(page.locator("#reassign-lead")).to_contain_text("吴磊")
    stand_in.shot(f"64-{tag}-take-on-behalf.png")
    stand_in.click(page.locator("#reassign-form .mdc-card__action"), r"/sign_for/\d+/execute/$")
    page.locator("input[name=decision][value=sign]").check()
    stand_in.click(page.get_by_role("button", name=words["submit"]), r"/staff/work/mine/$")
    expect(page.locator("#mw-done")).to_contain_text(words["signed"])
    task.refresh_from_db()
    assert (task.status, task.owner) == (STATUS.DONE, other)
    done = AuditRecord.objects.get(action="workflows.done_on_behalf", actor=other)
    assert done.details["note"] == "代吴磊办理"  # in the site's language, whatever the reader's

    stand_in.open(f"/staff/proposals/proposal/{process.pk}/")
    done_row = page.locator("table tr", has=page.locator(".vf-behalf"))
    expect(done_row).to_contain_text("邓雨")
    expect(done_row.locator(".vf-behalf")).to_contain_text("吴磊")  # 代吴磊办理
    stand_in.shot(f"65-{tag}-history.png")
    stand_in.context.close()

    # the unit's leader hands the next step (not yet taken) to 吴磊
    contact = desk.task_of(process, "contact", EDU)
    assert contact.status == STATUS.NEW
    leader = Desk(browser, live_server.url, "director", locale)
    page = leader.page
    leader.open(f"/staff/proposals/proposal/{process.pk}/")
    leader.click(page.locator("a.vf-reassign").first, r"/contact/\d+/reassign/$")
    choose(page, "target", "吴磊（办公室科员）")
    leader.shot(f"66-{tag}-reassign.png")
    leader.click(page.locator("#reassign-form .mdc-card__action"), rf"/proposal/{process.pk}/$")
    contact.refresh_from_db()
    assert (contact.status, contact.owner.username) == (STATUS.ASSIGNED, "handler")
    expect(page.locator("table.mdc-data-table__table")).to_contain_text("吴磊")
    leader.shot(f"67-{tag}-reassigned.png")
    assert AuditRecord.objects.get(action="workflows.task_reassigned").details["after"] == "handler"
    assert Person.objects.get(username="handler").unit.name == EDU

"""委托办理 and 改派: a person away hands their work to a colleague of the same unit with the
same roles, who finds it in 我的待办, takes it for them and does it, marked 代某某办理 on the
task, in the audit log and on the process page; only while the delegation is in force. A unit
leader hands an open task of the unit to a colleague who may take the step."""

import re
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from viewflow.workflow.status import STATUS

from base.audit.models import AuditRecord
from base.organisation.models import Person, Unit
from base.organisation.roles import Role
from supervision.models import Audience, Notice, Stage
from supervision.people import Directory
from supervision.reminders import recipients
from supervision.worklist import my_work
from tests.factories import PersonFactory
from tests.workflows.conftest import package_data
from workflows import delegation
from workflows.models import Delegation

OFFICE, EDU, CIVIL = "湛江市人民政府办公室", "湛江市教育局", "湛江市民政局"
PAGE = reverse("staff:work:delegation:index")


def colleague(username="drafter2", unit=OFFICE, roles=(Role.DRAFTER,), family="张", given="丽"):
    return PersonFactory(
        username=username,
        unit=Unit.objects.get(name=unit),
        roles=list(roles),
        last_name=family,
        first_name=given,
    )


def fresh(person):
    """The person as a new request would see them (nothing remembered)."""
    return Person.objects.get(pk=person.pk)


def delegate(desk, delegator, to, days=(0, 7)):
    today = delegation.today()
    start, end = (today + timedelta(days=n) for n in days)
    return delegation.create(desk.people[delegator] if isinstance(delegator, str) else delegator,
                             to, start, end, "出差")  # fmt: skip


def work_of(person):
    found = my_work(fresh(person))
    return [(item.label, str(item.step_title), item.held, item.on_behalf) for item in found]


def offers(page, person):
    """Whether the page's select (viewflow's web component, its options as JSON) offers them."""
    return f"&quot;value&quot;: &quot;{person.pk}&quot;" in page


def messages_of(error):
    return " ".join(error.value.messages)


# --- the rules ---------------------------------------------------------------------------------


def test_only_a_colleague_of_the_same_unit_with_the_same_roles(desk):
    drafter, today = desk.people["drafter"], delegation.today()
    week = today + timedelta(days=7)
    with pytest.raises(ValidationError) as refused:
        delegation.check(drafter, desk.people["mz-drafter"], today, week)
    assert "只能委托给本单位（湛江市人民政府办公室）的同事。" in messages_of(refused)
    with pytest.raises(ValidationError) as refused:
        delegation.check(drafter, desk.people["reviewer"], today, week)
    assert "陈静没有与您相同的角色（缺少：起草人），不能代您办理。" in messages_of(refused)
    with pytest.raises(ValidationError) as refused:
        delegation.check(drafter, drafter, today, week)
    assert "不能委托给自己。" in messages_of(refused)
    other = colleague()
    with pytest.raises(ValidationError) as refused:
        delegation.check(drafter, other, week, today)
    assert "结束日期不能早于开始日期。" in messages_of(refused)
    with pytest.raises(ValidationError) as refused:
        delegation.check(drafter, other, today - timedelta(days=1), week)
    assert "开始日期不能早于今天。" in messages_of(refused)
    with pytest.raises(ValidationError) as refused:
        delegation.check(desk.people["admin"], other, today, week)
    assert "您不属于任何单位，不能委托他人办理。" in messages_of(refused)
    delegation.check(drafter, other, today, week)  # this one is fine


def test_a_delegation_is_audited_and_one_period_is_handed_to_one_colleague(desk):
    other = colleague()
    made = delegate(desk, "drafter", other)
    record = AuditRecord.objects.get(action="workflows.delegation_created")
    assert record.actor == desk.people["drafter"]
    assert record.details["delegate"] == "drafter2"
    with pytest.raises(ValidationError) as refused:
        delegate(desk, "drafter", colleague("drafter3", given="芳"), days=(3, 9))
    assert "请先撤销原委托" in messages_of(refused)
    delegation.revoke(made, desk.people["drafter"])
    assert AuditRecord.objects.filter(action="workflows.delegation_revoked").exists()
    delegate(desk, "drafter", colleague("drafter3", given="芳"), days=(3, 9))  # now it may


def test_a_delegation_is_in_force_from_its_first_day_to_its_last(desk):
    other = colleague()
    today = delegation.today()
    made = delegate(desk, "drafter", other, days=(1, 3))
    assert delegation.delegators_of(fresh(other), today) == []
    for day in (1, 2, 3):
        found = delegation.delegators_of(fresh(other), today + timedelta(days=day))
        assert found == [desk.people["drafter"]]
    assert delegation.delegators_of(fresh(other), today + timedelta(days=4)) == []
    delegation.revoke(made, desk.people["drafter"])
    assert delegation.delegators_of(fresh(other), today + timedelta(days=2)) == []


def test_a_delegate_who_moved_to_another_unit_no_longer_acts(desk):
    other = colleague()
    delegate(desk, "drafter", other)
    assert delegation.may_act_for(fresh(other), desk.people["drafter"])
    Person.objects.filter(pk=other.pk).update(unit=Unit.objects.get(name=CIVIL))
    assert not delegation.may_act_for(fresh(other), desk.people["drafter"])


# --- the delegate's work -----------------------------------------------------------------------


def test_the_delegate_finds_takes_and_does_the_drafters_task_for_them(desk):
    process = desk.start()
    number = process.artifact.number
    other = colleague()
    task = desk.open_task(process, "draft")
    assert task.owner == desk.people["drafter"]
    assert work_of(other) == []  # not theirs: the package's drafter's own draft
    assert not task.flow_task.allows(fresh(other), task)

    delegate(desk, "drafter", other)
    assert work_of(other) == [(number, "起草文件及解读", False, "李明")]
    assert task.flow_task.allows(fresh(other), task)
    desk.client.force_login(other)
    home = desk.client.get(reverse("staff:work:mine:index")).content.decode()
    assert "代李明办理" in home and "您正受李明委托代其办理。" in home

    # the task's address offers to take it for the drafter, then opens its form
    opened = desk.client.get(desk.url(task, "index"))
    assert opened.url == desk.url(task, "reassign")
    page = desk.client.get(opened.url)
    assert page.status_code == 200 and "代李明办理" in page.content.decode()
    taken = desk.client.post(desk.url(task, "reassign"))
    assert taken.url == desk.url(task, "execute")
    task.refresh_from_db()
    assert task.owner == other and task.status == STATUS.ASSIGNED
    assert delegation.on_behalf_of(task) == "李明"
    record = AuditRecord.objects.get(action="workflows.taken_on_behalf")
    assert record.actor == other and record.details["note"] == "代李明办理"
    assert work_of(other) == [(number, "起草文件及解读", True, "李明")]
    [away] = my_work(fresh(desk.people["drafter"]))  # the drafter sees who holds it for him
    assert (away.held, away.stand_in) == (False, "张丽")

    response = desk.client.post(desk.url(task, "execute"), package_data(submit="1"))
    assert response.status_code == 302, response.content.decode()[:2000]
    done = AuditRecord.objects.get(action="workflows.done_on_behalf")
    assert done.actor == other and done.details == {
        "task": task.pk, "step": "draft", "on_behalf_of": "drafter", "note": "代李明办理"
    }  # fmt: skip
    history = desk.client.get(
        reverse("staff:policy:interpretation:process_detail", args=[process.pk])
    )
    assert "代李明办理" in history.content.decode()


def test_without_a_delegation_in_force_the_colleague_may_not_take_it(desk):
    process = desk.start()
    other = colleague()
    task = desk.open_task(process, "draft")
    made = delegate(desk, "drafter", other, days=(1, 5))  # from tomorrow
    desk.client.force_login(other)
    assert work_of(other) == []
    refused = desk.client.get(desk.url(task, "reassign"))  # a colleague sees who has it
    assert refused.status_code == 409 and "该任务已由李明领取办理。" in refused.content.decode()
    assert desk.client.post(desk.url(task, "reassign")).status_code == 409
    delegation.revoke(made, desk.people["drafter"])
    stranger = colleague("mz-drafter2", unit=CIVIL, given="军")
    Delegation.objects.create(  # written around the rules: another unit's drafter gains nothing
        delegator=desk.people["drafter"], delegate=stranger, starts_on=delegation.today(),
        ends_on=delegation.today(), reason="x", created_by=desk.people["drafter"],
    )  # fmt: skip
    desk.client.force_login(stranger)
    assert work_of(stranger) == []
    assert desk.client.post(desk.url(task, "reassign")).status_code == 403
    task.refresh_from_db()
    assert task.owner == desk.people["drafter"]


def test_the_delegate_of_an_absent_holder_is_reminded_too(desk):
    other = colleague()
    delegate(desk, "drafter", other)
    item = SimpleNamespace(owner_id=desk.people["drafter"].pk, unit_id=other.unit_id)
    told = {member.pk: audience for member, audience in recipients(item, Stage.BEFORE, Directory())}
    assert told[other.pk] == Audience.ASSIGNEE
    assert told[desk.people["drafter"].pk] == Audience.ASSIGNEE


# --- the page ----------------------------------------------------------------------------------


def test_the_page_delegates_refuses_another_unit_and_revokes(desk):
    other = colleague()
    desk.client.force_login(desk.people["drafter"])
    page = desk.client.get(PAGE).content.decode()
    assert offers(page, other) and not offers(page, desk.people["mz-drafter"])  # colleagues
    today = delegation.today()
    form = {"starts_on": today, "ends_on": today + timedelta(days=3), "reason": "休假"}
    bad = desk.client.post(PAGE, {**form, "delegate": desk.people["mz-drafter"].pk})
    assert bad.status_code == 422 and not Delegation.objects.exists()
    late = desk.client.post(PAGE, {**form, "delegate": other.pk, "ends_on": today - timedelta(1)})
    assert late.status_code == 422 and "结束日期不能早于开始日期。" in late.content.decode()
    made = desk.client.post(PAGE, {**form, "delegate": other.pk})
    assert made.status_code == 302
    found = Delegation.objects.get()
    assert (found.delegator, found.delegate, found.reason) == (
        desk.people["drafter"],
        other,
        "休假",
    )

    desk.client.force_login(other)  # the delegate sees it, and may not revoke it
    assert "李明" in desk.client.get(PAGE).content.decode()
    revoke = reverse("staff:work:delegation:revoke", args=[found.pk])
    assert desk.client.post(revoke).status_code == 404
    desk.client.force_login(desk.people["drafter"])
    assert desk.client.post(revoke).status_code == 302
    found.refresh_from_db()
    assert found.revoked_at is not None


def test_the_dates_read_as_people_write_them_in_either_language(desk):
    other = colleague()
    desk.client.force_login(desk.people["drafter"])
    start, end = delegation.today() + timedelta(days=1), delegation.today() + timedelta(days=12)
    form = {"starts_on": start, "ends_on": end, "reason": "休假", "delegate": other.pk}
    done = desk.client.post(PAGE, form, follow=True).content.decode()
    chinese = [f"{day.year}年{day.month}月{day.day}日" for day in (start, end)]
    assert f"已委托张丽在{chinese[0]}至{chinese[1]}代您办理。" in done  # the message
    assert f'<td class="dl-period">{chinese[0]}至{chinese[1]}</td>' in done  # 期间
    card = desk.client.get(reverse("staff:work:mine:index")).content.decode()
    assert f"您已委托张丽代您办理至{chinese[1]}。" in card
    again = desk.client.post(PAGE, form).content.decode()
    assert f"您已委托张丽在{chinese[0]}至{chinese[1]}办理" in again  # the overlap refused
    assert end.isoformat() not in done + card  # (a date field keeps ISO for the browser)

    desk.client.cookies["django_language"] = "en"
    english = [f"{day.day} {day:%B} {day.year}" for day in (start, end)]
    card = desk.client.get(reverse("staff:work:mine:index")).content.decode()
    assert f"张丽 is acting for you until {english[1]}." in card
    Delegation.objects.all().delete()
    done = desk.client.post(PAGE, form, follow=True).content.decode()
    assert f"张丽 will act for you from {english[0]} to {english[1]}." in done


def test_someone_without_a_colleague_to_delegate_to_is_told_so(desk):
    for username, text in [
        ("drafter", "本单位没有与您角色相同的同事，暂不能委托。"),
        ("admin", "您不属于任何单位，不能委托他人办理。"),
    ]:
        desk.client.force_login(desk.people[username])
        page = desk.client.get(PAGE)
        assert page.status_code == 200 and text in page.content.decode()


def test_the_top_bar_names_the_page(desk):
    desk.client.force_login(desk.people["drafter"])
    for language, title in [("zh-hans", "委托办理"), ("en", "Delegation")]:
        desk.client.cookies["django_language"] = language
        html = desk.client.get(PAGE).content.decode()
        bar = re.search(r'class="mdc-top-app-bar__title">\s*(.*?)\s*</span>', html, re.S)
        assert bar.group(1) == title, language


def test_my_work_offers_delegation_only_where_there_is_a_colleague_to_hand_work_to(desk):
    home = reverse("staff:work:mine:index")
    desk.client.force_login(desk.people["drafter"])  # nobody else drafts for 市府办公室
    card = desk.client.get(home).content.decode()
    assert "本单位没有与您角色相同的同事，外出时可请单位负责人改派。" in card
    assert f'href="{PAGE}"' not in card  # no way into a page that can only say no
    desk.client.force_login(desk.people["admin"])  # no unit, no roles to hand on
    assert 'id="mw-delegation"' not in desk.client.get(home).content.decode()
    colleague()
    desk.client.force_login(fresh(desk.people["drafter"]))
    card = desk.client.get(home).content.decode()
    assert f'href="{PAGE}"' in card and "外出、休假时，可把待办委托给本单位角色相同的同事。" in card


# --- 改派 --------------------------------------------------------------------------------------


def reviewing(desk):
    """A package of 市府办公室 at its openness review, taken by `reviewer`."""
    process = desk.start()
    desk.login("drafter")
    desk.submit(process)
    desk.approve(process, ("leader", "sign_off"))
    desk.login("reviewer")
    return process, desk.take(process, "openness_review")


def test_a_unit_leader_reassigns_an_open_task_to_a_colleague_who_may_take_the_step(desk):
    process, task = reviewing(desk)
    second = colleague("reviewer2", roles=[Role.OPENNESS_REVIEWER], family="林", given="芳")
    url = desk.url(task, "reassign")

    for username in ("reviewer", "drafter", "mz-head", "director"):  # not the unit's leader
        desk.login(username)
        assert desk.client.get(url).status_code in (403, 409), username  # 409: who has it
    desk.login("leader")
    detail = reverse("staff:policy:interpretation:process_detail", args=[process.pk])
    assert url in desk.client.get(detail).content.decode()  # 改派 on the process page
    page = desk.client.get(url).content.decode()
    assert offers(page, second) and not offers(page, desk.people["drafter"])  # who may take it
    refused = desk.client.post(url, {"target": desk.people["drafter"].pk})
    assert refused.status_code == 422
    task.refresh_from_db()
    assert task.owner == desk.people["reviewer"]

    moved = desk.client.post(url, {"target": second.pk})
    assert moved.url == detail
    task.refresh_from_db()
    assert task.owner == second and task.status == STATUS.ASSIGNED
    record = AuditRecord.objects.get(action="workflows.task_reassigned")
    assert record.actor == desk.people["leader"]
    assert (record.details["before"], record.details["after"]) == ("reviewer", "reviewer2")
    assert [row[:3] for row in work_of(second)] == [(process.artifact.number, "公开审查", True)]


def test_a_reassigned_task_is_told_to_its_new_holder_and_to_the_one_it_was_taken_from(desk):
    from notifications import dispatch

    process, task = reviewing(desk)
    second = colleague("reviewer2", roles=[Role.OPENNESS_REVIEWER], family="林", given="芳")
    desk.login("leader")
    desk.client.post(desk.url(task, "reassign"), {"target": second.pk})
    dispatch.sweep()  # the notices' run, as after the commit
    page = reverse("staff:policy:interpretation:process_detail", args=[process.pk])
    (new,) = Notice.objects.filter(recipient=second)
    assert new.title.startswith("改派给您：公开审查")
    assert new.body == "王强将“公开审查”改派给您，请在“我的待办”中办理。" and new.link == page
    (old,) = Notice.objects.filter(recipient=desk.people["reviewer"], title__startswith="已改派")
    assert old.body == "王强已将“公开审查”改派给林芳，您无需再办理。" and old.link == page
    for person in (second, desk.people["reviewer"]):  # each link opens for its reader
        desk.client.force_login(person)
        assert desk.client.get(page).status_code == 200, person


def test_a_unit_leader_assigns_an_untaken_task_with_viewflows_assign(desk):
    process = desk.start()
    desk.login("drafter")
    desk.submit(process)
    second = colleague("leader2", roles=[Role.UNIT_LEADER], family="何", given="军")
    task = desk.open_task(process, "sign_off")
    assert task.status == STATUS.NEW
    desk.login("leader")
    assert desk.client.post(desk.url(task, "reassign"), {"target": second.pk}).status_code == 302
    task.refresh_from_db()
    assert (task.owner, task.status) == (second, STATUS.ASSIGNED)


def test_an_untaken_task_only_the_delegator_may_take_is_marked_when_the_delegate_takes_it(desk):
    process = desk.start()
    other = colleague()
    task = desk.open_task(process, "draft")
    desk.login("drafter")
    assert desk.client.post(desk.url(task, "unassign")).status_code == 302  # back to untaken
    delegate(desk, "drafter", other)
    desk.client.force_login(other)
    assert work_of(other) == [(process.artifact.number, "起草文件及解读", False, "李明")]
    assert desk.client.post(desk.url(task, "assign")).status_code == 302  # viewflow's page
    task.refresh_from_db()
    assert task.owner == other and delegation.on_behalf_of(task) == "李明"
    assert AuditRecord.objects.filter(action="workflows.taken_on_behalf", actor=other).exists()


def test_the_delegator_sees_what_the_stand_in_holds_for_them_and_takes_it_back(desk):
    process = desk.start()
    other = colleague()
    task = desk.open_task(process, "draft")
    made = delegate(desk, "drafter", other)
    desk.client.force_login(other)
    desk.client.post(desk.url(task, "reassign"))  # 代李明办理
    delegation.revoke(made, desk.people["drafter"])  # back early

    drafter = fresh(desk.people["drafter"])
    [item] = my_work(drafter)
    assert (item.held, item.stand_in) == (False, "张丽")
    desk.login("drafter")
    assert "张丽代办中" in desk.client.get(reverse("staff:work:mine:index")).content.decode()
    assert desk.client.get(item.url).url == desk.url(task, "reassign")  # offered 收回
    taken = desk.client.post(desk.url(task, "reassign"))
    assert taken.url == desk.url(task, "execute")
    task.refresh_from_db()
    assert task.owner == drafter and delegation.on_behalf_of(task) == ""
    record = AuditRecord.objects.get(action="workflows.taken_back")
    assert (record.actor, record.details["before"]) == (drafter, "drafter2")
    assert work_of(other) == []

"""Attacks on 委托办理 through viewflow's other doors: a task a stand-in took for someone and
then put back (取消认领) is no longer anyone's "代某某办理" — whoever takes it next in their own
right is not marked as acting for the delegator; and a task taken for the delegator from the
queue in bulk (批量认领) is marked and audited as the single 认领 is."""

from django.urls import reverse
from viewflow.workflow.status import STATUS

from base.audit.models import AuditRecord
from base.organisation.models import Unit
from base.organisation.roles import Role
from tests.factories import PersonFactory
from tests.workflows import conftest as workflows
from workflows import delegation

desk = workflows.desk  # the policy flow driven over HTTP by the demo people


def test_a_task_put_back_by_the_stand_in_is_no_longer_marked_for_the_delegator(desk):
    process = desk.start()
    drafter = desk.people["drafter"]
    other = PersonFactory(
        username="drafter2",
        unit=Unit.objects.get(name="湛江市人民政府办公室"),
        roles=[Role.DRAFTER],
        last_name="张", first_name="丽",
    )  # fmt: skip
    today = delegation.today()
    delegation.create(drafter, other, today, today, "出差")
    task = desk.open_task(process, "draft")
    desk.client.force_login(other)
    assert desk.client.post(desk.url(task, "reassign")).status_code == 302  # 代李明办理
    assert desk.client.post(desk.url(task, "unassign")).status_code == 302  # put back
    task.refresh_from_db()
    assert task.status == STATUS.NEW

    desk.login("drafter")  # back, and takes their own draft
    assert desk.client.post(desk.url(task, "assign")).status_code == 302
    task.refresh_from_db()
    assert task.owner == drafter and delegation.on_behalf_of(task) == ""
    assert desk.submit(process).status_code == 302
    assert not AuditRecord.objects.filter(action="workflows.done_on_behalf").exists()
    page = reverse("staff:policy:interpretation:process_detail", args=[process.pk])
    assert "代李明办理" not in desk.client.get(page).content.decode()


def test_a_task_taken_for_the_delegator_from_the_queue_in_bulk_is_marked_and_audited(desk):
    """viewflow's 批量认领 in the queue takes what 认领 takes: the same mark and audit."""
    process = desk.start()
    other = PersonFactory(
        username="drafter2",
        unit=Unit.objects.get(name="湛江市人民政府办公室"),
        roles=[Role.DRAFTER],
        last_name="张", first_name="丽",
    )  # fmt: skip
    task = desk.open_task(process, "draft")
    desk.login("drafter")
    assert desk.client.post(desk.url(task, "unassign")).status_code == 302  # back to untaken
    today = delegation.today()
    delegation.create(desk.people["drafter"], other, today, today, "出差")
    desk.client.force_login(other)
    bulk = reverse("staff:policy:interpretation:tasks_assign")
    desk.client.post(bulk, {"pk": [task.pk], "_confirm": "1"})
    task.refresh_from_db()
    assert task.owner == other and delegation.on_behalf_of(task) == "李明"
    record = AuditRecord.objects.get(action="workflows.taken_on_behalf")
    assert (record.actor, record.details["on_behalf_of"]) == (other, "drafter")


def test_a_delegate_who_moved_to_another_unit_is_not_reminded_of_the_old_units_work(desk):
    """The reminders ask who stands in as 我的待办 does: a stand-in now in 市民政局 hears
    nothing more of 市府办公室's items, whatever the delegation's dates say."""
    from types import SimpleNamespace

    from base.organisation.models import Person
    from supervision.models import Stage
    from supervision.people import Directory
    from supervision.reminders import recipients

    drafter = desk.people["drafter"]
    other = PersonFactory(
        username="drafter2",
        unit=Unit.objects.get(name="湛江市人民政府办公室"),
        roles=[Role.DRAFTER],
    )  # fmt: skip
    today = delegation.today()
    delegation.create(drafter, other, today, today, "出差")
    item = SimpleNamespace(owner_id=drafter.pk, unit_id=drafter.unit_id)
    told = {member.pk for member, _audience in recipients(item, Stage.BEFORE, Directory())}
    assert other.pk in told  # while a colleague, reminded for the absent drafter
    Person.objects.filter(pk=other.pk).update(unit=Unit.objects.get(name="湛江市民政局"))
    told = {member.pk for member, _audience in recipients(item, Stage.BEFORE, Directory())}
    assert other.pk not in told and drafter.pk in told

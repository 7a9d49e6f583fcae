"""Attacks on 委托办理: a task a stand-in took for someone and then put back (viewflow's
取消认领) is no longer anyone's "代某某办理": whoever takes it next in their own right is not
marked as acting for the delegator, and the delegator may not "收回" it from them."""

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
        username="drafter2", unit=Unit.objects.get(name="市府办公室"), roles=[Role.DRAFTER],
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

"""转为主动公开: information applied for three times or more to an organ is listed for the
office, however the subject was typed (full-width digits, spaces, a full stop), with its
receipt numbers and whether an answer proposed publishing it; the office's openness reviewer
records the decision with a reason, audited; nobody else sees the list."""

from datetime import date

import pytest

from applications import proactive
from applications.models import ProactiveDecision
from base.audit.models import AuditRecord
from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, Unit, UnitKind
from tests.applications.test_rules import application

pytestmark = pytest.mark.django_db
PAGE = "/staff/applications/proactive/"
ALLOWANCE = "2026年城乡低保资金发放明细"


@pytest.fixture
def organ(db):
    load_units_and_people()
    return Unit.objects.get(kind=UnitKind.GOVERNMENT_OFFICE, parent_unit=None)


@pytest.fixture
def asked(organ):
    """The allowance asked for four times (typed four ways), a plan twice, and once more
    to another organ."""
    for day, subject in [
        (date(2026, 3, 2), ALLOWANCE),
        (date(2026, 4, 8), "２０２６年 城乡低保资金发放明细。"),
        (date(2026, 6, 1), "2026年城乡低保资金发放明细 "),
        (date(2026, 9, 9), ALLOWANCE),
    ]:
        application(organ, day, subject=subject, propose_active=day.month == 6)
    application(organ, date(2026, 5, 5), subject="霞山区控制性详细规划")
    application(organ, date(2026, 5, 6), subject="霞山区控制性详细规划")
    application(Unit.objects.get(name="湛江市教育局"), date(2026, 5, 7), subject=ALLOWANCE)
    application(organ, date(2026, 5, 8))  # no subject given yet: not counted
    return organ


def test_a_subject_asked_three_times_is_listed_however_it_was_typed(asked):
    [one] = proactive.candidates(asked)
    assert one.subject == ALLOWANCE and one.count == 4
    assert all("依申〔2026〕" in receipt for receipt in one.receipts)
    assert len(set(one.receipts)) == 4
    assert one.proposed
    assert one.decision is None
    # from June on only two remain: not a candidate
    assert proactive.candidates(asked, since=date(2026, 6, 1)) == []


def login(client, username):
    client.force_login(Person.objects.get(username=username))


def test_the_reviewer_records_the_offices_decision(asked, client):
    login(client, "reviewer")
    page = client.get(PAGE).content.decode()
    assert ALLOWANCE in page and "4次申请" in page and "答复时已建议转为主动公开" in page
    assert "霞山区控制性详细规划" not in page
    key = proactive.normalised(ALLOWANCE)
    refused = client.post(PAGE, {"subject": key, "publish": "yes", "reason": " "})
    assert refused.status_code == 422 and "请填写理由" in refused.content.decode()
    assert not ProactiveDecision.objects.exists()

    reason = "多人申请，且不涉及个人信息，可以公开"
    assert (
        client.post(PAGE, {"subject": key, "publish": "yes", "reason": reason}).status_code == 302
    )
    page = client.get(PAGE).content.decode()
    assert "办公室决定：转为主动公开" in page and reason in page
    client.post(PAGE, {"subject": key, "publish": "no", "reason": "已在政策文件库公开"})
    decision = ProactiveDecision.objects.get()
    assert not decision.publish and decision.decided_by.username == "reviewer"
    entries = AuditRecord.objects.filter(action=proactive.AUDIT_ACTION).order_by("pk")
    assert [e.details["after"]["publish"] for e in entries] == [True, False]
    assert entries[1].details["before"]["reason"] == reason


def test_a_subject_not_listed_cannot_be_decided(asked, client):
    login(client, "reviewer")
    response = client.post(
        PAGE, {"subject": "霞山区控制性详细规划", "publish": "yes", "reason": "x"}
    )
    assert response.status_code == 422
    assert not ProactiveDecision.objects.exists()


@pytest.mark.parametrize("username", ["handler", "clerk"])
def test_nobody_else_sees_the_list(asked, client, username):
    login(client, username)
    assert client.get(PAGE).status_code == 403
    assert client.post(PAGE, {"subject": "x", "publish": "yes", "reason": "x"}).status_code == 403


def test_the_menu_offers_the_list_to_the_reviewer(asked, client):
    login(client, "reviewer")
    page = client.get(PAGE).content.decode()
    assert 'href="/staff/applications/proactive/"' in page

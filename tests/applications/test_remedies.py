"""行政复议 and 行政诉讼 are recorded by the office against an answered application and table 四
counts them: the rules refuse what cannot have happened, and the page records a case and how
it ended for the organ's office only."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from applications import remedies
from applications.annual_tables import appeals_table
from applications.models import AnswerCategory, Remedy
from base.audit.models import AuditRecord
from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, Unit
from tests.applications.test_rules import application
from tests.workflows.test_application_flow import at

pytestmark = pytest.mark.django_db
OFFICE = "湛江市人民政府办公室"


@pytest.fixture
def answered():
    load_units_and_people()
    refused = AnswerCategory.objects.get(code="refused.third_party")
    organ = Unit.objects.get(name=OFFICE)
    with time_machine.travel(at(date(2026, 9, 1)), tick=False):
        yield application(organ, date(2026, 3, 2), answered_on=date(2026, 3, 20), category=refused)


@pytest.mark.parametrize(
    ("filed_on", "result", "decided_on", "field", "message"),
    [
        (date(2026, 3, 19), "pending", None, "filed_on", "不能早于答复日期"),
        (date(2026, 9, 2), "pending", None, "filed_on", "不能晚于今天"),
        (date(2026, 5, 6), "pending", date(2026, 7, 1), "decided_on", "尚未审结的，不填审结日期"),
        (date(2026, 5, 6), "upheld", None, "decided_on", "已审结的，请填写审结日期"),
        (date(2026, 5, 6), "upheld", date(2026, 5, 5), "decided_on", "不能早于立案日期"),
        (date(2026, 5, 6), "corrected", date(2026, 9, 2), "decided_on", "不能晚于今天"),
    ],
)
def test_what_cannot_have_happened_is_refused(
    answered, filed_on, result, decided_on, field, message
):
    with pytest.raises(ValidationError) as refused:
        remedies.record(answered, None, kind="review", filed_on=filed_on, result=result,
                        decided_on=decided_on)  # fmt: skip
    assert message in refused.value.message_dict[field][0]
    assert not Remedy.objects.exists()


def test_an_unanswered_application_has_no_case(answered):
    answered.answered_on = None
    with pytest.raises(ValidationError, match="尚未答复"):
        remedies.record(answered, None, kind="review", filed_on=date(2026, 5, 6))


def test_the_office_records_a_case_and_its_end_and_table_four_counts_it(answered):
    page = reverse("staff:applications:register:remedies", args=[answered.pk])
    office, other = Client(), Client()
    office.force_login(Person.objects.get(username="reviewer"))
    other.force_login(Person.objects.get(username="handler"))  # 湛江市教育局's clerk
    assert other.get(page).status_code in (403, 404)
    assert other.post(page, {"kind": "review", "filed_on": "2026-05-06"}).status_code in (403, 404)

    refused = office.post(page, {"kind": "review", "filed_on": "2026-03-01", "result": "pending"})
    assert refused.status_code == 200 and "不能早于答复日期" in refused.content.decode()
    done = office.post(page, {"kind": "review", "filed_on": "2026-05-06", "result": "pending"})
    assert done.status_code == 302
    case = Remedy.objects.get()
    assert appeals_table(answered.organ, 2026)["cells"]["review"] == [0, 0, 0, 1]

    prefix = f"case{case.pk}"
    ended = {"case": case.pk, f"{prefix}-result": "corrected", f"{prefix}-decided_on": "2026-07-01"}
    assert office.post(page, ended).status_code == 302
    assert appeals_table(answered.organ, 2026)["cells"]["review"] == [0, 1, 0, 0]
    shown = office.get(page).content.decode()
    assert "行政复议" in shown and "2026年5月6日" in shown
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"applications.remedy_filed", "applications.remedy_concluded"} <= actions

    # a case number of another application is not this page's
    no_case = office.post(page, {"case": case.pk + 1000, f"case{case.pk + 1000}-result": "other"})
    assert no_case.status_code == 404

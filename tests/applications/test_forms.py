"""A clerk registers an application that came by post, fax or in person: the date of receipt
follows how it came (条例第三十一条), and no day of it may lie in the future."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from applications.forms import RegistrationForm
from applications.receiving import receive
from base.audit.models import AuditRecord
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db

LETTER = {
    "applicant_kind": "natural",
    "name": "陈国栋",
    "id_type": "hk_macao",
    "id_number": "H12345678",
    "phone": "13902220000",
    "address": "湛江市麻章区瑞云路3号",
    "description": "麻章区2026年农村危房改造补助对象名单及补助标准",
    "provision": "paper",
    "collection": "post",
}


def registered(**fields):
    return RegistrationForm({**LETTER, **fields})


def test_a_registered_letter_is_received_the_day_it_was_signed_for():
    form = registered(channel="post", submitted_on="2026-11-02", signed_on="2026-11-05")
    assert form.is_valid(), form.errors
    organ = UnitFactory(name="湛江市人民政府办公室", short_name="市政府办公室")
    application, key = receive(form, organ, actor="clerk")
    assert application.received_on == date(2026, 11, 5)
    assert application.channel == "post" and application.id_number == "H12345678"
    assert key and AuditRecord.objects.get(action="application.received").details["channel"]


def test_a_registered_letter_needs_the_day_it_was_signed_for():
    form = registered(channel="post", submitted_on="2026-11-02")
    assert not form.is_valid()
    assert "签收日期" in " ".join(form.errors["signed_on"])


def test_no_day_in_the_future():
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    form = registered(channel="in_person", submitted_on=tomorrow)
    assert not form.is_valid()
    assert form.errors["submitted_on"] == ["提交日期不能晚于今天。"]


def test_a_fax_not_yet_confirmed_has_no_date_of_receipt():
    form = registered(channel="fax", submitted_on="2026-11-02")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["received_on"] is None
    assert not registered(channel="online", submitted_on="2026-11-02").is_valid()

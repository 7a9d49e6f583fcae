"""Mistyped dates and pasted invisible characters: each refused or removed with a message
that names the field, and nothing of the application changes (a date the calendar cannot
count would otherwise stop every page of the application)."""

from datetime import date

import pytest
import time_machine
from django.core.exceptions import ValidationError

from applications import handling
from applications.forms import ApplicationForm, RegistrationForm
from applications.models import Consultation, Correction
from tests.applications.test_forms import LETTER
from tests.applications.test_rules import application
from tests.factories import UnitFactory
from tests.web.test_apply import PERSON

pytestmark = pytest.mark.django_db
TODAY = date(2026, 3, 20)


@pytest.fixture
def received():
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        yield application(UnitFactory(name="湛江市人民政府办公室"), date(2026, 3, 2))


def test_days_that_have_not_happened_yet_are_refused(received):
    with time_machine.travel("2026-03-20 10:00 +0800", tick=False):
        with pytest.raises(ValidationError, match="补正期限过长"):
            handling.ask_correction(
                received,
                "reviewer",
                what="请写明年度。",
                asked_on=TODAY,
                reply_by=date(9999, 12, 31),
            )
        handling.ask_correction(
            received, "reviewer", what="请写明年度。", asked_on=TODAY, reply_by=date(2026, 4, 3)
        )
        with pytest.raises(ValidationError, match="不能晚于今天"):
            handling.record_correction(received, "reviewer", received_on=date(2027, 6, 1))
        assert Correction.objects.get().received_on is None

        handling.record_correction(received, "reviewer", received_on=TODAY)
        handling.consult(received, "reviewer", third_party="湛江某某食品有限公司", sent_on=TODAY)
        with pytest.raises(ValidationError, match="不能晚于今天"):
            handling.record_opinion(
                received, "reviewer", answered_on=date(2099, 12, 31), opinion="同意公开"
            )
        assert Consultation.objects.get().answered_on is None


def test_a_registration_dated_before_the_regulation_is_a_mistyped_year():
    form = RegistrationForm({**LETTER, "channel": "in_person", "submitted_on": "1901-01-02"})
    assert not form.is_valid()
    assert "2019年5月15日" in form.errors["submitted_on"][0]


def test_invisible_characters_are_removed_and_do_not_count():
    padded = "2025年" + "\u200b" * 10
    form = ApplicationForm({**PERSON, "description": padded, "name": "韦\u202e晓岚\x1b"})
    assert not form.is_valid()
    assert "现为5个字" in form.errors["description"][0]
    form = ApplicationForm({**PERSON, "name": "韦\u202e晓岚\x1b"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["name"] == "韦晓岚"


def test_an_address_longer_than_the_column_is_refused_not_a_crash():
    form = ApplicationForm({**PERSON, "email": "a" * 300 + "@example.cn"})
    assert not form.is_valid()
    assert "email" in form.errors

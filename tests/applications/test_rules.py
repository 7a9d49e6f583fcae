"""依申请公开's rules as plain functions: the date of receipt, the receipt number, the
applicant's key, and the answer's working days over holidays, 补正, a third party's time,
an extension and a year whose holidays are not yet announced."""

from datetime import date, timedelta

import chinese_calendar
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from applications import deadlines, receiving
from applications.models import (
    ApplicantKind,
    Application,
    Channel,
    Collection,
    Consultation,
    Correction,
    Extension,
    Provision,
)
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db


def application(organ, received_on, **fields):
    _key, digest = receiving.new_status_key()
    values = {
        "applicant_kind": ApplicantKind.NATURAL,
        "name": "张三",
        "phone": "13800000000",
        "description": "湛江市2026年城乡居民最低生活保障资金发放明细",
        "provision": Provision.ELECTRONIC,
        "collection": Collection.EMAIL,
        "channel": Channel.ONLINE,
        **fields,
    }
    return Application.objects.create(
        organ=organ,
        receipt_number=receiving.next_receipt_number(organ, received_on.year),
        status_digest=digest,
        submitted_on=received_on,
        received_on=received_on,
        **values,
    )


def nth_working_day_after(start, count):
    """Counted independently with chinese_calendar (the State Council's announced days)."""
    day = start
    while count:
        day += timedelta(days=1)
        count -= chinese_calendar.is_workday(day)
    return day


@pytest.fixture
def organ():
    return UnitFactory(name="湛江市人民政府办公室", short_name="市政府办公室")


def test_the_date_of_receipt_follows_the_channel():
    handed_in = date(2026, 11, 2)
    assert receiving.date_of_receipt(Channel.IN_PERSON, handed_in) == handed_in
    signed = receiving.date_of_receipt(Channel.POST, handed_in, signed_on=date(2026, 11, 5))
    assert signed == date(2026, 11, 5)
    # online, fax or a plain letter: the day the organ confirms it, and not before
    assert receiving.date_of_receipt(Channel.ONLINE, handed_in) is None
    confirmed = receiving.date_of_receipt(Channel.FAX, handed_in, confirmed_on=date(2026, 11, 3))
    assert confirmed == date(2026, 11, 3)
    with pytest.raises(ValidationError, match="签收之日"):
        receiving.date_of_receipt(Channel.POST, handed_in)
    with pytest.raises(ValidationError, match="不能早于"):
        receiving.date_of_receipt(Channel.LETTER, handed_in, confirmed_on=date(2026, 11, 1))


def test_receipt_numbers_count_per_organ_and_year(organ):
    other = UnitFactory(name="湛江市教育局", short_name="市教育局")
    numbers = [receiving.next_receipt_number(organ, 2026) for _ in range(3)]
    assert numbers == [f"市政府办公室依申〔2026〕{n}号" for n in (1, 2, 3)]
    assert receiving.next_receipt_number(other, 2026) == "市教育局依申〔2026〕1号"
    assert receiving.next_receipt_number(organ, 2027) == "市政府办公室依申〔2027〕1号"


def test_only_the_applicants_key_opens_their_application(organ):
    key, digest = receiving.new_status_key()
    found = application(organ, date(2026, 11, 2))
    found.status_digest = digest
    assert receiving.opens(found, key)
    assert not receiving.opens(found, key[:-1] + ("A" if key[-1] != "A" else "B"))
    assert not receiving.opens(found, "")
    assert key not in digest


def test_twenty_working_days_over_the_national_day_holidays(organ):
    received = date(2026, 9, 25)  # a Friday; 1–7 October off, 10 October (Sat) worked
    due = deadlines.answer_due(application(organ, received))
    assert due.due == nth_working_day_after(received, 20)
    assert due.provisional == ()


def test_a_count_into_next_year_is_provisional(organ):
    due = deadlines.answer_due(application(organ, date(2026, 12, 15)))
    assert due.provisional == (2027,)
    # 1 January 2027 (元旦, statutory) is skipped: 20 working days from 15 December
    assert due.due == date(2027, 1, 13)
    assert due.label == "2027年1月13日（暂定）"


def test_a_completion_restarts_the_clock_and_stops_it_while_awaited(organ):
    found = application(organ, date(2026, 11, 2))
    Correction.objects.create(
        application=found,
        asked_on=date(2026, 11, 4),
        what="请说明所需信息的年度和区域。",
        reply_by=date(2026, 11, 18),
    )
    found.refresh_from_db()
    waiting = deadlines.answer_due(found)
    assert waiting.due is None and waiting.label == "待申请人补正"
    assert deadlines.correction_notice_due(found).due == nth_working_day_after(date(2026, 11, 2), 7)

    found.correction.received_on = date(2026, 11, 16)
    found.correction.save()
    found.refresh_from_db()
    assert deadlines.answer_due(found).due == nth_working_day_after(date(2026, 11, 16), 20)


def test_a_third_partys_time_is_not_counted_and_an_extension_adds_at_most_20(organ):
    received = date(2026, 11, 2)
    found = application(organ, received)
    consultation = Consultation.objects.create(
        application=found, third_party="湛江某某食品有限公司", sent_on=date(2026, 11, 5)
    )
    assert deadlines.answer_due(found).label == "待第三方提出意见"
    assert deadlines.third_party_due(consultation).due == nth_working_day_after(
        date(2026, 11, 5), 15
    )

    consultation.answered_on = date(2026, 11, 12)  # 5 working days (6th–12th)
    consultation.save()
    due = deadlines.answer_due(found)
    assert due.not_counted == 5
    assert due.due == nth_working_day_after(received, 25)

    Extension.objects.create(
        application=found,
        working_days=10,
        approved_by="李四",
        approved_on=date(2026, 11, 20),
        reason="需调取多个部门档案。",
        notified_on=date(2026, 11, 20),
    )
    found.refresh_from_db()
    assert deadlines.answer_due(found).due == nth_working_day_after(received, 35)
    found.extension.working_days = 21
    with pytest.raises(IntegrityError):
        found.extension.save()

"""The staff statistics are kept per state of their records (reports/cache.py): a year that
did not change is read from the cache, and any change shows at once."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from base.organisation.models import Person, Unit
from proposals import replies
from proposals.models import Assignment, AssignmentRole, Proposal, ResultClass
from reports import cache, tables
from reports.models import AnnualReportPart
from reports.office_parts import ACTIVE
from reports.sources import Scope
from tests.reports.year import NOW_DAY, YEAR, at, send
from web import env

STATISTICS = "/staff/reports/statistics/"


def fresh(scope):
    """The figures computed from the records, the cache left aside."""
    return tables.computed(scope, with_steps=False)


def shown(scope):
    return tables.compute(scope, with_steps=False)


def without_token(response):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())


def test_an_unchanged_year_is_read_from_the_cache(
    year, client, monkeypatch, django_assert_max_num_queries
):
    client.force_login(Person.objects.get(username="clerk"))
    first = client.get(f"{STATISTICS}?year={YEAR}")
    assert first.status_code == 200

    def computed_again(*args, **kwargs):
        raise AssertionError("the figures of an unchanged year were computed again")

    monkeypatch.setattr(tables, "computed", computed_again)
    # the state of the records (one aggregate per table) and the page's own reads
    with django_assert_max_num_queries(len(cache.RECORDS) + 10):
        again = client.get(f"{STATISTICS}?year={YEAR}")
    assert without_token(again) == without_token(first)


def test_the_figures_kept_are_those_computed(year):
    scope = Scope(YEAR)
    assert shown(scope).counts == fresh(scope).counts
    assert shown(scope).counts == fresh(scope).counts  # read back from the cache


def test_a_new_reply_shows_at_once(year):
    scope = Scope(YEAR)
    before = shown(scope).counts
    share = (
        Assignment.objects.live()
        .exclude(role=AssignmentRole.CO)
        .filter(replied_at__isnull=True, proposal__submitted_on__year=YEAR)
        .first()
    )
    letter = replies.current_letter(share)
    send(letter, f"湛函〔{YEAR}〕{share.pk}号", ResultClass.objects.first(), "答复正文。", NOW_DAY)
    after = shown(scope).counts
    assert after["shares.replied"] == before["shares.replied"] + 1
    assert after == fresh(scope).counts


def test_a_feedback_shows_at_once(year):
    scope = Scope(YEAR)
    before = shown(scope).counts
    share = (
        Assignment.objects.live()
        .exclude(role=AssignmentRole.CO)
        .filter(replied_at__isnull=False, proposal__submitted_on__year=YEAR)
        .filter(letters__feedback__isnull=True)
        .first()
    )
    letter = replies.current_letter(share)
    replies.record_feedback(
        letter, "dissatisfied", "未解决问题。", Person.objects.get(username="clerk")
    )
    after = shown(scope).counts
    assert after["shares.dissatisfied"] == before["shares.dissatisfied"] + 1
    assert after == fresh(scope).counts


def test_a_confirmed_count_shows_at_once(year):
    scope = Scope(YEAR)
    key = "register.normative_in_force"
    assert shown(scope).value(key) != 85
    AnnualReportPart.objects.create(
        year=YEAR, unit=None, part=ACTIVE, content={"confirmed": {key: {"value": 85, "system": 0}}}
    )
    assert shown(scope).value(key) == 85
    assert shown(scope).note(key) == ""


def test_a_renamed_result_class_shows_at_once(year):
    scope = Scope(YEAR)
    assert "已列入规划" not in [str(one) for one in shown(scope).classes]
    renamed = ResultClass.objects.first()
    renamed.label = "已列入规划"
    renamed.save()  # no count, no time stamp moves
    labels = [cell.text for table in shown(scope).tables for row in table.rows for cell in row]
    assert any("已列入规划" in label for label in labels)


def test_an_items_kind_changed_in_place_shows_at_once(year):
    scope = Scope(YEAR)
    before = shown(scope).counts
    item = Proposal.objects.filter(kind="npc", submitted_on__year=YEAR).first()
    item.kind = "cppcc"
    item.save()
    after = shown(scope).counts
    assert after["proposals.npc"] == before["proposals.npc"] - 1
    assert after["proposals.cppcc"] == before["proposals.cppcc"] + 1


def test_a_units_new_name_shows_at_once(year):
    scope = Scope(YEAR)
    shown(scope)
    unit = Unit.objects.get(name="湛江市教育局")
    unit.name = "湛江市教育和体育局"
    unit.save()
    assert "湛江市教育和体育局" in [one.name for one, _ in shown(scope).by_unit]


def test_a_bulk_update_shows_at_once(year):
    """Written without signals (a data migration, an import): the counts and time stamps of
    the records still change the key."""
    scope = Scope(YEAR)
    before = shown(scope).counts
    share = (
        Assignment.objects.live()
        .exclude(role=AssignmentRole.CO)
        .filter(replied_at__isnull=True, proposal__submitted_on__year=YEAR)
        .first()
    )
    Proposal.objects.filter(pk=share.proposal_id).delete()
    assert shown(scope).counts["proposals.received"] == before["proposals.received"] - 1


def test_the_day_moving_past_a_due_date_shows_at_once(year):
    scope = Scope(YEAR)
    before = shown(scope).counts
    due = (
        Assignment.objects.live()
        .exclude(role=AssignmentRole.CO)
        .filter(replied_at__isnull=True, due_on__gte=NOW_DAY, due_on__year=YEAR)
        .order_by("due_on")
        .first()
    )
    assert due is not None, "the year has a share due later this year and not replied"
    with time_machine.travel(at(due.due_on + timedelta(days=1)), tick=False):
        later = Scope(YEAR)
        after = shown(later).counts
        assert after["shares.overdue"] > before["shares.overdue"]
        assert after == fresh(later).counts


@pytest.mark.django_db(transaction=True)
def test_a_change_is_the_transactions_own_until_its_commit():
    """Inside a transaction the figures of its uncommitted rows are its own (another process
    keeping old figures under the new key would show them stale); at the commit every
    process gets a new key."""
    outside = cache.generation()
    assert cache.generation() == outside  # nothing changed: the same key everywhere
    with transaction.atomic():
        Unit.objects.create(name="湛江市新设局", short_name="新设局", code="X1", kind="department")
        inside = cache.generation()
        assert inside != outside
        assert cache.shared().get(cache.GENERATION) == outside  # the others' key unchanged
    assert cache.generation() not in (outside, inside)


@pytest.mark.parametrize(
    "url, backend, location",
    [
        ("redis://redis:6379/0", "redis.RedisCache", "redis://redis:6379/0"),
        ("file:///var/lib/gongkai/cache", "filebased.FileBasedCache", "/var/lib/gongkai/cache"),
        ("db://", "db.DatabaseCache", "gongkai_cache"),
    ],
)
def test_the_shared_cache_is_named_by_a_url(monkeypatch, url, backend, location):
    monkeypatch.setenv("CACHE_URL", url)
    found = env.cache("CACHE_URL", "db://")
    assert found == {"BACKEND": f"django.core.cache.backends.{backend}", "LOCATION": location}


@pytest.mark.parametrize("url", ["memcached://host:11211", "file://relative/dir", "gongkai"])
def test_a_cache_url_it_cannot_use_stops_start_up_naming_the_setting(monkeypatch, url):
    monkeypatch.setenv("CACHE_URL", url)
    with pytest.raises(env.SettingsError, match="^CACHE_URL: "):
        env.cache("CACHE_URL", "db://")


def test_a_finished_flow_step_shows_at_once(year):
    scope = Scope(YEAR)
    before = tables.compute(scope).steps
    task = Task.objects.filter(flow_task_type="HUMAN").exclude(status=STATUS.DONE).first()
    task.status = STATUS.DONE
    task.finished = timezone.now()
    task.save()  # as the flow does: a row changed in place, its id and the count unchanged
    after = tables.compute(scope).steps
    assert after != before
    assert after == tables.computed(scope).steps

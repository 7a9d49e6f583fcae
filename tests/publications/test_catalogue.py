"""The 政府信息公开目录: 索引号 made by the configured rule, once and for good; 主题分类 chosen
or defaulted; the catalogue fields in what is pushed to the government site."""

import datetime
import threading
from importlib import import_module

import pytest
from django.apps import apps
from django.core import checks
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from base.organisation.models import Unit, UnitKind
from publications import catalogue, outbox, payloads
from publications.models import CatalogueEntry, Event, IndexSerial, Kind, Publication, Topic
from web import env

CODE = "11440800007030519C"
OTHER = "11440800007000001Y"
OFFICE = "114408000070000022"

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit():
    return Unit.objects.create(name="湛江市教育局", kind=UnitKind.DEPARTMENT, code=CODE)


def publish(kind, source_id, unit, title="关于做好义务教育招生入学工作的通知", **content):
    return outbox.publish(kind, source_id, unit, title=title, actor="test", **content)


def number(kind, source_id):
    return CatalogueEntry.objects.get(kind=kind, source_id=source_id).index_number


def this_year():
    return timezone.localdate().year


# 索引号 ------------------------------------------------------------------------------------


def test_numbers_are_the_unit_code_the_year_and_a_serial_per_unit(unit):
    other = Unit.objects.create(name="湛江市民政局", kind=UnitKind.DEPARTMENT, code=OTHER)
    publish(Kind.REPLY, 1, unit)
    publish(Kind.POLICY, 1, unit)
    publish(Kind.INTERPRETATION, 1, unit)
    publish(Kind.REPLY, 2, other)
    year = this_year()
    assert number(Kind.REPLY, 1) == f"{CODE}/{year}-00001"
    assert number(Kind.POLICY, 1) == f"{CODE}/{year}-00002"
    assert number(Kind.INTERPRETATION, 1) == f"{CODE}/{year}-00003"
    assert number(Kind.REPLY, 2) == f"{OTHER}/{year}-00001"


def test_a_number_is_given_once_and_kept_through_versions_withdrawal_and_republication(unit):
    first = publish(Kind.POLICY, 1, unit, body="第一版")
    given = number(Kind.POLICY, 1)
    publish(Kind.POLICY, 2, unit)
    publish(Kind.POLICY, 1, unit, body="第二版")
    outbox.withdraw(first.publication, "文件有误，撤回更正。", actor="test")
    # the unit's code is corrected meanwhile: a number already given does not follow it
    unit.code = OTHER
    unit.save()
    again = publish(Kind.POLICY, 1, unit, body="更正后再次发布")
    assert again.number == 3
    assert number(Kind.POLICY, 1) == given == f"{CODE}/{this_year()}-00001"
    assert (
        payloads.of(Event.objects.filter(version=again).get())["catalogue"]["index_number"] == given
    )
    assert CatalogueEntry.objects.filter(kind=Kind.POLICY).count() == 2


def test_the_year_is_the_year_of_first_publication_each_with_its_own_serials(unit):
    new_year = timezone.make_aware(datetime.datetime(2027, 1, 1, 0, 30))  # Beijing time
    last_year = timezone.make_aware(datetime.datetime(2026, 12, 31, 23, 30))
    for source_id, when in [(1, last_year), (2, new_year), (3, last_year)]:
        publication = Publication.objects.create(kind=Kind.REPLY, source_id=source_id, unit=unit)
        catalogue.enter(publication, unit, when=when)
    assert number(Kind.REPLY, 1) == f"{CODE}/2026-00001"
    assert number(Kind.REPLY, 2) == f"{CODE}/2027-00001"
    assert number(Kind.REPLY, 3) == f"{CODE}/2026-00002"


def test_the_city_configures_the_rule(settings, unit):
    settings.CATALOGUE_INDEX_RULE = "{code}-{year}-{serial:04d}"
    publish(Kind.REPLY, 1, unit)
    assert number(Kind.REPLY, 1) == f"{CODE}-{this_year()}-0001"


def test_a_number_someone_already_holds_is_passed_over(settings, unit):
    """A rule changed in mid-year can make a number an earlier rule already gave."""
    year = this_year()
    CatalogueEntry.objects.create(kind=Kind.REPLY, source_id=99, index_number=f"{CODE}/{year}-1")
    settings.CATALOGUE_INDEX_RULE = "{code}/{year}-{serial}"
    publish(Kind.REPLY, 1, unit)
    assert number(Kind.REPLY, 1) == f"{CODE}/{year}-2"


def test_the_database_refuses_a_number_twice(unit):
    CatalogueEntry.objects.create(kind=Kind.REPLY, source_id=1, index_number="X/2026-00001")
    with pytest.raises(IntegrityError), transaction.atomic():
        CatalogueEntry.objects.create(kind=Kind.REPLY, source_id=2, index_number="X/2026-00001")


@pytest.mark.parametrize(
    "rule, message",
    [
        ("{code}/{year}", "must contain {serial}"),
        ("{code}/{unit}/{serial}", "only {code}, {year} and {serial}"),
        ("{code}/{year}-{serial:05q}", "only {code}, {year} and {serial}"),
        ("{code}" * 4 + "{serial}", "longer than 60"),
    ],
)
def test_a_rule_that_cannot_number_stops_start_up(monkeypatch, rule, message):
    monkeypatch.setenv("CATALOGUE_INDEX_RULE", rule)
    with pytest.raises(env.SettingsError, match="CATALOGUE_INDEX_RULE") as error:
        env.index_rule("CATALOGUE_INDEX_RULE", "{code}/{year}-{serial:05d}")
    assert message in str(error.value)


# a unit without a code ------------------------------------------------------------------


def test_a_unit_without_code_publishes_under_the_government_office_and_check_names_it():
    Unit.objects.create(name="湛江市人民政府办公室", kind=UnitKind.GOVERNMENT_OFFICE, code=OFFICE)
    bare = Unit.objects.create(name="湛江市住房和城乡建设局", kind=UnitKind.DEPARTMENT)
    publish(Kind.REPLY, 1, bare)
    assert number(Kind.REPLY, 1) == f"{OFFICE}/{this_year()}-00001"
    warnings = [m for m in catalogue.check_codes() if m.id == "publications.W001"]
    assert len(warnings) == 1 and warnings[0].level == checks.WARNING
    assert "湛江市住房和城乡建设局" in warnings[0].msg and OFFICE in warnings[0].msg
    assert "湛江市人民政府办公室" not in warnings[0].msg


def test_a_section_publishes_under_its_organs_code_and_is_not_named_as_missing():
    office = Unit.objects.create(
        name="湛江市人民政府办公室", kind=UnitKind.GOVERNMENT_OFFICE, code=OFFICE
    )
    section = Unit.objects.create(
        name="湛江市人民政府办公室建议提案办理科",
        kind=UnitKind.PROPOSAL_OFFICE,
        parent_unit=office,
    )
    Unit.objects.create(name="湛江市教育局", kind=UnitKind.DEPARTMENT, code=CODE)
    publish(Kind.REPLY, 1, section)
    assert number(Kind.REPLY, 1) == f"{OFFICE}/{this_year()}-00001"
    assert "publications.W001" not in {m.id for m in catalogue.check_codes()}


def test_the_configured_fallback_wins_and_a_wrong_one_is_reported(settings):
    bare = Unit.objects.create(name="湛江市住房和城乡建设局", kind=UnitKind.DEPARTMENT)
    settings.CATALOGUE_FALLBACK_CODE = OTHER
    publish(Kind.REPLY, 1, bare)
    assert number(Kind.REPLY, 1).startswith(f"{OTHER}/")
    settings.CATALOGUE_FALLBACK_CODE = "11440800007000001X"
    assert "publications.W002" in {m.id for m in catalogue.check_codes()}


def test_without_any_code_the_number_is_a_plain_placeholder():
    bare = Unit.objects.create(name="湛江市住房和城乡建设局", kind=UnitKind.DEPARTMENT)
    publish(Kind.REPLY, 1, bare)
    assert number(Kind.REPLY, 1) == f"000000000000000000/{this_year()}-00001"


def test_every_unit_with_a_code_passes_the_check(unit):
    assert catalogue.check_codes() == []


# 主题分类 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "title, unit_name, topic",
    [
        ("湛江市教育局关于做好2026年义务教育阶段学校招生入学工作的通知", "", Topic.EDUCATION),
        # 人民政府 holds the word 民政: not a 民政 topic
        ("湛江市人民政府办公室关于印发2018年政务公开工作要点的通知", "", Topic.GENERAL),
        ("关于做好2026年城镇老旧小区改造工作的通知", "", Topic.URBAN),
        ("关于发放临时救助金的通知", "", Topic.CIVIL),
        ("关于加快乡村振兴的建议的答复", "", Topic.AGRICULTURE),
        ("关于优化服务的提案的答复", "湛江市财政局", Topic.FINANCE),
        ("关于加强托育服务的建议的答复", "湛江市卫生健康局", Topic.POPULATION),
    ],
)
def test_an_item_nobody_filed_gets_a_topic_from_its_title_then_its_unit(title, unit_name, topic):
    assert catalogue.default_topic(title, unit_name) == topic


def test_the_drafter_files_a_document_and_its_interpretation_follows(unit):
    catalogue.file_under(Kind.POLICY, 5, Topic.CIVIL, "drafter", datetime.date(2026, 5, 28))
    publish(
        Kind.POLICY, 5, unit, fields={"number": "湛教〔2026〕15号", "issuing_body": "湛江市教育局"}
    )
    reading = publish(Kind.INTERPRETATION, 5, unit, title="《通知》政策解读")
    policy = payloads.of_version(Publication.objects.get(kind=Kind.POLICY).versions.get())
    assert policy["catalogue"]["topic"] == "民政、扶贫、救灾"
    assert policy["catalogue"]["topic_code"] == "civil"
    assert policy["catalogue"]["written_on"] == "2026-05-28"
    assert payloads.of_version(reading)["catalogue"]["topic_code"] == "civil"
    # the interpretation filed apart stays where it was put
    catalogue.file_under(Kind.INTERPRETATION, 5, Topic.HEALTH, "clerk")
    catalogue.file_under(Kind.POLICY, 5, Topic.EDUCATION, "drafter")
    assert CatalogueEntry.objects.get(kind=Kind.INTERPRETATION).topic == Topic.HEALTH


def test_a_topic_not_in_the_list_is_refused_and_changes_nothing(unit):
    catalogue.file_under(Kind.REPLY, 1, Topic.HEALTH, "clerk")
    with pytest.raises(ValidationError, match="不是政府信息公开目录的主题分类"):
        catalogue.file_under(Kind.REPLY, 1, "sports", "clerk")
    assert CatalogueEntry.objects.get(kind=Kind.REPLY, source_id=1).topic == Topic.HEALTH


# what is pushed -----------------------------------------------------------------------------


def test_the_push_carries_the_catalogue_of_a_reply(unit):
    version = publish(
        Kind.REPLY,
        3,
        unit,
        title="关于加强校园安全的建议的答复",
        fields={"letter_number": "湛教函〔2026〕12号", "sent_on": "2026-06-01"},
    )
    body = payloads.of(Event.objects.get(version=version))
    assert body["catalogue"] == {
        "index_number": f"{CODE}/{this_year()}-00001",
        "topic": "科技、教育",
        "topic_code": "education",
        "issuing_body": "湛江市教育局",
        "written_on": "2026-06-01",
        "title": "关于加强校园安全的建议的答复",
        "number": "湛教函〔2026〕12号",
        "published_on": timezone.localdate(version.published_at).isoformat(),
    }


# published before the catalogue ---------------------------------------------------------------


def test_items_published_before_are_numbered_in_the_order_they_were_first_published(unit):
    later = publish(Kind.POLICY, 1, unit)
    earlier = publish(Kind.REPLY, 1, unit)
    publish(Kind.POLICY, 1, unit, body="第二版")
    earlier.published_at = later.published_at - datetime.timedelta(days=3)
    earlier.save()
    CatalogueEntry.objects.all().delete()
    IndexSerial.objects.all().delete()
    migration = import_module("publications.migrations.0006_number_published_items")
    migration.number_published_items(apps, None)
    year = this_year()
    assert number(Kind.REPLY, 1) == f"{CODE}/{year}-00001"
    assert number(Kind.POLICY, 1) == f"{CODE}/{year}-00002"
    # publishing goes on from there
    publish(Kind.REPLY, 2, unit)
    assert number(Kind.REPLY, 2) == f"{CODE}/{year}-00003"


# at the same time ----------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_publications_at_the_same_time_never_share_a_number():
    """On PostgreSQL the threads really overlap and wait for the counter's row lock; on
    SQLite they take turns at the one writer."""
    unit = Unit.objects.create(name="湛江市教育局", kind=UnitKind.DEPARTMENT, code=CODE)
    count = 8
    errors = []

    def publish_one(source_id):
        try:
            publish(Kind.REPLY, source_id, unit, title=f"答复{source_id}")
        except Exception as error:  # noqa: BLE001 — reported by the test, not lost in a thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish_one, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(CatalogueEntry.objects.values_list("index_number", flat=True))
    assert numbers == [f"{CODE}/{this_year()}-{n:05d}" for n in range(1, count + 1)]


def test_versions_written_before_the_catalogue_become_findable_by_their_number(unit):
    version = publish(Kind.REPLY, 1, unit, body="正文")
    given = number(Kind.REPLY, 1)
    assert given in version.search_text
    version.search_text = version.search_text.replace(given, "")
    version.save()
    migration = import_module("publications.migrations.0007_index_numbers_searchable")
    migration.add_index_numbers(apps, None)
    migration.add_index_numbers(apps, None)  # once only, however often it runs
    version.refresh_from_db()
    assert version.search_text.count(given) == 1

"""发布管理's 政府信息公开目录 card: those who answer for what is public file an item under a
主题分类 and 成文日期; the portal shows it at once; nobody else may, and bad input changes
nothing."""

import pytest

from base.audit.models import AuditRecord
from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, Unit
from publications import outbox, targets
from publications.models import CatalogueEntry, Kind, Topic

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

LIST = "/staff/publications/desk/"


@pytest.fixture
def people(db):
    load_units_and_people()
    return {person.username: person for person in Person.objects.select_related("unit")}


@pytest.fixture
def policy(people):
    unit = Unit.objects.get(name="湛江市民政局")
    version = outbox.publish(
        Kind.POLICY, 22, unit, title="湛江市最低生活保障实施办法", body="正文", actor="test"
    )
    targets.get(targets.PORTAL).deliver(version.events.get())
    return version.publication


def file_it(client, person, publication, **data):
    client.force_login(person)
    return client.post(f"{LIST}{publication.pk}/catalogue/", data)


def test_the_reviewer_files_an_item_and_the_portal_shows_it(client, people, policy):
    before = client.get("/policies/22/")
    assert "民政、扶贫、救灾" in before.content.decode()  # by default, from the unit's name
    client.force_login(people["reviewer"])
    card = client.get(f"{LIST}{policy.pk}/").content.decode()
    assert CatalogueEntry.objects.get(kind=Kind.POLICY).index_number in card
    response = file_it(client, people["reviewer"], policy, topic="health", written_on="2026-05-28")
    assert response.status_code == 302
    # a reader's cached copy is stale now: the page answers in full, not 304
    after = client.get("/policies/22/", headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200
    page = after.content.decode()
    assert "卫生、体育" in page and "民政、扶贫、救灾" not in page and "2026年5月28日" in page
    record = AuditRecord.objects.get(action="catalogue.filed")
    assert record.details == {"topic": "health", "written_on": "2026-05-28"}
    # the record is read on the publication's page, with the topic by its name
    assert "调整公开目录" in client.get(f"{LIST}{policy.pk}/").content.decode()


def test_a_unit_leader_looks_but_cannot_file(client, people, policy):
    client.force_login(people["mz-head"])
    page = client.get(f"{LIST}{policy.pk}/").content.decode()
    assert 'data-section="catalogue"' in page and "保存目录信息" not in page
    assert file_it(client, people["mz-head"], policy, topic="civil").status_code == 403
    assert CatalogueEntry.objects.get(kind=Kind.POLICY).topic == ""


def test_the_clerk_files_replies_only(client, people, policy):
    assert file_it(client, people["clerk"], policy, topic="civil").status_code == 403


@pytest.mark.parametrize(
    "data",
    [{"topic": "sports"}, {"topic": "civil", "written_on": "2026-13-01"}],
)
def test_bad_input_says_why_and_changes_nothing(client, people, policy, data):
    response = file_it(client, people["reviewer"], policy, **data)
    assert response.status_code == 400
    assert 'data-section="catalogue"' in response.content.decode()
    entry = CatalogueEntry.objects.get(kind=Kind.POLICY)
    assert (entry.topic, entry.written_on) == ("", None)


def test_a_written_date_after_today_is_refused_with_the_reason(client, people, policy):
    """2062 typed for 2026: the public box would print a date that has not come."""
    response = file_it(client, people["reviewer"], policy, topic="civil", written_on="2062-05-28")
    assert response.status_code == 400
    assert "成文日期2062-05-28晚于今天" in response.content.decode()
    entry = CatalogueEntry.objects.get(kind=Kind.POLICY)
    assert (entry.topic, entry.written_on) == ("", None)


def test_choosing_automatic_again_returns_to_the_default(client, people, policy):
    file_it(client, people["reviewer"], policy, topic=Topic.HEALTH)
    file_it(client, people["reviewer"], policy, topic="")
    assert CatalogueEntry.objects.get(kind=Kind.POLICY).topic == ""


def test_the_earliest_date_a_form_takes_breaks_no_public_page(client, people, policy):
    """0001-01-01 is a date the form takes (a slip of the keyboard): every place the public
    reads the catalogue still answers."""
    assert file_it(client, people["reviewer"], policy, written_on="0001-01-01").status_code in (
        302,
        400,
    )
    client.logout()
    for url in ("/policies/22/", "/feeds/all.atom", "/feeds/all.rss", "/api/publications/"):
        assert client.get(url).status_code == 200, url


def test_a_withdrawn_items_index_number_leads_nowhere_public(client, people, policy):
    """Its 索引号 stays on record for staff, but no public page, search, feed, API answer or
    sitemap names it once the item is withdrawn."""
    number = CatalogueEntry.objects.get(kind=Kind.POLICY).index_number
    title = "湛江市最低生活保障实施办法"
    assert title in client.get("/search/", {"q": number}).content.decode()
    for url in ("/feeds/all.atom", "/api/publications/"):  # while it is public
        assert number in client.get(url).content.decode(), url
    outbox.withdraw(policy, "依法撤回", actor=people["reviewer"])
    targets.get(targets.PORTAL).deliver(policy.events.order_by("-id").first())
    assert title not in client.get("/search/", {"q": number}).content.decode()
    for url in ("/feeds/all.atom", "/api/publications/", "/sitemap.xml", "/"):
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert number not in body.decode(), url

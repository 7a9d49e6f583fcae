"""The JSON API and its OpenAPI description, as a machine reader uses them."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from publications import payloads
from publications.models import Kind, Publication, Version
from tests.factories import UnitFactory
from tests.web.publishing import (
    policy_fields,
    policy_with_interpretation,
    publish,
    reply,
    withdraw,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]

BASE = "https://gk.zhanjiang.gov.cn"
LIST = "/api/publications/"


def get(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.content.decode()[:500]
    assert response["Content-Type"] == "application/json"
    return response.json()


def ids(answer):
    return [item["id"] for item in answer["results"]]


def policies(count, start=1):
    for number in range(start, start + count):
        publish(Kind.POLICY, number, title=f"第{number}号通知", fields=policy_fields())


# what an item is -----------------------------------------------------------------------------


def test_an_item_is_what_the_push_sends(client):
    document, reading = policy_with_interpretation(1)
    answer = get(client, LIST)
    assert answer["count"] == 2 and answer["previous"] is None and answer["next"] is None
    reading, document = (Version.objects.get(pk=version.pk) for version in (reading, document))
    assert answer["results"][0] == payloads.of_version(reading)
    assert answer["results"][0]["companion"] == "policy-1"
    assert get(client, f"{LIST}policy-1/") == payloads.of_version(document)
    files = {entry["name"]: entry for entry in answer["results"][0]["files"]}
    assert files["infographic.pdf"]["url"] == (f"{BASE}/files/interpretation/1/v1/infographic.pdf")
    assert client.get(files["infographic.pdf"]["url"].removeprefix(BASE)).status_code == 200


def test_one_item_by_its_key(client):
    reply(7)
    item = get(client, f"{LIST}reply-7/")
    assert item["id"] == "reply-7" and item["url"] == f"{BASE}/replies/7/"
    assert item["fields"]["result_class"] == "A"
    for key in ("reply-8", "policy-7", "nothing-7", "reply-", "reply-x", "reply-" + "9" * 30):
        assert "error" in get(client, f"{LIST}{key}/", status=404)


# never anything but the live version ---------------------------------------------------------


def test_neither_undelivered_nor_old_nor_withdrawn_versions(client):
    publish(Kind.POLICY, 1, title="第一版", fields=policy_fields())
    publish(Kind.POLICY, 1, title="第二版", fields=policy_fields())
    publish(Kind.POLICY, 1, title="未送达的第三版", fields=policy_fields(), deliver_it=False)
    publish(Kind.POLICY, 2, title="从未送达", fields=policy_fields(), deliver_it=False)
    withdrawn = reply(7)
    withdraw(withdrawn.publication)
    answer = get(client, LIST)
    assert [(item["id"], item["title"], item["version"]) for item in answer["results"]] == [
        ("policy-1", "第二版", 2)
    ]
    assert get(client, f"{LIST}policy-1/")["title"] == "第二版"
    get(client, f"{LIST}policy-2/", status=404)
    get(client, f"{LIST}reply-7/", status=404)


# pages and filters ---------------------------------------------------------------------------


def test_pages_are_newest_first_and_link_to_each_other(client):
    policies(25)
    first = get(client, f"{LIST}?page_size=10")
    assert first["count"] == 25 and first["pages"] == 3
    assert ids(first) == [f"policy-{n}" for n in range(25, 15, -1)]
    assert first["next"] == f"{BASE}{LIST}?page_size=10&page=2"
    last = get(client, first["next"].removeprefix(BASE).replace("page=2", "page=3"))
    assert ids(last) == [f"policy-{n}" for n in range(5, 0, -1)]
    assert last["next"] is None and last["previous"] == f"{BASE}{LIST}?page_size=10&page=2"
    beyond = get(client, f"{LIST}?page=99999")
    assert beyond["results"] == [] and beyond["count"] == 25
    assert beyond["previous"] == f"{BASE}{LIST}?page=2"


def test_following_next_reads_everything_once(client):
    policies(23)
    seen, url = [], f"{LIST}?page_size=7"
    while url:
        answer = get(client, url.removeprefix(BASE))
        seen += ids(answer)
        url = answer["next"]
    assert sorted(seen) == sorted(f"policy-{n}" for n in range(1, 24))


def test_filters_by_kind_unit_and_since(client):
    education = UnitFactory(name="湛江市教育局")
    with time_machine.travel(datetime.datetime(2026, 5, 31, 15, 30, tzinfo=datetime.UTC)):
        policy_with_interpretation(1)  # 2026-05-31 23:30 in Zhanjiang
    with time_machine.travel(datetime.datetime(2026, 6, 1, 2, tzinfo=datetime.UTC)):
        reply(7, unit=education)  # 2026-06-01 10:00 in Zhanjiang
        reply(8)
    assert ids(get(client, f"{LIST}?kind=interpretation")) == ["interpretation-1"]
    assert sorted(ids(get(client, f"{LIST}?kind=reply"))) == ["reply-7", "reply-8"]
    assert ids(get(client, f"{LIST}?unit={education.pk}")) == ["reply-7"]
    assert ids(get(client, f"{LIST}?unit=999999")) == []
    # a date is the start of that day in Beijing time
    assert sorted(ids(get(client, f"{LIST}?since=2026-06-01"))) == ["reply-7", "reply-8"]
    assert len(ids(get(client, f"{LIST}?since=2026-05-31"))) == 4
    # a date-time with or without zone; "+" left unencoded arrives as a space
    assert len(ids(get(client, f"{LIST}?since=2026-06-01T09:59:00%2B08:00"))) == 2
    assert len(ids(get(client, f"{LIST}?since=2026-06-01T09:59:00+08:00"))) == 2
    assert len(ids(get(client, f"{LIST}?since=2026-06-01T02:00:01Z"))) == 0
    assert len(ids(get(client, f"{LIST}?since=2026-05-31T23:00"))) == 4
    both = get(client, f"{LIST}?kind=reply&unit={education.pk}&since=2026-06-01")
    assert ids(both) == ["reply-7"]


# bad input -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=abc", "page"),
        ("page=0", "page"),
        ("page=-1", "page"),
        ("page=1.5", "page"),
        ("page=" + "9" * 40, "page"),
        ("page_size=-1", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=101", "page_size"),
        ("page_size=abc", "page_size"),
        ("kind=nope", "kind"),
        ("kind=%00", "kind"),
        ("unit=x", "unit"),
        ("unit=-3", "unit"),
        ("unit=" + "9" * 40, "unit"),
        ("since=garbage", "since"),
        ("since=2026-13-45", "since"),
        ("since=2026-02-30", "since"),
        ("since=0001-01-01T00:00:00%2B14:00", "since"),
        ("since=2026-06-01%00", "since"),
        ("since=" + "2" * 10_000, "since"),
    ],
)
def test_a_bad_query_string_is_a_400_in_chinese_json(client, query, parameter):
    reply(7)
    answer = get(client, f"{LIST}?{query}", status=400)
    assert answer["parameter"] == parameter
    assert any("\u4e00" <= char <= "\u9fff" for char in answer["error"])  # a Chinese message


def test_the_first_day_of_the_calendar_is_no_error(client):
    reply(7)
    assert len(ids(get(client, f"{LIST}?since=0001-01-02"))) == 1
    assert ids(get(client, f"{LIST}?since=9999-12-31")) == []


# speed -----------------------------------------------------------------------------------------


def queries(client, url):
    """Queries of a repeat visit: the first visit from an address also creates its counter
    in the rate limiter's database cache, which has nothing to do with the items."""
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url",
    [
        "/api/publications/?page_size=100",
        "/feeds/all.atom",
        "/",
        "/policies/",
        "/replies/",
        "/search/?q=通知",
        "/sitemap-policies.xml",
    ],
)
def test_the_number_of_queries_does_not_grow_with_the_items(client, url):
    policies(3)
    reply(1)
    few = queries(client, url)
    policies(30, start=4)
    for number in range(4, 10):
        reply(number)
    assert queries(client, url) == few


def test_the_list_is_ordered_by_the_live_versions_time(client):
    policies(2)
    publish(Kind.POLICY, 1, title="第1号通知（修订）", fields=policy_fields())
    assert ids(get(client, LIST)) == ["policy-1", "policy-2"]
    assert Publication.objects.count() == 2


# conditional requests ---------------------------------------------------------------------------


def test_the_api_answers_304_until_something_public_changes(client):
    version = reply(7)
    for url in (LIST, f"{LIST}?kind=reply", f"{LIST}reply-7/", "/api/openapi.json"):
        first = client.get(url)
        assert first["ETag"], url
        assert client.get(url, headers={"if-none-match": first["ETag"]}).status_code == 304
    first = client.get(f"{LIST}reply-7/")
    reply(8)  # another item: this one is unchanged
    assert (
        client.get(f"{LIST}reply-7/", headers={"if-none-match": first["ETag"]}).status_code == 304
    )
    listing = client.get(LIST)
    withdraw(version.publication)
    assert client.get(LIST, headers={"if-none-match": listing["ETag"]}).status_code == 200
    assert (
        client.get(f"{LIST}reply-7/", headers={"if-none-match": first["ETag"]}).status_code == 404
    )


def test_the_api_is_read_only_and_open_to_any_page(client):
    assert client.post(LIST).status_code == 405
    assert client.delete(f"{LIST}reply-7/").status_code == 405
    assert client.get(LIST)["Access-Control-Allow-Origin"] == "*"


# the OpenAPI description ------------------------------------------------------------------------


def test_openapi_describes_both_endpoints_their_parameters_and_the_item(client):
    reply(7)
    policy_with_interpretation(1)
    spec = get(client, "/api/openapi.json")
    assert spec["openapi"] == "3.1.0"
    assert spec["servers"] == [{"url": BASE}]
    listing = spec["paths"]["/api/publications/"]["get"]
    assert {p["name"] for p in listing["parameters"]} == {
        "page",
        "page_size",
        "kind",
        "unit",
        "since",
    }
    assert set(listing["responses"]) >= {"200", "400"}
    single = spec["paths"]["/api/publications/{key}/"]["get"]
    assert [p["name"] for p in single["parameters"]] == ["key"]
    assert set(single["responses"]) >= {"200", "404"}

    # the schema says what the API answers: no field missing or undocumented
    schemas = spec["components"]["schemas"]
    answer = get(client, LIST)
    assert set(answer) == set(schemas["Page"]["properties"]) == set(schemas["Page"]["required"])
    item_schema = schemas["Publication"]
    for item in answer["results"]:
        assert set(item) == set(item_schema["properties"]) == set(item_schema["required"])
        assert item["kind"] in item_schema["properties"]["kind"]["enum"]
        fields_schema = {
            Kind.POLICY: "PolicyFields",
            Kind.INTERPRETATION: "InterpretationFields",
            Kind.REPLY: "ReplyFields",
        }[item["kind"]]
        assert set(item["fields"]) <= set(schemas[fields_schema]["properties"])
        for entry in item["files"]:
            assert set(entry) == set(schemas["File"]["properties"])

"""督办台 and 我的提醒 in the staff site: who may see what, the summaries and rows as the
oracle counts them, filters and their bad values, links, pages, notices marked read, and a
query count that does not grow with the rows."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from base.organisation.demo import DEMO_PASSWORD
from base.organisation.models import Person, Unit
from base.organisation.roles import Role
from proposals.models import Assignment
from supervision.models import Notice
from supervision.reminders import send_due
from tests.factories import PersonFactory
from tests.supervision import world as generated
from tests.supervision.conftest import TODAY

pytestmark = pytest.mark.django_db
URL = "/staff/supervision/board/"
NOTICES = "/staff/supervision/notices/"


def as_(client, username):
    client.logout()
    assert client.login(username=username, password=DEMO_PASSWORD)
    return client


def rows(response):
    """[(source, object id, unit pk, css classes, html)] of the board's rows."""
    html = response.content.decode()
    found = re.findall(
        r'<tr class="(sv-row[^"]*)" data-source="(\w+)" data-object="(\d+)" data-unit="(\d+)">'
        r"(.*?)</tr>",
        html,
        re.S,
    )
    return [(source, int(pk), int(unit), css, body) for css, source, pk, unit, body in found]


def all_rows(client, **params):
    """Every row of every page."""
    found, page = [], 1
    while True:
        response = client.get(URL, {**params, "page": page})
        assert response.status_code == 200, response.content.decode()[-2000:]
        found += rows(response)
        if 'rel="next"' not in response.content.decode():
            return found, response
        page += 1


def summary(response, table):
    """{key: (open, soon, overdue)} of the summary table by unit ("unit") or kind ("kind")."""
    html = response.content.decode()
    body = html.split(f'id="sv-by-{table}"')[1].split("</table>")[0]
    found = {}
    for key, cells in re.findall(rf'<tr data-{table}="(\w*)">(.*?)</tr>', body, re.S):
        numbers = [
            int(
                re.sub(
                    r"<[^>]+>", "", re.search(rf'<td class="sv-{name}">(.*?)</td>', cells, re.S)[1]
                )
            )
            for name in ("open", "soon", "overdue")
        ]
        found[key] = tuple(numbers)
    return found


# who sees what


@pytest.mark.parametrize("username", ["clerk", "reviewer", "leader"])
def test_the_government_office_and_the_proposal_office_see_every_unit(world, client, username):
    found, response = all_rows(as_(client, username))
    assert {(source, pk) for source, pk, *_rest in found} == {
        (item.source, item.object_id) for item in world.items
    }
    units, kinds = generated.expected_tallies(world, 5)
    names = dict(Unit.objects.values_list("pk", "name"))
    assert {names[int(pk)]: tally for pk, tally in summary(response, "unit").items()} == units
    by_kind = summary(response, "kind")
    assert {kind: by_kind[kind] for kind in kinds} == kinds
    assert by_kind[""] == (
        len(world.items),
        sum(tally[1] for tally in units.values()),
        sum(tally[2] for tally in units.values()),
    )


def test_a_unit_leader_sees_only_the_unit_s_own_work(world, client):
    as_(client, "director")  # 市教育局
    education = Unit.objects.get(name="湛江市教育局")
    found, response = all_rows(client)
    expected = {(i.source, i.object_id) for i in world.items if i.unit == "湛江市教育局"}
    assert expected and {(source, pk) for source, pk, *_rest in found} == expected
    assert set(summary(response, "unit")) == {str(education.pk)}
    other = Unit.objects.get(name="湛江市民政局")
    refused = client.get(URL, {"unit": other.pk})
    assert refused.status_code == 400
    assert "您只能查看本单位的督办事项，不能查看“湛江市民政局”的。" in refused.content.decode()
    assert rows(refused) == []


@pytest.mark.parametrize("username", ["handler", "drafter", "checker", "deputy", "legal", "issuer"])
def test_others_are_refused(world, client, username):
    assert as_(client, username).get(URL).status_code == 403


def test_leaders_and_reviewers_elsewhere_are_refused_and_the_login_comes_first(db, client):
    generated.staff()
    PersonFactory(username="outsider", unit=Unit.objects.get(name="湛江市教育局"),
                  roles=[Role.OPENNESS_REVIEWER])  # fmt: skip
    client.login(username="outsider", password="secret-password")
    assert client.get(URL).status_code == 403
    client.logout()
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/staff/accounts/")


def test_the_application_opens_the_board_or_the_notices(world, client):
    assert as_(client, "clerk").get("/staff/supervision/")["Location"] == URL
    assert as_(client, "handler").get("/staff/supervision/")["Location"] == NOTICES
    menu = as_(client, "handler").get(NOTICES).content.decode()
    assert "我的提醒" in menu and "督办台" not in menu.split("</vf-page-menu-navigation>")[0]


# rows, colours, links


def test_rows_are_red_when_overdue_amber_within_the_threshold(world, client):
    found, _response = all_rows(as_(client, "clerk"))
    oracle = {(item.source, item.object_id): item for item in world.items}
    for source, pk, _unit, css, body in found:
        item = oracle[(source, pk)]
        left = world.days_left(item)
        if item.due_on < TODAY:
            assert "sv-row--overdue" in css
            assert (f"逾期{-left}个工作日" if left else "已过期限") in body
        elif left <= 5:
            assert css == "sv-row sv-row--soon"
            assert ("今天到期" if left == 0 else f"{left}个工作日") in body
        else:
            assert css == "sv-row" and f"{left}个工作日" in body
        assert item.due_on.strftime("%Y年") in body


def test_links_go_to_the_pages_the_person_may_open(world, client):
    found, _response = all_rows(as_(client, "clerk"))
    for source, _pk, _unit, _css, body in found:
        if source == "proposal":
            assert re.search(r'href="/staff/proposals/proposal/\d+/"', body)
        else:  # the proposal office does not work in the interpretation flow
            assert "href=" not in body
    # the openness reviewer opens its own unit's packages and those at its step, nothing else
    oracle = {(item.source, item.object_id): item for item in world.items}
    found, _response = all_rows(as_(client, "reviewer"))
    for source, pk, _unit, _css, body in found:
        item = oracle[(source, pk)]
        visible = source == "interpretation" and (
            item.drafting_unit == "湛江市人民政府办公室" or item.step == "openness_review"
        )
        assert bool(re.search(r'href="/staff/policy/interpretation/\d+/"', body)) == visible
        assert ("href=" in body) == visible


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "policy"}, lambda item, world: item.kind == "policy"),
        ({"kind": "npc"}, lambda item, world: item.kind == "npc"),
        ({"status": "overdue"}, lambda item, world: item.due_on < TODAY),
        (
            {"status": "soon"},
            lambda item, world: item.due_on >= TODAY and world.days_left(item) <= 5,
        ),
        (
            {"status": "soon", "within": "10"},
            lambda item, world: item.due_on >= TODAY and world.days_left(item) <= 10,
        ),
        (
            {"kind": "cppcc", "status": "overdue"},
            lambda item, world: item.kind == "cppcc" and item.due_on < TODAY,
        ),
    ],
)
def test_each_filter_narrows_the_rows(world, client, params, expected):
    found, _response = all_rows(as_(client, "clerk"), **params)
    assert {(source, pk) for source, pk, *_rest in found} == {
        (item.source, item.object_id) for item in world.items if expected(item, world)
    }


def test_the_unit_filter_keeps_the_unit_s_rows(world, client):
    civil = Unit.objects.get(name="湛江市民政局")
    found, _response = all_rows(as_(client, "clerk"), unit=civil.pk)
    assert {unit for _source, _pk, unit, _css, _body in found} == {civil.pk}
    assert len(found) == sum(item.unit == "湛江市民政局" for item in world.items)


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"unit": "教育局"}, "责任单位“教育局”不存在"),
        ({"unit": "99999999999999999999"}, "责任单位“99999999999999999999”不存在"),
        (
            {"kind": "party"},
            "类别“party”无效，可选：政策文件及解读（policy）、人大建议（npc）、政协提案（cppcc）",
        ),
        ({"status": "late"}, "办理状态“late”无效，可选：已逾期（overdue）、临近到期（soon）"),
        ({"within": "-1"}, "临近到期的天数“-1”无效，应为0至60之间的整数"),
        ({"within": "61"}, "临近到期的天数“61”无效"),
        ({"within": "五"}, "临近到期的天数“五”无效"),
    ],
)
def test_a_bad_filter_is_explained_and_shows_no_rows(world, client, params, message):
    response = as_(client, "clerk").get(URL, params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "筛选条件有误" in html
    assert rows(response) == []


def test_all_bad_values_are_reported_at_once(world, client):
    response = as_(client, "clerk").get(URL, {"kind": "x", "status": "y", "within": "z"})
    assert response.status_code == 400
    assert response.content.decode().count("<li>") >= 3


def test_the_page_holds_a_hundred_rows(world, client):
    response = as_(client, "clerk").get(URL)
    assert len(world.items) > 100
    assert len(rows(response)) == 100 and "第 1 / " in response.content.decode()


def test_the_page_costs_the_same_queries_with_more_rows(db, frozen, client):
    generated.members.cache_clear()
    generated.build(TODAY, proposals=20, packages=4, seed=3)
    as_(client, "clerk")
    with CaptureQueriesContext(connection) as few:
        assert client.get(URL).status_code == 200
    generated.build(TODAY, proposals=200, packages=40, seed=4)
    with CaptureQueriesContext(connection) as many:
        assert client.get(URL).status_code == 200
    # + 2 at most: who may take a package nobody has taken yet is read once, when there is one
    assert len(many) <= len(few) + 2 <= 25, [q["sql"][:100] for q in many.captured_queries]


# notices


def test_notices_are_each_person_s_own_and_are_marked_read(world, client):
    send_due(TODAY)
    director = Person.objects.get(username="director")
    mine = Notice.objects.filter(recipient=director)
    assert mine.count() >= 2
    page = as_(client, "director").get(NOTICES)
    html = page.content.decode()
    assert page.status_code == 200
    assert f"未读 {mine.count()} 条" in html
    assert set(map(int, re.findall(r'data-notice="(\d+)"', html))) == set(
        mine.values_list("pk", flat=True)
    )
    # the menu counts them
    assert re.search(rf'<span class="mdc-list-item__meta"[^>]*>{mine.count()}</span>', html)
    first = mine.first()
    response = client.post(NOTICES, {"notice": first.pk})
    assert response.status_code == 302
    first.refresh_from_db()
    assert first.read_at is not None
    assert mine.unread().count() == mine.count() - 1
    # someone else's notice is not theirs to mark
    other = Notice.objects.exclude(recipient=director).first()
    client.post(NOTICES, {"notice": other.pk})
    other.refresh_from_db()
    assert other.read_at is None
    bad = client.post(NOTICES, {"notice": "x"})
    assert bad.status_code == 400 and "要标为已读的提醒“x”无效" in bad.content.decode()
    client.post(NOTICES, {"notice": "all"})
    assert not mine.unread().exists()
    assert "没有未读的提醒" in client.get(NOTICES).content.decode()


def test_a_notice_links_to_the_item_the_person_may_open(world, client):
    send_due(TODAY)
    html = as_(client, "clerk").get(NOTICES).content.decode()
    assert re.search(r'<a href="/staff/proposals/proposal/\d+/">逾期督办：', html)
    # and so does the 最新提醒 card of 我的待办
    card = client.get(reverse("staff:work:mine:index")).content.decode()
    card = card[card.index('id="mw-notices"') :]
    assert re.search(r'<a href="/staff/proposals/proposal/\d+/">逾期督办：', card)


def test_everyone_in_the_staff_site_has_notices(db, client):
    generated.staff()
    for username in ("handler", "drafter", "legal", "clerk"):
        assert as_(client, username).get(NOTICES).status_code == 200
    client.logout()
    assert client.get(NOTICES).status_code == 302


# the text search over number, title and proposer


def an_open_share(world, unit=None):
    """An open proposal share of the world (of `unit`, if given) and its proposal."""
    for item in world.items:
        if item.source == "proposal" and (unit is None or item.unit == unit):
            share = Assignment.objects.select_related("proposal").get(pk=item.object_id)
            return item, share.proposal
    raise AssertionError("the world has no open proposal share")


def test_the_search_finds_an_item_by_its_number_however_it_is_written(world, client):
    _item, proposal = an_open_share(world)
    as_(client, "clerk")
    expected = {
        (i.source, i.object_id)
        for i in world.items
        if i.source == "proposal"
        and proposal_of(i).kind == proposal.kind
        and proposal_of(i).number == proposal.number
    }
    for typed in [f"{proposal.number:04d}", str(proposal.number), f"第{proposal.number}号"]:
        found, _response = all_rows(client, q=typed)
        keys = {(source, pk) for source, pk, *_rest in found}
        assert expected <= keys, typed
        # anything else it found holds what was typed (another kind's same number, a title)
        for _source, _pk, _unit, _css, body in found:
            assert f"第{proposal.number:04d}号" in body or str(proposal.number) in body, typed


def proposal_of(item):
    return Assignment.objects.select_related("proposal").get(pk=item.object_id).proposal


def test_the_search_finds_items_by_title_and_proposer_within_the_person_s_scope(world, client):
    item, proposal = an_open_share(world, unit="湛江市教育局")
    proposal.proposers.create(name="冼海澜", is_lead=True)
    others = [i for i in world.items if i.source == "proposal" and i.unit != "湛江市教育局"]
    stranger = proposal_of(others[0])
    stranger.proposers.create(name="冼海澜", is_lead=False)
    expected = {
        (i.source, i.object_id)
        for i in world.items
        if i.source == "proposal" and proposal_of(i).pk in {proposal.pk, stranger.pk}
    }
    found, _response = all_rows(as_(client, "clerk"), q="海澜")
    assert {(source, pk) for source, pk, *_rest in found} == expected
    # the unit's leader finds the unit's own share only
    found, _response = all_rows(as_(client, "director"), q="海澜")
    mine = {(source, pk) for source, pk, *_rest in found}
    assert (item.source, item.object_id) in mine
    assert all(unit == Unit.objects.get(name="湛江市教育局").pk for _s, _p, unit, _c, _b in found)
    # a policy package by a word of its title
    package = next(i for i in world.items if i.source != "proposal")
    found, _response = all_rows(as_(client, "clerk"), q="民生工作")
    assert (package.source, package.object_id) in {(s, pk) for s, pk, *_rest in found}
    assert all("民生工作" in body for *_rest, body in found)


@pytest.mark.parametrize(
    ("asked", "says"),
    [
        ("0", "页码“0”无效，应为正整数；下面是第1页。"),
        ("x", "页码“x”无效"),
        ("99", "页码“99”超出范围：共"),
    ],
)
def test_a_page_that_does_not_exist_says_so_and_shows_a_page(world, client, asked, says):
    response = as_(client, "clerk").get(URL, {"page": asked})
    assert response.status_code == 200
    html = response.content.decode()
    assert says in html and rows(response) and "筛选条件有误" not in html

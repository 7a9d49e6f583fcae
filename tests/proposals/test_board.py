"""办理进度总览: working days left across holidays, overdue and nearly-due shares, filters
and their bad values, who sees which items, and a query count that does not grow with rows.

Every due date is in 2026 (the last year the holiday calendar holds) except the one share
that checks what happens when the calendar lacks the due date's year.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from base.organisation.demo import DEMO_PASSWORD, load_units_and_people
from base.organisation.models import Person, Unit
from base.organisation.roles import Role
from proposals import board, rules
from proposals.models import (
    Assignment,
    AssignmentState,
    Feedback,
    Proposal,
    ReplyLetter,
    ResultClass,
)
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
URL = "/staff/proposals/board/"
# Friday 25 September 2026, itself the first day of the Mid-Autumn holiday (9/25–9/27)
TODAY = datetime(2026, 9, 25, 10, tzinfo=SHANGHAI)


@pytest.fixture
def people(db):
    load_units_and_people()
    return {p.username: p for p in Person.objects.all()}


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def unit(name):
    return Unit.objects.get(name=name)


def item(number, kind="npc", term=15, session=4):
    return Proposal.objects.create(
        kind=kind, term=term, session=session, number=number,
        title=f"关于第{number}项民生实事的建议", body="内容",
    )  # fmt: skip


def assigned(proposal, lead, office, when, co=(), handling="lead"):
    """交办 on a fixed day: the due date is three months later, moved to a working day."""
    when = datetime(*when, 10, tzinfo=SHANGHAI)
    return rules.assign(proposal, unit(lead), [unit(n) for n in co], handling, office, when)


def replied(share, result_code, satisfaction=None):
    letter = ReplyLetter.objects.create(
        assignment=share, round=1, title="答复", sent_at=datetime(2026, 6, 1, tzinfo=SHANGHAI),
        result_class=ResultClass.objects.get(code=result_code),
    )  # fmt: skip
    Assignment.objects.filter(pk=share.pk).update(state=AssignmentState.REPLIED)
    if satisfaction:
        Feedback.objects.create(letter=letter, satisfaction=satisfaction)
    return letter


def page(client, person, **params):
    client.logout()
    assert client.login(username=person.username, password=DEMO_PASSWORD)
    return client.get(URL, params)


def items_on(response):
    """{proposal pk: its HTML} for each item row of the board."""
    html = response.content.decode()
    parts = re.split(r'<tbody class="board-item" data-proposal="(\d+)">', html)[1:]
    return {
        int(pk): chunk.split("</tbody>")[0]
        for pk, chunk in zip(parts[::2], parts[1::2], strict=True)
    }


def share_line(row_html, unit_name):
    """The <tr> of one unit's share inside an item row."""
    unit_pk = unit(unit_name).pk
    return re.search(rf'<tr class="([^"]*)" data-unit="{unit_pk}">(.*?)</tr>', row_html, re.S)


# (1) working days and colours


def test_working_days_left_skip_the_national_day_holiday_and_count_the_makeup_saturday(
    people, frozen, client
):
    office = people["clerk"]
    # assigned 9 July and 12 July: due three months later, 9 and 12 October (working days)
    (on_9th,) = assigned(item(1), "湛江市教育局", office, (2026, 7, 9))
    (on_12th,) = assigned(item(2), "湛江市财政局", office, (2026, 7, 12))
    assert (on_9th.due_on, on_12th.due_on) == (date(2026, 10, 9), date(2026, 10, 12))

    # From Friday 9/25 (not counted) to Friday 10/9:
    #   9/26 Sat, 9/27 Sun  Mid-Autumn holiday           -> 0
    #   9/28 Mon, 9/29 Tue, 9/30 Wed                     -> 3
    #   10/1–10/7  National Day holiday                  -> 0
    #   10/8 Thu, 10/9 Fri                               -> 2   = 5
    # 2026's make-up workdays are Sun 1/4, Sat 2/14, Sat 2/28, Sat 5/9, Sun 9/20 and Sat 10/10;
    # 9/20 is before today and 10/10 after 10/9, so none counts for the first share. To Monday
    # 10/12 add Sat 10/10 (make-up workday, counts), Sun 10/11 (no), Mon 10/12 (counts) = 7.
    rows = board.rows(office, board.Filters(), date(2026, 9, 25))
    left = {row.proposal.number: row.shares[0].days_left for row in rows}
    assert left == {1: 5, 2: 7}

    on_page = items_on(page(client, office))
    first = share_line(on_page[on_9th.proposal_id], "湛江市教育局")
    assert "5个工作日" in first[2] and "2026年10月9日" in first[2]
    assert "7个工作日" in share_line(on_page[on_12th.proposal_id], "湛江市财政局")[2]
    # 5 working days is exactly the reminder threshold: amber, not red
    assert "board-share--soon" in first[1]


def test_an_overdue_share_is_red_a_nearly_due_one_amber_and_a_replied_one_plain(
    people, frozen, client, settings
):
    settings.PROPOSAL_REMINDER_WORKING_DAYS = 5
    office = people["clerk"]
    (late,) = assigned(item(1), "湛江市教育局", office, (2026, 3, 2))  # due 2 June
    (soon,) = assigned(item(2), "湛江市财政局", office, (2026, 6, 30))  # due 30 September
    (calm,) = assigned(item(3), "湛江市民政局", office, (2026, 7, 12))  # due 12 October
    (done,) = assigned(
        item(4), "湛江市住房和城乡建设局", office, (2026, 3, 2)
    )  # due 2 June, answered
    replied(done, "A", satisfaction="satisfied")

    rows = {
        row.proposal.number: row.shares[0]
        for row in board.rows(office, board.Filters(), TODAY.date())
    }
    assert rows[1].overdue and not rows[1].due_soon
    assert rows[2].due_soon and rows[2].days_left == 3  # 9/28, 9/29, 9/30
    assert not (rows[3].overdue or rows[3].due_soon)
    assert not rows[4].overdue and rows[4].days_left is None

    on_page = items_on(page(client, office))
    red = share_line(on_page[late.proposal_id], "湛江市教育局")
    assert "board-share--overdue" in red[1]
    assert "已逾期" in red[2] and "2026年6月2日" in red[2] and "逾期" in red[2]
    assert "board-share--soon" in share_line(on_page[soon.proposal_id], "湛江市财政局")[1]
    assert share_line(on_page[calm.proposal_id], "湛江市民政局")[1] == "board-share"
    answered = share_line(on_page[done.proposal_id], "湛江市住房和城乡建设局")
    assert answered[1] == "board-share"
    assert ">A类<" in answered[2] and 'title="已解决或采纳"' in answered[2]
    assert "满意" in answered[2]


def test_a_due_date_in_a_year_the_calendar_lacks_is_shown_not_a_server_error(
    people, frozen, client
):
    office = people["clerk"]
    (share,) = assigned(item(1), "湛江市教育局", office, (2026, 7, 9))
    # beyond 2028: 2027 and 2028 are counted provisionally, 2029 not at all
    Assignment.objects.filter(pk=share.pk).update(due_on=date(2029, 1, 15))
    response = page(client, office)
    assert response.status_code == 200
    line = share_line(items_on(response)[share.proposal_id], "湛江市教育局")
    assert "日历缺少该年" in line[2] and "2029年1月15日" in line[2]


def test_a_due_date_in_a_year_not_yet_announced_is_marked_provisional(people, frozen, client):
    office = people["clerk"]
    (share,) = assigned(item(1), "湛江市教育局", office, (2026, 7, 9))
    Assignment.objects.filter(pk=share.pk).update(due_on=date(2027, 1, 15))
    line = share_line(items_on(page(client, office))[share.proposal_id], "湛江市教育局")
    assert "2027年1月15日" in line[2] and "（暂定）" in line[2] and "个工作日" in line[2]


def test_a_co_unit_that_gave_its_opinion_owes_nothing_more(people, frozen, client):
    office = people["clerk"]
    lead, finance, civil = assigned(
        item(1), "湛江市教育局", office, (2026, 3, 2), ["湛江市财政局", "湛江市民政局"]
    )  # all due 2 June
    replied(lead, "A")
    rules.write_opinion(finance, "同意主办单位意见。", "张三 0759-3100001", office)

    row = items_on(page(client, office))[lead.proposal_id]
    lines = [share_line(row, name) for name in ("湛江市教育局", "湛江市财政局", "湛江市民政局")]
    assert [line.start() for line in lines] == sorted(line.start() for line in lines)
    assert lines[1][1] == "board-share" and "已提交会办意见" in lines[1][2]
    assert "board-share--overdue" in lines[2][1]  # no opinion yet, long past the due date
    for name, expected in [("湛江市财政局", {}), ("湛江市民政局", {lead.proposal_id})]:
        response = page(client, office, unit=unit(name).pk, state="overdue")
        assert set(items_on(response)) == set(expected)


# (2) filters


@pytest.fixture
def spread(people):
    """Four items across two sessions, both kinds, five units and every state of interest."""
    office = people["clerk"]
    (edu,) = assigned(item(1), "湛江市教育局", office, (2026, 7, 9))
    (fin,) = assigned(item(2, kind="cppcc"), "湛江市财政局", office, (2026, 3, 2))  # overdue
    (civil,) = assigned(item(3, term=14, session=5), "湛江市民政局", office, (2026, 3, 2))
    replied(civil, "B")
    split = assigned(
        item(4), "湛江市赤坎区人民政府", office, (2026, 7, 9), ["湛江市霞山区人民政府"], "split"
    )
    rules.sign_for(split[1], office)
    return {"edu": edu.proposal_id, "fin": fin.proposal_id, "civil": civil.proposal_id,
            "split": split[0].proposal_id}  # fmt: skip


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"edu", "fin", "civil", "split"}),
        ({"session": "14-5"}, {"civil"}),
        ({"session": "15-4"}, {"edu", "fin", "split"}),
        ({"kind": "cppcc"}, {"fin"}),
        ({"unit": "湛江市民政局"}, {"civil"}),
        ({"unit": "湛江市霞山区人民政府"}, {"split"}),
        ({"state": "overdue"}, {"fin"}),
        ({"state": "signed"}, {"split"}),
        ({"state": "replied"}, {"civil"}),
        ({"result": "B"}, {"civil"}),
        ({"result": "A"}, set()),
        ({"kind": "npc", "session": "15-4"}, {"edu", "split"}),
        # unit and state speak of the same share: 市教育局's own share is not overdue
        ({"unit": "湛江市教育局", "state": "overdue"}, set()),
        ({"unit": "湛江市财政局", "state": "overdue"}, {"fin"}),
    ],
)
def test_each_filter_narrows_the_rows(people, spread, frozen, client, params, expected):
    if "unit" in params:
        params = {**params, "unit": unit(params["unit"]).pk}
    response = page(client, people["clerk"], **params)
    assert response.status_code == 200
    assert set(items_on(response)) == {spread[name] for name in expected}
    if not expected:
        assert "没有符合筛选条件的建议提案" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"session": "15"}, "届次“15”无效，应写作“届-次”"),
        ({"session": "十五-四"}, "届次“十五-四”无效"),
        ({"kind": "party"}, "类别“party”无效"),
        ({"unit": "教育局"}, "承办单位“教育局”不存在"),
        ({"unit": "999999"}, "承办单位“999999”不存在"),
        ({"unit": "99999999999999999999999"}, "承办单位“99999999999999999999999”不存在"),
        ({"state": "late"}, "办理状态“late”无效，可选：已交办、已签收、申请调整、已答复、已逾期"),
        ({"state": "withdrawn"}, "办理状态“withdrawn”无效"),
        ({"result": "Z"}, "办理结果分类“Z”不存在"),
    ],
)
def test_a_bad_filter_value_is_explained_and_shows_no_rows(
    people, spread, frozen, client, params, message
):
    response = page(client, people["clerk"], **params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "筛选条件有误" in html
    assert items_on(response) == {}


def test_bad_values_are_all_reported_at_once():
    filters, problems = board.parse_filters({"session": "x", "kind": "y", "state": "z"})
    assert len(problems) == 3 and filters == board.Filters()


# (3) who sees what


def test_a_unit_sees_only_items_it_has_a_live_share_of_and_the_office_sees_all(
    people, frozen, client
):
    office = people["clerk"]
    (own,) = assigned(item(1), "湛江市教育局", office, (2026, 7, 9))
    co = assigned(item(2), "湛江市财政局", office, (2026, 7, 9), ["湛江市教育局"])
    (other,) = assigned(item(3), "湛江市民政局", office, (2026, 7, 9))
    moved = assigned(item(4), "湛江市教育局", office, (2026, 7, 9))[0]
    rules.request_adjustment(moved, "该事项属市民政局职责", office)
    rules.decide_adjustment(moved, office, new_unit=unit("湛江市民政局"))

    handler_view = items_on(page(client, people["handler"]))
    assert set(handler_view) == {own.proposal_id, co[0].proposal_id}
    assert set(items_on(page(client, office))) == {
        own.proposal_id, co[0].proposal_id, other.proposal_id, moved.proposal_id
    }  # fmt: skip
    # the withdrawn share is gone from the office's row too; its successor is there
    moved_row = items_on(page(client, office))[moved.proposal_id]
    assert share_line(moved_row, "湛江市教育局") is None and share_line(moved_row, "湛江市民政局")


def test_the_board_is_for_people_in_the_proposal_flow(people, client):
    assert "办理进度总览" in page(client, people["clerk"]).content.decode()
    assert page(client, people["handler"]).status_code == 200
    assert page(client, people["drafter"]).status_code == 403
    PersonFactory(username="outsider", roles=[Role.LEGAL_REVIEWER])
    client.login(username="outsider", password="secret-password")
    assert client.get(URL).status_code == 403
    client.logout()
    assert client.get(URL).status_code == 302  # to the login page


# (4) bounded queries


def fill(office, first, count):
    """`count` items, each with a lead and a co-unit share, a sent letter and feedback."""
    for number in range(first, first + count):
        lead, _co = assigned(item(number), "湛江市教育局", office, (2026, 3, 2), ["湛江市财政局"])
        replied(lead, "A", satisfaction="basically")


def test_thirty_items_cost_no_more_queries_than_three(
    people, frozen, client, django_assert_max_num_queries
):
    office = people["clerk"]
    client.login(username="clerk", password=DEMO_PASSWORD)
    fill(office, 1, 3)
    with CaptureQueriesContext(connection) as three:
        assert len(items_on(client.get(URL))) == 3
    fill(office, 4, 27)
    with django_assert_max_num_queries(len(three)):
        assert len(items_on(client.get(URL))) == 30
    assert len(three) <= 20


# (6) the text search over number, title and proposer


@pytest.fixture
def searchable(people):
    office = people["clerk"]
    harbour = item(213)
    Proposal.objects.filter(pk=harbour.pk).update(title="关于建设硇洲岛海上救援站的建议")
    harbour.proposers.create(name="陈海生", is_lead=True)
    assigned(harbour, "湛江市教育局", office, (2026, 7, 9))
    school = item(21)
    school.proposers.create(name="林晓红", is_lead=True)
    assigned(school, "湛江市财政局", office, (2026, 7, 9))
    other = item(1213, kind="cppcc")
    Proposal.objects.filter(pk=other.pk).update(title="关于办好民生实事的提案")
    assigned(other, "湛江市财政局", office, (2026, 7, 9))
    return {"harbour": harbour.pk, "school": school.pk, "other": other.pk}


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("0213", {"harbour"}),
        ("213", {"harbour"}),  # not 第1213号: a number means that number
        ("第213号", {"harbour"}),
        ("人大建议第0213号", {"harbour"}),
        ("1213", {"other"}),
        ("硇洲岛", {"harbour"}),
        ("海上救援", {"harbour"}),
        ("海生", {"harbour"}),  # a proposer's name
        ("林晓红", {"school"}),
        ("民生实事", {"school", "other"}),  # in their titles
        ("  21  ", {"school"}),
        ("没有这样的建议", set()),
    ],
)
def test_the_search_finds_items_by_number_title_and_proposer(
    people, searchable, frozen, client, typed, found
):
    response = page(client, people["clerk"], q=typed)
    assert response.status_code == 200
    assert set(items_on(response)) == {searchable[name] for name in found}
    assert 'name="q"' in response.content.decode()


def test_the_search_keeps_to_the_items_a_unit_may_see_and_to_the_other_filters(
    people, searchable, frozen, client
):
    director = people["director"]  # 市教育局: only 第0213号 has a share of its own
    assert set(items_on(page(client, director, q="民生实事"))) == set()
    assert set(items_on(page(client, director, q="海生"))) == {searchable["harbour"]}
    office = people["clerk"]
    both = page(client, office, q="民生实事", kind="cppcc")
    assert set(items_on(both)) == {searchable["other"]}


def test_a_search_too_long_is_explained(people, frozen, client):
    response = page(client, people["clerk"], q="长" * 101)
    assert response.status_code == 400
    assert "检索词过长，最多100个字。" in response.content.decode()


def test_the_board_pages_by_fifty_and_keeps_the_filters(people, frozen, client):
    office = people["clerk"]
    for number in range(1, 53):
        assigned(item(number), "湛江市教育局", office, (2026, 7, 9))
    first = page(client, office, kind="npc")
    assert len(items_on(first)) == 50
    html = first.content.decode()
    assert "共 52 件" in html and "?kind=npc&amp;page=2" in html
    second = client.get(URL, {"kind": "npc", "page": "2"})
    assert len(items_on(second)) == 2 and not set(items_on(first)) & set(items_on(second))


@pytest.mark.parametrize(
    ("asked", "says", "shown"),
    [
        ("9", "页码“9”超出范围：共2页；下面是第2页。", 2),
        ("x", "页码“x”无效，应为正整数；下面是第1页。", 50),
        ("0", "页码“0”无效", 50),
    ],
)
def test_a_page_that_does_not_exist_says_so_and_shows_a_page(
    people, frozen, client, asked, says, shown
):
    office = people["clerk"]
    for number in range(1, 53):
        assigned(item(number), "湛江市教育局", office, (2026, 7, 9))
    response = page(client, office, page=asked)
    assert response.status_code == 200
    assert says in response.content.decode() and len(items_on(response)) == shown

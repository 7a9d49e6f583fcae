"""并案: the office merges items of one sitting not yet assigned; only the main item is
handled, its one letter answers every merged item's proposer, each of whom answers through
their own link; splitting before assignment hands a joined item back to 交办."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from viewflow.workflow.status import PROCESS, STATUS

from base.audit.models import AuditRecord
from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, Unit
from proposals import letter as letters
from proposals import merging, replies, rules
from proposals.models import Feedback, Proposal
from publications.models import Publication
from reports.sources import Scope, proposal_source, share_rows
from tests.proposals.merge_desk import merge_over_http, process_of, reply_to_the_end
from tests.workflows.conftest import CHECKLIST
from tests.workflows.proposal_desk import ProposalDesk
from workflows.proposals.merging import merge_items, split_item
from workflows.proposals.views import feedback_item_id, feedback_letter_id, feedback_url

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
PAGE = "staff:proposals:merge:index"


@pytest.fixture
def desk(client, db):
    load_units_and_people()
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI), tick=True):
        desk = ProposalDesk(client)
        desk.import_items(
            {"编号": "11", "标题": "关于增设学校周边护学岗的建议", "领衔人": "陈志强"},
            {"编号": "12", "标题": "关于改善校门口交通秩序的建议", "领衔人": "王芳"},
            {"编号": "13", "标题": "关于学生上下学接送的建议", "领衔人": "李明"},
            {"编号": "14", "届": "15", "次": "4", "领衔人": "赵强"},
            {"编号": "11", "类别": "政协提案", "领衔人": "周红"},
        )
        yield desk


def item(number, kind="npc", session=5):
    return Proposal.objects.get(number=number, kind=kind, session=session)


def office():
    return Person.objects.get(username="clerk")


def refusal(main, others):
    with pytest.raises(ValidationError) as raised:
        merge_items(main, others, office())
    return " ".join(raised.value.messages)


def test_what_may_not_be_merged_is_refused_with_its_reason(desk):
    assert "人大建议和政协提案不能并案" in refusal(item(11), [item(11, "cppcc")])
    assert "不是同一次会议" in refusal(item(11), [item(14, session=4)])
    assert "不能并入它自己" in refusal(item(11), [item(11)])
    assert "请至少选择两件" in refusal(item(11), [])
    merge_items(item(11), [item(12)], office())
    assert "已并入人大建议第0011号，请先拆分" in refusal(item(13), [item(12)])
    assert "不能作为主办件" in refusal(item(12), [item(13)])
    assert "是其他件的主办件" in refusal(item(13), [item(11)])
    # assigned: neither main nor joined
    desk.act(process_of(item(13)), "assign", {"handling": "lead", "lead": edu()})
    assert "已交办，不能并案" in refusal(item(11), [item(13)])
    assert "主办件人大建议第0013号已交办" in refusal(item(13), [])
    # nothing changed by a refusal
    assert item(13).merged_into is None and item(12).merged_into == item(11)


def edu():
    return Unit.objects.get(name="湛江市教育局").pk


def test_merging_closes_the_joined_items_process_and_only_the_main_one_is_assigned(desk):
    main, joined = item(11), item(12)
    merge_items(main, [joined], office())
    joined_process = process_of(joined, running=False)
    assert joined_process.status == PROCESS.CANCELED
    assert not joined_process.task_set.filter(status__in=[STATUS.NEW, STATUS.ASSIGNED]).exists()
    assert process_of(main).status == PROCESS.NEW
    with pytest.raises(ValidationError, match="随主办件办理，不能单独交办"):
        rules.assign(item(12), Unit.objects.get(name="湛江市教育局"), [], "lead", office())
    record = AuditRecord.objects.get(action="proposals.merged")
    assert record.details == {"joined": ["人大建议第0012号"]} and record.actor == office()
    # the main item's pages say what it answers; the joined item's page where it went
    task = desk.take(process_of(main), "assign")
    page = desk.client.get(desk.url(task, "execute")).content.decode()
    assert "人大建议第0012号《关于改善校门口交通秩序的建议》" in page and "王芳" in page


def test_the_merged_letter_answers_every_proposer_and_each_answers_by_their_own_link(desk):
    main, joined = item(11), item(12)
    merge_items(main, [joined], office())
    process = process_of(main)
    letter = reply_to_the_end(desk, process)

    assert letter.title == "关于市十五届人大五次会议第0011号、第0012号建议的答复"
    assert letters.salutation(main) == "陈志强代表、王芳代表："
    assert letters.letter_context(letter)["addressee"] == "陈志强代表、王芳代表："
    assert replies.awaiting_feedback(letter) == [main, joined]

    desk.client.logout()
    own, theirs = feedback_url(letter, main), feedback_url(letter, joined)
    assert own != theirs
    page = desk.client.get(theirs).content.decode()
    assert "人大建议第0012号" in page and "关于改善校门口交通秩序的建议" in page
    assert desk.client.post(theirs, {"satisfaction": "satisfied"}).status_code == 302
    assert "已收到" in desk.client.get(theirs).content.decode()
    # one proposer's answer does not finish the step: the other's is awaited
    assert desk.open_tasks(process, "feedback").exists()
    assert desk.client.post(own, {"satisfaction": "basically"}).status_code == 302
    assert not desk.open_tasks(process, "feedback").exists()
    given = dict(Feedback.objects.filter(letter=letter).values_list("proposal_id", "satisfaction"))
    assert given == {main.pk: "basically", joined.pk: "satisfied"}
    assert desk.open_tasks(process, "disclose").exists()
    # the statistics: both items received, one replying share with its own item's feedback
    scope = Scope(2026)
    assert set(proposal_source(scope).values_list("number", flat=True)) >= {11, 12}
    rows = [r for r in share_rows(scope) if r.number in (11, 12)]
    assert [(r.number, r.satisfaction) for r in rows] == [(11, "basically")]


def test_the_office_enters_each_proposers_feedback_and_one_dissatisfied_handles_it_again(desk):
    main, joined = item(11), item(12)
    merge_items(main, [joined], office())
    process = process_of(main)
    letter = reply_to_the_end(desk, process)
    page = desk.client.get(desk.url(desk.take(process, "feedback"), "execute")).content.decode()
    tokens = re.findall(r"//testserver/feedback/([^/<\s]+)/", page)
    assert {feedback_letter_id(t) for t in tokens} == {letter.pk}
    assert {feedback_item_id(t) for t in tokens} == {None, joined.pk}  # None: the main item
    desk.act(process, "feedback", {"item": joined.pk, "satisfaction": "dissatisfied",
                                   "comment": "没有时间表。"}, expect=302)  # fmt: skip
    assert desk.open_tasks(process, "feedback").exists()
    desk.act(process, "feedback", {"item": main.pk, "satisfaction": "satisfied"})
    # the merged handling goes round again, one letter for both
    assert main.assignments.get().letters.count() == 2
    assert desk.open_tasks(process, "contact").exists()


def test_the_merged_reply_is_published_once_naming_every_number(desk):
    main, joined = item(11), item(12)
    merge_items(main, [joined], office())
    process = process_of(main)
    letter = reply_to_the_end(desk, process)
    desk.act(process, "feedback", {"item": main.pk, "satisfaction": "satisfied"})
    # the last proposer's feedback: the office's form needs no choice of item
    desk.act(process, "feedback", {"satisfaction": "satisfied"})
    assert Feedback.objects.get(letter=letter, proposal=joined).satisfaction == "satisfied"
    assert "王芳" in replies.proposer_names(main)
    # full disclosure needs every merged proposer's consent
    Proposal.objects.filter(pk=joined.pk).update(consent_to_publish=False)
    problems = replies.disclosure_problems(letter, "full", "依申请公开。", "")
    assert "提出人不同意公开，只能部分公开或不予公开。" in problems
    Proposal.objects.filter(pk=joined.pk).update(consent_to_publish=True)
    desk.act(process, "disclose", {"decision": "full", "reason": "不涉密，全文公开。",
                                   **CHECKLIST, "override": "on",
                                   "override_reason": "代表姓名依惯例公开。"})  # fmt: skip
    publication = Publication.objects.get()
    fields = publication.versions.get().fields
    assert fields["proposal_number"] == "人大建议第0011号、人大建议第0012号"
    assert "关于改善校门口交通秩序的建议" in fields["proposal_title"]
    assert process_of(main, running=False).status == PROCESS.DONE


def test_splitting_before_assignment_hands_the_item_back_to_assignment(desk):
    main, joined = item(11), item(12)
    merge_items(main, [joined], office())
    split_item(joined, office())
    joined.refresh_from_db()
    assert joined.merged_into is None
    again = process_of(joined)
    assert again.status == PROCESS.NEW and desk.open_tasks(again, "assign").exists()
    assert AuditRecord.objects.filter(action="proposals.split").exists()
    assert replies.default_title(main) == "关于市十五届人大五次会议第0011号建议的答复"
    # after the main item is assigned, a joined item stays
    merge_items(main, [item(13)], office())
    desk.act(process_of(main), "assign", {"handling": "lead", "lead": edu()})
    with pytest.raises(ValidationError, match="已交办，不能再拆分"):
        split_item(item(13), office())
    with pytest.raises(ValidationError, match="没有并案"):
        merging.split(item(11), office())


def test_the_merge_page_merges_refuses_with_a_message_and_splits(desk):
    response = merge_over_http(desk, item(11), [item(12), item(11, "cppcc")])
    assert response.status_code == 422
    assert "人大建议和政协提案不能并案" in response.content.decode()
    assert item(12).merged_into is None
    assert merge_over_http(desk, item(11), []).status_code == 422
    response = merge_over_http(desk, item(11), [item(12), item(13)])
    assert response.status_code == 302
    page = desk.client.get(reverse(PAGE)).content.decode()
    assert "已并案" in page and "人大建议第0013号" in page
    # the board says where a joined item went, and what the main item answers
    board = desk.client.get(reverse("staff:proposals:board:index")).content.decode()
    assert "已并入人大建议第0011号" in board
    assert "并案：人大建议第0012号、人大建议第0013号" in board
    # and so does the joined item's own page
    joined_page = reverse(
        "staff:proposals:proposal:process_detail", args=[process_of(item(12), False).pk]
    )
    assert "已并入人大建议第0011号，随主办件办理" in desk.client.get(joined_page).content.decode()
    split = reverse("staff:proposals:merge:split", args=[item(13).pk])
    assert desk.client.post(split).status_code == 302
    assert item(13).merged_into is None and item(12).merged_into == item(11)


@pytest.mark.parametrize("who", ["handler", "director", "reviewer"])
def test_only_the_proposal_office_may_merge(desk, who):
    desk.login(who)
    assert desk.client.get(reverse(PAGE)).status_code == 403
    split = reverse("staff:proposals:merge:split", args=[item(12).pk])
    assert desk.client.post(split).status_code == 403

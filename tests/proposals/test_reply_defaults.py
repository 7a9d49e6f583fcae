"""What a reply letter says besides its text: the sitting named as each body names it, the
copy-to offices of each kind (the city's, editable), the 公开属性 line from the disclosure
decision, a second round's own title, and the mark where a partly disclosed copy was cut."""

import io

import pytest
from django.urls import reverse
from django.utils.translation import override
from pypdf import PdfReader

from proposals import publishing, replies
from proposals.letter import letter_context, letter_pdf
from proposals.models import (
    Assignment,
    Disclosure,
    Feedback,
    Proposal,
    ReplyDefault,
)
from proposals.omissions import OMITTED, marked
from proposals.sittings import cppcc_sitting, npc_sitting, sitting
from tests.factories import PersonFactory, UnitFactory
from tests.proposals.test_letter import make_letter

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def text_of(path):
    reader = PdfReader(io.BytesIO(path.read_bytes()))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


# the sitting, as each body names it


def test_each_body_names_its_sitting_its_own_way():
    assert npc_sitting(13, 5) == "市十三届人大五次会议"
    assert npc_sitting(13, 5, full=True) == "湛江市第十三届人民代表大会第五次会议"
    assert cppcc_sitting(13, 5) == "市政协十三届五次会议"
    assert cppcc_sitting(13, 5, full=True) == "政协湛江市第十三届委员会第五次会议"
    with override("zh-hans"):
        assert sitting(13, 5, "cppcc") == "市政协十三届五次会议"
        assert sitting(13, 5, "npc") == "市十三届人大五次会议"
    with override("en"):
        assert sitting(13, 5, "cppcc") == "13th Municipal CPPCC Committee, 5th session"


def test_a_proposals_title_names_the_sitting_as_its_text_does():
    proposal = Proposal(kind="cppcc", term=13, session=5, number=12)
    with override("en"):
        title = replies.default_title(proposal)
    assert title == "关于市政协十三届五次会议第0012号提案的答复"
    assert sitting(13, 5, "cppcc") in title and "市十三届政协" not in title


# 抄送


def items_with_co_unit(kind):
    letter = make_letter(kind=kind, number=21 if kind == "npc" else 22, unit="湛江市教育局")
    share = letter.assignment
    Assignment.objects.create(
        proposal=share.proposal,
        unit=UnitFactory(name="湛江市民政局", short_name="市民政局"),
        role="co",
        assigned_at=share.assigned_at,
        due_on=share.due_on,
    )
    letter.delete()  # current_letter starts a new one
    return share


def test_a_new_letter_is_copied_to_the_kinds_offices_and_the_co_units():
    npc, cppcc = items_with_co_unit("npc"), items_with_co_unit("cppcc")
    assert replies.current_letter(npc).copy_to == (
        "市人大常委会代表工作委员会、市政府办公室、市民政局"
    )
    assert replies.current_letter(cppcc).copy_to == "市政协提案委员会、市政府办公室、市民政局"


def test_the_city_edits_the_offices_in_the_admin(admin_client):
    row = ReplyDefault.objects.get(kind="npc")
    url = reverse("admin:proposals_replydefault_change", args=[row.pk])
    assert "市人大常委会代表工作委员会" in admin_client.get(url).content.decode()
    edited = "市人大常委会选举任免联络工作委员会，市政府办公室"
    response = admin_client.post(url, {"copy_to": edited})
    assert response.status_code == 302
    # the replying unit is never copied its own letter
    share = items_with_co_unit("npc")
    ReplyDefault.objects.filter(kind="npc").update(copy_to=edited + "、湛江市教育局")
    assert replies.current_letter(share).copy_to == (
        "市人大常委会选举任免联络工作委员会、市政府办公室、市民政局"
    )
    # one row per kind, kept: neither added nor deleted in the admin
    changelist = admin_client.get(reverse("admin:proposals_replydefault_changelist"))
    assert reverse("admin:proposals_replydefault_add") not in changelist.content.decode()
    assert admin_client.get(reverse("admin:proposals_replydefault_add")).status_code == 403


def test_markup_in_the_offices_is_refused(admin_client):
    row = ReplyDefault.objects.get(kind="cppcc")
    url = reverse("admin:proposals_replydefault_change", args=[row.pk])
    response = admin_client.post(url, {"copy_to": '<a href="x">市政协提案委员会</a>'})
    assert response.status_code == 200
    row.refresh_from_db()
    assert row.copy_to == "市政协提案委员会、市政府办公室"


# 公开属性


def decide(letter, decision, released=""):
    return Disclosure.objects.create(
        letter=letter,
        decision=decision,
        reason="依规定。",
        released_body=released,
        decided_by=PersonFactory(unit=letter.assignment.unit),
    )


@pytest.mark.parametrize(
    "decision, attribute",
    [("full", "主动公开"), ("partial", "删减后公开"), ("none", "不予公开")],
)
def test_the_letter_says_how_it_is_disclosed(decision, attribute):
    letter = make_letter(body="陈志强代表：\n您提出的建议收悉。\n感谢您的关心和支持。")
    assert "公开属性" not in text_of(letter_pdf(letter))  # not decided yet: no line
    decide(letter, decision, released="陈志强代表：\n感谢您的关心和支持。")
    letter = type(letter).objects.get(pk=letter.pk)
    text = text_of(letter_pdf(letter))
    assert f"（公开属性：{attribute}）" in text
    # under the date, above the contact line
    assert text.index("2026年6月3日") < text.index("公开属性") < text.index("联系人")


# 再次答复


def test_a_second_round_has_its_own_title():
    letter = make_letter(title="关于市十五届人大五次会议第0007号建议的答复")
    Feedback.objects.create(letter=letter, satisfaction="dissatisfied", comment="未解决。")
    again = replies.handle_again(letter, PersonFactory())
    assert again.round == 2
    assert again.title == "关于市十五届人大五次会议第0007号建议的再次答复"
    assert "再次答复" in text_of(letter_pdf(again))
    # the unit's own wording keeps its form
    letter.title = "对市十五届人大五次会议第0007号建议答复的函"
    assert replies.again_title(letter) == "对市十五届人大五次会议第0007号建议再次答复的函"
    # a third round is still 再次答复
    assert replies.again_title(again) == again.title
    assert replies.default_title(letter.assignment.proposal, 3) == again.title


# a partly disclosed copy


FUNDS = "经与市财政局协商，拟安排专项资金三百万元，具体分配方案尚在研究中。"
BODY = "\n".join(
    [
        "陈志强代表：",
        "您提出的建议收悉。现答复如下：",
        "一、关于护学岗",
        "我局已在全市中小学校门口设置护学岗。",
        "二、关于资金",
        FUNDS,
        "感谢您对教育工作的关心和支持。",
    ]
)


def test_a_dropped_passage_is_marked_where_it_was():
    released = BODY.replace(
        "二、关于资金\n经与市财政局协商，拟安排专项资金三百万元，具体分配方案尚在研究中。\n", ""
    )
    assert marked(BODY, released).split("\n") == [
        "陈志强代表：",
        "您提出的建议收悉。现答复如下：",
        "一、关于护学岗",
        "我局已在全市中小学校门口设置护学岗。",
        OMITTED,
        "感谢您对教育工作的关心和支持。",
    ]
    # a sentence cut within a paragraph: the mark stands where it was
    cut = BODY.replace("，拟安排专项资金三百万元，具体分配方案尚在研究中", "")
    assert f"经与市财政局协商{OMITTED}。" in marked(BODY, cut)
    # rewording is not removal; the office's own mark is not doubled; nothing cut, no mark
    assert marked(BODY, BODY.replace("陈志强代表", "陈某代表")) == BODY.replace("陈志强", "陈某")
    own = BODY.replace("拟安排专项资金三百万元，具体分配方案尚在研究中", "（此处有删节）")
    assert marked(BODY, own).count(OMITTED) == 1
    assert marked(BODY, BODY.replace("三百万元，具体分配方案尚在研究中", "……")).count("……") == 1
    assert OMITTED not in marked(BODY, BODY.replace("……", "……"))


def test_the_public_copy_of_a_partial_disclosure_shows_the_cut():
    letter = make_letter(body=BODY)
    released = BODY.replace(
        "经与市财政局协商，拟安排专项资金三百万元，具体分配方案尚在研究中。\n", ""
    )
    decide(letter, "partial", released=released)
    letter = type(letter).objects.get(pk=letter.pk)
    body = publishing.content(letter)["body"]
    assert OMITTED in body and "三百万元" not in body
    text = text_of(publishing.public_pdf(letter))
    assert OMITTED in text and "三百万元" not in text and "（公开属性：删减后公开）" in text
    # a full disclosure publishes the letter as it is, unmarked
    full = make_letter(body=BODY, number=31)
    decide(full, "full")
    full = type(full).objects.get(pk=full.pk)
    assert OMITTED not in publishing.content(full)["body"]


def test_the_letter_context_carries_the_attribute_for_other_copies():
    letter = make_letter()
    assert letter_context(letter)["disclosure"] == ""
    decide(letter, "full")
    letter = type(letter).objects.get(pk=letter.pk)
    assert letter_context(letter)["disclosure"] == "主动公开"

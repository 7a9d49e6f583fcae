"""The openness review (公开审查) and the disclosure decision over HTTP: the reviewer sees the
personal data in every text that will be published, masks or keeps each finding, marks what
the detector missed, answers the confidentiality checklist and decides; deciding while a
high-confidence finding is open needs an explicit override with a reason, which is audited.
Bad input is refused with a message and changes nothing."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone
from viewflow.workflow.status import PROCESS, STATUS

from base.audit.models import AuditRecord
from base.privacy.models import ConfidentialityCheck, RedactionDecision
from base.privacy.redaction import published_text
from interpretation.models import PolicyDocument, Review
from proposals.models import Disclosure, ResultClass
from tests.workflows.proposal_desk import LETTER, ProposalDesk, problems_on

pytestmark = pytest.mark.django_db

ID = "44080219850315121X"  # a valid ID number: 0.99
MOBILE = "13922334455"  # 0.95
HOTLINE = "0759-3100000"  # 0.9, the office's own line: public
BODY = (
    "一、关于群众反映的问题\n"
    f"经核查，张建国先生（身份证号{ID}）反映的问题属实，联系电话{MOBILE}。\n"
    f"二、咨询方式\n市政务服务热线{HOTLINE}，工作日受理。"
)
NO = {"state_secret": "no", "trade_secret": "no", "personal_privacy": "no", "process_info": "no"}


def digests(html):
    return dict(re.findall(r'name="(digest-[^"]+)" value="([^"]+)"', html))


def messages_of(response):
    """The errors and notices a page shows."""
    html = response.content.decode()
    alerts = re.findall(r'role="alert">(.*?)</div>', html, re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", alert) for alert in alerts)


def place(text, words):
    start = text.index(words)
    return start, start + len(words)


# --------------------------------------------------------------------------------------------
# the interpretation flow: openness_review


@pytest.fixture
def at_review(desk):
    process = desk.start()
    response = desk.submit(process, document={"body": BODY})
    assert response.status_code == 302
    desk.login("leader")
    desk.review(process, "sign_off")
    desk.login("reviewer")
    task = desk.take(process, "openness_review")
    return process, task


def post(desk, task, data, page=None):
    """Posts to the review page as a browser would: with the digests the page showed."""
    page = page or desk.client.get(desk.url(task, "execute"))
    return desk.client.post(desk.url(task, "execute"), {**digests(page.content.decode()), **data})


def approve(desk, task, **extra):
    return post(desk, task, {"decision": "approve", "comment": "", **NO, **extra})


def nothing_decided(process):
    document = PolicyDocument.objects.get(pk=process.artifact_object_id)
    assert not Review.objects.filter(document=document, step="openness_review").exists()
    assert not ConfidentialityCheck.objects.exists()
    assert not AuditRecord.objects.filter(action="privacy.override").exists()
    return document


def test_reviewer_sees_masks_keeps_marks_and_approves_with_an_override(desk, at_review):
    process, task = at_review
    document = PolicyDocument.objects.get(pk=process.artifact_object_id)
    page = desk.client.get(desk.url(task, "execute"))
    html = page.content.decode()

    # the findings are highlighted in the text to be published, each with what the public reads
    assert "个人信息审查（去标识化）" in html
    assert re.search(rf'<mark class="pd-mark pd-open-high"[^>]*>{ID}</mark>', html)
    assert re.search(rf'<mark class="pd-mark pd-open-high"[^>]*>{MOBILE}</mark>', html)
    assert re.search(r'<mark class="pd-mark pd-open"[^>]*>张建国</mark>', html)  # a 0.8 name
    assert "440***********121X" in html and "139****4455" in html
    assert "3 处高可信度个人信息尚未处理" in html
    assert 'src="/static/privacy/redaction.js"' in html and "<script>" not in html

    # keep the office hotline, mask the mobile, mark a span the detector cannot know
    start, end = place(BODY, HOTLINE)
    response = post(desk, task, {"privacy_decide": f"keep|document.body|{start}|{end}"}, page)
    assert response.status_code == 302
    start, end = place(BODY, MOBILE)
    response = post(desk, task, {"privacy_decide": f"mask|document.body|{start}|{end}"})
    assert response.status_code == 302
    response = post(
        desk,
        task,
        {"privacy_mark": "1", "mark-key": "document.body", "mark-text": "反映的问题属实"},
    )
    assert response.status_code == 302
    page = desk.client.get(response.url)
    html = page.content.decode()
    assert "已标记遮盖：“文件·正文”中1处" in html
    assert re.search(rf'<mark class="pd-mark pd-kept"[^>]*>{HOTLINE}</mark>', html)
    assert re.search(rf'<mark class="pd-mark pd-masked"[^>]*>{MOBILE}</mark>', html)
    assert re.search(r'<mark class="pd-mark pd-marked"[^>]*>反映的问题属实</mark>', html)
    assert "1 处高可信度个人信息尚未处理" in html  # the ID number

    # approving while the ID number is open is refused, and nothing changes
    response = approve(desk, task, personal_privacy="yes")
    assert response.status_code == 200
    assert "尚有1处高可信度的个人信息（身份证号）未处理" in messages_of(response)
    nothing_decided(process)
    assert desk.open_task(process, "openness_review").status == STATUS.ASSIGNED

    # the override needs its reason
    response = approve(desk, task, personal_privacy="yes", override="on", override_reason=" ")
    assert response.status_code == 200
    assert "勾选“仍然决定”须写明理由" in response.content.decode()
    nothing_decided(process)

    # with the override and its reason it goes through, audited
    reason = "身份证号经核实为示例号码，公开时仍按默认遮盖。"
    response = approve(desk, task, personal_privacy="yes", override="on", override_reason=reason)
    assert response.status_code == 302, messages_of(response)
    review = Review.objects.get(document=document, step="openness_review")
    assert review.decision == "approve"
    assert desk.open_task(process, "legal_review")
    override = AuditRecord.objects.get(action="privacy.override")
    assert override.actor.username == "reviewer"
    assert override.object_id == str(document.pk)
    assert override.details["reason"] == reason
    assert override.details["findings"] == [
        {
            "field": "body",
            "kind": "id_number",
            "start": BODY.index(ID),
            "end": BODY.index(ID) + len(ID),
            "confidence": 0.99,
            "masked": "440***********121X",
        }
    ]
    assert ID not in str(override.details)  # the audit log keeps no personal data

    # the checklist is stored with the review
    check = ConfidentialityCheck.of(review)
    assert (check.state_secret, check.trade_secret, check.personal_privacy, check.process_info) == (
        False,
        False,
        True,
        False,
    )
    assert check.outcome == "partial"  # published with personal data masked
    assert check.checked_by.username == "reviewer"

    # what the public will read: the hotline kept, everything else masked
    public = published_text(document, "body", document.body)
    assert HOTLINE in public
    assert MOBILE not in public and "139****4455" in public
    assert ID not in public and "440***********121X" in public
    assert "反映的问题属实" not in public and "张建国" not in public
    actions = set(AuditRecord.objects.values_list("action", flat=True))
    assert {"privacy.keep", "privacy.mask", "privacy.marked", "privacy.override"} <= actions


def test_approval_without_open_findings_needs_no_override(desk, at_review):
    process, task = at_review
    for words in (ID, MOBILE, HOTLINE):
        start, end = place(BODY, words)
        response = post(desk, task, {"privacy_decide": f"mask|document.body|{start}|{end}"})
        assert response.status_code == 302
    response = approve(desk, task, personal_privacy="yes")
    assert response.status_code == 302, messages_of(response)
    assert not AuditRecord.objects.filter(action="privacy.override").exists()


def test_the_checklist_must_be_answered_and_state_secrets_are_not_published(desk, at_review):
    process, task = at_review
    base = {"override": "on", "override_reason": "先行决定"}
    response = post(desk, task, {"decision": "approve", "comment": "", **base})
    unanswered = "请逐项回答保密审查（是/否）：涉及国家秘密（涉密）、涉及商业秘密"
    assert unanswered in messages_of(response)
    nothing_decided(process)

    response = approve(desk, task, state_secret="yes", **base)
    assert "涉及国家秘密的文件一律不予公开" in messages_of(response)
    nothing_decided(process)

    # a package published in full (every finding kept) with trade secrets needs its basis
    for words in (ID, MOBILE, HOTLINE, "张建国"):
        start, end = place(BODY, words)
        post(desk, task, {"privacy_decide": f"keep|document.body|{start}|{end}"})
    response = approve(desk, task, trade_secret="yes")
    assert "已答“涉及商业秘密”为“是”" in messages_of(response)
    nothing_decided(process)
    response = approve(desk, task, trade_secret="yes", confidentiality_note="权利人书面同意公开。")
    assert response.status_code == 302, messages_of(response)
    check = ConfidentialityCheck.objects.get()
    assert check.outcome == "full" and check.note == "权利人书面同意公开。"


def test_a_return_needs_no_checklist(desk, at_review):
    process, task = at_review
    response = post(desk, task, {"decision": "return", "comment": "请删去个人身份证号。"})
    assert response.status_code == 302
    assert desk.open_task(process, "draft")
    assert not ConfidentialityCheck.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mark-start": "9", "mark-end": "3"}, "起始位置（第9个字）不能大于结束位置（第3个字）"),
        ({"mark-start": "5", "mark-end": "999"}, f"超出范围：“文件·正文”共{len(BODY)}个字"),
        ({"mark-start": "0", "mark-end": "3"}, "位置从1数起"),
        ({"mark-start": "5"}, "须同时填写起始和结束位置"),
        ({"mark-text": "不存在的文字"}, "在“文件·正文”中找不到“不存在的文字”"),
        ({"mark-text": "   "}, "请填写要遮盖的文字，或填写起止位置"),
        ({"mark-start": "1", "mark-end": "2", "mark-text": "三、"}, "与所填文字“三、”不符"),
    ],
)
def test_bad_marks_are_refused_with_a_message(desk, at_review, data, message):
    _process, task = at_review
    response = post(desk, task, {"privacy_mark": "1", "mark-key": "document.body", **data})
    assert response.status_code == 200
    assert message in messages_of(response)
    assert not RedactionDecision.objects.exists()
    assert not AuditRecord.objects.filter(action__startswith="privacy.").exists()


def test_an_action_on_a_text_changed_since_the_page_was_shown_is_refused(desk, at_review):
    process, task = at_review
    page = desk.client.get(desk.url(task, "execute"))
    PolicyDocument.objects.filter(pk=process.artifact_object_id).update(body=BODY + "补充一句。")
    start, end = place(BODY, MOBILE)
    response = post(desk, task, {"privacy_decide": f"keep|document.body|{start}|{end}"}, page)
    assert response.status_code == 200
    assert "“文件·正文”在您打开本页后已被修改" in messages_of(response)
    assert not RedactionDecision.objects.exists()


def test_a_decision_on_a_place_that_is_no_finding_is_refused(desk, at_review):
    _process, task = at_review
    response = post(desk, task, {"privacy_decide": "keep|document.body|0|3"})
    assert response.status_code == 200
    assert "该处已不是识别出的个人信息" in messages_of(response)
    response = post(desk, task, {"privacy_decide": "keep|document.body|x|3"})
    assert "无效的操作" in messages_of(response)
    assert not RedactionDecision.objects.exists()


def test_only_the_task_owner_decides(desk, at_review):
    _process, task = at_review
    page = desk.client.get(desk.url(task, "execute"))
    desk.login("leader")
    start, end = place(BODY, MOBILE)
    response = post(desk, task, {"privacy_decide": f"keep|document.body|{start}|{end}"}, page)
    assert response.status_code in (403, 409)
    assert not RedactionDecision.objects.exists()


def test_other_review_steps_have_no_privacy_panel(desk):
    process = desk.start()
    desk.submit(process, document={"body": BODY})
    desk.login("leader")
    page = desk.review(process, "sign_off")
    assert "个人信息审查" not in page.content.decode()


# --------------------------------------------------------------------------------------------
# the proposal flow: disclose

SHANGHAI = ZoneInfo("Asia/Shanghai")
EDU = "湛江市教育局"
REPLY = (
    "陈志强代表：\n"
    "您提出的关于加强校园周边交通安全的建议收悉。现答复如下：\n"
    "一、已在全市中小学校门口设置护学岗。\n"
    f"二、家长王秀兰女士反映的接送车辆问题，已由学校联系其本人（手机{MOBILE}）协调解决。\n"
    "感谢陈志强代表对教育工作的关心。"
)


@pytest.fixture
def proposals(client, db):
    from base.organisation.demo import load_units_and_people

    load_units_and_people()
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI), tick=True):
        yield ProposalDesk(client)


@pytest.fixture
def at_disclose(proposals):
    desk = proposals
    desk.import_items({"编号": "9"})
    process = desk.process(9)
    edu = process.artifact.suggested_lead_unit.pk
    desk.act(process, "assign", {"handling": "lead", "lead": edu, "co_units": []})
    desk.act(process, "sign_for", {"decision": "sign"}, EDU)
    today = timezone.localdate().isoformat()
    desk.act(process, "contact", {"method": "meeting", "contacted_on": today,
                                  "summary": "与代表当面沟通。"}, EDU)  # fmt: skip
    letter = {**LETTER, "body": REPLY, "result_class": ResultClass.objects.get(code="A").pk}
    desk.act(process, "draft_reply", {**letter, "submit": "1"}, EDU)
    for step, job in [("check", "checker"), ("leader", "deputy"), ("sign", "head")]:
        desk.act(process, step, {"decision": "approve"}, EDU, job)
    desk.act(process, "feedback", {"satisfaction": "satisfied", "comment": ""})
    task = desk.take(process, "disclose")
    return process, task


def disclose_post(desk, task, data, page=None):
    page = page or desk.client.get(desk.url(task, "execute"))
    return desk.client.post(desk.url(task, "execute"), {**digests(page.content.decode()), **data})


def test_office_keeps_the_deputys_name_and_discloses_in_part(proposals, at_disclose):
    desk, (process, task) = proposals, at_disclose
    letter = process.artifact.assignments.get().letters.get()
    page = desk.client.get(desk.url(task, "execute"))
    html = page.content.decode()
    # the proposer's name (0.95, one of the item's proposers) and the parent's mobile
    assert re.search(r'<mark class="pd-mark pd-open-high"[^>]*>陈志强</mark>', html)
    assert re.search(rf'<mark class="pd-mark pd-open-high"[^>]*>{MOBILE}</mark>', html)
    assert re.search(r'<mark class="pd-mark pd-open"[^>]*>王秀兰</mark>', html)
    assert "多处出现的相同内容" in html

    # a full disclosure with the mobile open: refused until decided or overridden
    full = {"decision": "full", "reason": "提出人同意公开。", "released_body": "", **NO}
    response = disclose_post(desk, task, full, page)
    assert response.status_code == 200
    assert "尚有3处高可信度的个人信息（姓名、手机号码）未处理" in messages_of(response)
    assert not Disclosure.objects.exists()

    # the deputy agreed to publication: their name stays, everywhere at once
    response = disclose_post(desk, task, {"privacy_decide_all": "keep|name|陈志强"})
    assert response.status_code == 302
    assert RedactionDecision.objects.filter(decision="keep").count() == 2

    # 个人隐私 answered yes: not in full without a basis
    response = disclose_post(desk, task, {**full, "personal_privacy": "yes"})
    assert "已答“涉及个人隐私”为“是”" in messages_of(response)
    assert "尚有1处高可信度的个人信息（手机号码）未处理" in messages_of(response)
    assert not Disclosure.objects.exists()

    # the office saves the released text (without the second point) to check it, then decides
    released = REPLY.replace(REPLY.splitlines()[3] + "\n", "")
    response = disclose_post(desk, task, {"save_released": "1", "released_body": released})
    assert response.status_code == 302
    page = desk.client.get(desk.url(task, "execute"))
    html = page.content.decode()
    assert "部分公开的文本（已保存）" in html
    field = re.search(r'name="released_body" value="([^"]*)"', html)
    assert field[1] == released  # the saved text is the form's starting point
    assert not Disclosure.objects.exists()  # nothing decided by saving

    partial = {**NO, "personal_privacy": "yes", "decision": "partial",
               "reason": "删去涉及第三人的内容后公开。", "released_body": released}  # fmt: skip
    response = disclose_post(desk, task, partial, page)
    assert response.status_code == 302, problems_on(response)
    disclosure = Disclosure.objects.get()
    assert disclosure.decision == "partial" and disclosure.released_body == released
    assert (disclosure.state_secret, disclosure.trade_secret) == (False, False)
    assert (disclosure.personal_privacy, disclosure.process_info) == (True, False)
    assert not AuditRecord.objects.filter(action="privacy.override").exists()
    record = AuditRecord.objects.get(action="proposals.disclosure")
    assert record.details["checklist"]["personal_privacy"] is True
    process.refresh_from_db()
    assert process.status == PROCESS.DONE

    # the released text is published with the decisions taken on the body
    names = ("陈志强",)
    public = published_text(letter, "body", released, names=names)
    assert public.startswith("陈志强代表：") and public.endswith("感谢陈志强代表对教育工作的关心。")
    assert "王秀兰" not in public and MOBILE not in public


def test_full_disclosure_with_an_override_is_audited(proposals, at_disclose):
    desk, (process, task) = proposals, at_disclose
    full = {**NO, "decision": "full", "reason": "提出人同意公开。", "released_body": "",
            "override": "on", "override_reason": "姓名与电话公开时按默认遮盖。"}  # fmt: skip
    response = disclose_post(desk, task, full)
    assert response.status_code == 302, problems_on(response)
    override = AuditRecord.objects.get(action="privacy.override")
    assert override.details["reason"] == "姓名与电话公开时按默认遮盖。"
    assert sorted(f["kind"] for f in override.details["findings"]) == ["mobile", "name", "name"]
    assert MOBILE not in str(override.details)
    letter = process.artifact.assignments.get().letters.get()
    assert override.object_id == str(letter.pk)
    assert Disclosure.objects.get().decision == "full"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"state_secret": "yes"}, "涉及国家秘密的，一律不予公开"),
        ({"state_secret": None}, "请逐项回答保密审查（是/否）：涉及国家秘密（涉密）"),
        ({"decision": "partial", "released_body": REPLY}, "部分公开的文本与答复全文相同"),
        ({"reason": ""}, "这个字段是必填项"),
        ({"override": "on", "override_reason": ""}, "勾选“仍然决定”须写明理由"),
    ],
)
def test_bad_disclosure_decisions_change_nothing(proposals, at_disclose, data, message):
    desk, (process, task) = proposals, at_disclose
    full = {**NO, "decision": "full", "reason": "提出人同意公开。", "released_body": "",
            "override": "on", "override_reason": "先行决定。"}  # fmt: skip
    posted = {key: value for key, value in {**full, **data}.items() if value is not None}
    response = disclose_post(desk, task, posted)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Disclosure.objects.exists()
    assert not AuditRecord.objects.filter(action__in=["privacy.override", "proposals.disclosure"])
    assert desk.open_tasks(process, "disclose").get().status == STATUS.ASSIGNED


def test_none_needs_no_override(proposals, at_disclose):
    desk, (_process, task) = proposals, at_disclose
    data = {**NO, "state_secret": "yes", "decision": "none", "reason": "涉及国家秘密。"}
    response = disclose_post(desk, task, data)
    assert response.status_code == 302, problems_on(response)
    assert Disclosure.objects.get().state_secret is True
    assert not AuditRecord.objects.filter(action="privacy.override").exists()

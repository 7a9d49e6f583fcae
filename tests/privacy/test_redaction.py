"""base.privacy.redaction: what the public reads of a text, given the detector's findings and
the reviewers' decisions (kept, masked, marked), and what happens to those decisions when
the text changes. Also the masks themselves and the confidentiality checklist's rules."""

import pytest

from base.audit.models import AuditRecord
from base.privacy import redaction
from base.privacy.confidentiality import Checklist, checklist_problems
from base.privacy.models import Outcome, RedactionDecision
from base.privacy.redaction import (
    PublishedText,
    State,
    assess,
    decide,
    mark,
    mask,
    open_high_findings,
    override_problems,
    published_text,
    unmark,
)
from tests.factories import PolicyDocumentFactory

ID = "44080219850315121X"  # valid check digit: 0.99
MOBILE = "13922334455"  # 0.95
TEXT = (
    f"经核查，张建国先生（身份证号{ID}）反映的问题属实。"
    f"联系电话{MOBILE}，住址湛江市赤坎区海滨大道北12号。"
    "市府办公室热线0759-3100000。"
)


@pytest.fixture
def document(db):
    return PolicyDocumentFactory(body=TEXT)


@pytest.fixture
def reviewer(document):
    return document.drafter  # any person will do for the redaction layer


def span(text, words, occurrence=1):
    start = -1
    for _ in range(occurrence):
        start = text.index(words, start + 1)
    return start, start + len(words)


# --- masks ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "text", "masked"),
    [
        ("mobile", "13800138000", "138****8000"),
        ("mobile", "+86 138-0013-8000", "+86 138-****-8000"),
        ("mobile", "１３８００１３８０００", "１３８****８０００"),
        ("landline", "0759-2231856", "0759-*****56"),
        ("landline", "(0759)2231856转801", "(0759)*******转*01"),
        ("landline", "010-12345678", "010-******78"),
        ("landline", "+86 759 2231856", "+86 759 *****56"),
        ("landline", "2231857", "*****57"),
        ("id_number", ID, "440***********121X"),
        ("id_number", "440802850315121", "440********5121"),
        ("bank_card", "6222 0212 3456 7890", "6222 **** **** 7890"),
        ("email", "chen.zq@example.com", "c***@example.com"),
        ("plate", "粤G·12345", "粤G·****5"),
        ("address", "湛江市赤坎区海滨大道北12号", "湛江市赤坎区×××"),
        ("address", "广东省湛江市霞山区人民大道南63号金沙湾小区5栋", "广东省湛江市霞山区×××"),
        ("address", "金沙湾小区5栋2单元301室", "×××"),
        ("postcode", "524033", "******"),
        ("name", "陈志强", "×××"),
        ("name", "李", "×××"),
        ("other", "患有糖尿病", "×××"),
    ],
)
def test_masks(kind, text, masked):
    assert mask(kind, text) == masked


# --- published_text -------------------------------------------------------------------------


def test_without_decisions_every_confident_finding_is_masked(document):
    public = published_text(document, "body", TEXT)
    assert ID not in public and "440***********121X" in public
    assert "139****4455" in public
    assert "×××先生" in public  # 0.8 name
    assert "住址湛江市赤坎区×××。" in public
    assert "0759-*****00" in public  # an office line is a finding too, until kept
    assert public.count("（") == TEXT.count("（")  # the rest is untouched


def test_a_doubtful_finding_is_shown_unless_masked(document, reviewer):
    text = "身份证号440802198503151217（校验位有误）"  # 0.4: a mistyped ID number
    assert published_text(document, "body", text) == text
    start, end = span(text, "440802198503151217")
    decide(reviewer, document, "body", text, start, end, "mask")
    assert published_text(document, "body", text) == "身份证号440***********1217（校验位有误）"


def test_kept_finding_is_published_as_written(document, reviewer):
    start, end = span(TEXT, "0759-3100000")
    decide(reviewer, document, "body", TEXT, start, end, "keep")
    public = published_text(document, "body", TEXT)
    assert "热线0759-3100000" in public
    assert MOBILE not in public and ID not in public  # the others are still masked


def test_marked_span_is_masked_every_time(document, reviewer):
    start, end = span(TEXT, "反映的问题")
    mark(reviewer, document, "body", TEXT, [(start, end)])
    public = published_text(document, "body", TEXT)
    assert "反映的问题" not in public
    assert "）×××属实" in public


def test_marked_span_with_a_kind_gets_that_kind_of_mask(document, reviewer):
    text = "内线 55123456，请勿外传。"
    assert published_text(document, "body", text) == text  # the detector misses it
    mark(reviewer, document, "body", text, [span(text, "55123456")], kind="landline")
    assert published_text(document, "body", text) == "内线 ******56，请勿外传。"


def test_a_mark_over_a_kept_finding_wins(document, reviewer):
    start, end = span(TEXT, MOBILE)
    decide(reviewer, document, "body", TEXT, start, end, "keep")
    mark(reviewer, document, "body", TEXT, [(start - 4, end)])  # 联系电话 + the number
    public = published_text(document, "body", TEXT)
    assert MOBILE not in public and "联系电话" not in public


def test_the_latest_decision_on_a_finding_wins(document, reviewer):
    start, end = span(TEXT, MOBILE)
    decide(reviewer, document, "body", TEXT, start, end, "keep")
    decide(reviewer, document, "body", TEXT, start, end, "mask")
    assert MOBILE not in published_text(document, "body", TEXT)
    assert RedactionDecision.of(document, "body").count() == 1  # replaced, not piled up
    unmark(reviewer, document, "body", TEXT, start, end)
    assert not RedactionDecision.of(document, "body").exists()
    assert MOBILE not in published_text(document, "body", TEXT)  # open: masked by default


def test_decisions_belong_to_their_object_and_field(document, reviewer):
    start, end = span(TEXT, "0759-3100000")
    decide(reviewer, document, "body", TEXT, start, end, "keep")
    other = PolicyDocumentFactory(body=TEXT)
    assert "0759-3100000" not in published_text(other, "body", TEXT)
    assert "0759-3100000" not in published_text(document, "summary", TEXT)


# --- when the text changes ------------------------------------------------------------------


def test_decisions_follow_their_words_when_text_is_inserted_before(document, reviewer):
    start, end = span(TEXT, "0759-3100000")
    decide(reviewer, document, "body", TEXT, start, end, "keep")
    marked = span(TEXT, "反映的问题")
    mark(reviewer, document, "body", TEXT, [marked])
    edited = "（二〇二六年修订）" + TEXT
    public = published_text(document, "body", edited)
    assert "热线0759-3100000" in public
    assert "反映的问题" not in public


def test_the_released_part_of_a_text_keeps_the_decisions_on_it(document, reviewer):
    """A partial disclosure publishes parts of the body in the body's name."""
    start, end = span(TEXT, "0759-3100000")
    decide(reviewer, document, "body", TEXT, start, end, "keep")
    released = TEXT[TEXT.index("市府办公室") :]
    assert published_text(document, "body", released) == released


def test_a_kept_finding_whose_number_changed_is_masked_again(document, reviewer):
    start, end = span(TEXT, "0759-3100000")
    decide(reviewer, document, "body", TEXT, start, end, "keep")
    edited = TEXT.replace("0759-3100000", "0759-3100001")
    public = published_text(document, "body", edited)
    assert "0759-3100001" not in public and "0759-*****01" in public
    item = next(i for i in assess(document, "body", edited).findings if i.kind == "landline")
    assert item.state == State.OPEN  # the reviewer sees it open again


def test_a_kept_finding_that_now_stands_twice_is_masked_in_both_places(document, reviewer):
    start, end = span(TEXT, "0759-3100000")
    decide(reviewer, document, "body", TEXT, start, end, "keep")
    # the same words and neighbours now stand in two places, neither at the old offsets:
    # which one the reviewer meant is unknown, so neither is kept
    edited = "前言。" + TEXT + "另：热线0759-3100000。"
    assert published_text(document, "body", edited).count("0759-3100000") == 0


def test_a_decision_needs_its_neighbours_not_just_its_offsets(document, reviewer):
    text = "市民李女士反映，小区路灯损坏。"
    start, end = span(text, "李")  # a 0.6 surname before 女士
    decide(reviewer, document, "body", text, start, end, "keep")
    assert published_text(document, "body", text) == text
    # a 李 at the very same offset, with other words on both sides: not what was decided on
    edited = "本市李某某反映，小区路灯损坏，请李女士留意。"
    assert edited[start:end] == "李"
    assessment = assess(document, "body", edited)
    assert [(i.text, i.state) for i in assessment.findings] == [("李", State.OPEN)]
    assert (
        published_text(document, "body", edited) == "本市李某某反映，小区路灯损坏，请×××女士留意。"
    )


def test_a_marked_span_whose_words_are_gone_no_longer_counts(document, reviewer):
    mark(reviewer, document, "body", TEXT, [span(TEXT, "反映的问题")])
    edited = TEXT.replace("反映的问题", "反映的情况")
    assert "反映的情况属实" in published_text(document, "body", edited)
    assert assess(document, "body", edited).marked == []


def test_deciding_on_a_place_that_is_no_finding_is_refused(document, reviewer):
    with pytest.raises(ValueError, match="不是识别出的个人信息"):
        decide(reviewer, document, "body", TEXT, 0, 4, "keep")
    assert not RedactionDecision.objects.exists()


def test_decisions_are_audited_without_the_personal_data(document, reviewer):
    start, end = span(TEXT, ID)
    decide(reviewer, document, "body", TEXT, start, end, "mask")
    record = AuditRecord.objects.get(action="privacy.mask")
    assert record.details["kind"] == "id_number"
    assert record.details["masked"] == "440***********121X"
    assert ID not in str(record.details)


def test_empty_text_is_returned_as_it_is(document):
    assert published_text(document, "body", "") == ""
    assert published_text(document, "body", None) is None


def test_an_unsaved_object_has_no_decisions():
    from interpretation.models import PolicyDocument

    assert "139****4455" in published_text(PolicyDocument(), "body", TEXT)


# --- open findings and the override ---------------------------------------------------------


def test_open_high_confidence_findings_need_an_override(document, reviewer):
    texts = [PublishedText("body", document, "body", "正文", TEXT)]
    open_findings = open_high_findings(texts)
    # the ID number (0.99), the mobile (0.95) and the office line (0.9); not the 0.8 name
    assert sorted(item.kind for _t, item in open_findings) == ["id_number", "landline", "mobile"]
    assert "3处" in override_problems(open_findings, "")[0]
    assert override_problems(open_findings, "经核实为公开信息") == []
    for _text, item in open_findings:
        decide(reviewer, document, "body", TEXT, item.start, item.end, "mask")
    assert open_high_findings(texts) == []


# --- the confidentiality checklist ----------------------------------------------------------

NO = {"state_secret": False, "trade_secret": False, "personal_privacy": False}


def test_every_question_must_be_answered():
    problems = checklist_problems(Checklist(**NO), Outcome.FULL)
    assert problems == ["请逐项回答保密审查（是/否）：属于过程性信息。"]
    assert checklist_problems(None, Outcome.NONE)[0].startswith("请逐项回答保密审查")


def test_state_secrets_are_never_disclosed():
    secret = Checklist(**{**NO, "state_secret": True}, process_info=False)
    assert checklist_problems(secret, Outcome.FULL, "有依据") == ["涉及国家秘密的，一律不予公开。"]
    assert checklist_problems(secret, Outcome.PARTIAL) == ["涉及国家秘密的，一律不予公开。"]
    assert checklist_problems(secret, Outcome.NONE) == []


def test_other_yes_answers_allow_full_disclosure_only_with_a_basis():
    private = Checklist(**{**NO, "personal_privacy": True}, process_info=False)
    assert "涉及个人隐私" in checklist_problems(private, Outcome.FULL)[0]
    assert checklist_problems(private, Outcome.FULL, "提出人书面同意公开") == []
    assert checklist_problems(private, Outcome.PARTIAL) == []
    assert checklist_problems(private, Outcome.NONE) == []


def test_masks_keep_separators_and_width():
    assert redaction.mask("mobile", "139-2233-4455") == "139-****-4455"

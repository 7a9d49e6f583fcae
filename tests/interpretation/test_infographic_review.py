"""Everything the infographic prints goes through the personal-data review: the contact
line, the interpreter, key figures, timeline and chart are on the openness reviewer's page,
an undecided high-confidence finding in them holds the approval, and the public infographic
prints them as reviewed."""

import re
import subprocess

import pytest

from base.privacy.confidentiality import Checklist
from base.privacy.models import Decision, Kind
from base.privacy.redaction import decide, mark
from interpretation import infographic, rules
from interpretation.publishing import interpretation_content, public_copy
from tests.factories import InterpretationFactory, PersonFactory

pytestmark = pytest.mark.django_db

CONTACT = "王丽娟 0759-3381234"
NOTHING = Checklist(
    state_secret=False, trade_secret=False, personal_privacy=False, process_info=False
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_text(path):
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", "", text)


def graphic_package(**fields):
    return InterpretationFactory(forms=["text", "graphic"], contact=CONTACT, **fields)


def reviewed(document, key):
    return next(text for text in rules.published_texts(document) if text.key == key)


def public_infographic(document):
    return pdf_text(infographic.pdf(public_copy(document)))


def test_the_contact_line_is_reviewed_and_masked_until_kept():
    material = graphic_package()
    document = material.document
    contact = reviewed(document, "interpretation.contact")
    assert contact.label == "解读·联系人及电话" and contact.text == CONTACT
    problems = rules.openness_approval_problems(document, NOTHING)
    assert any("高可信度的个人信息（固定电话）" in problem for problem in problems), problems

    printed = public_infographic(document)
    assert "0759-3381234" not in printed and "0759-*****34" in printed

    reviewer = PersonFactory()
    start = CONTACT.index("0759")
    decide(reviewer, material, "contact", CONTACT, start, len(CONTACT), Decision.KEEP)
    assert rules.openness_approval_problems(document, NOTHING) == []
    assert "0759-3381234" in public_infographic(document)


def test_a_name_the_reviewer_marks_is_masked_on_the_infographic():
    material = graphic_package()
    reviewer = PersonFactory()
    mark(reviewer, material, "contact", CONTACT, [(0, 3)], Kind.NAME)
    printed = public_infographic(material.document)
    assert "王丽娟" not in printed and "×××" in printed


def test_key_figures_timeline_and_chart_are_reviewed_and_printed_as_reviewed():
    material = graphic_package(
        key_figures=[{"value": "1", "unit": "条", "label": "咨询热线13800138000"}],
        timeline=[{"date": "2026年6月", "event": "联系人：陈志强，电话13912345678"}],
        chart={"unit": "件", "items": [{"label": "李代表建议", "value": 3.0}]},
    )
    document = material.document
    keys = {text.key for text in rules.published_texts(document)}
    assert {
        "key_figures.1.label",
        "timeline.1.event",
        "chart.1.label",
        "chart.unit",
        "interpretation.interpreter",
    } <= keys
    printed = public_infographic(document)
    assert "13800138000" not in printed and "138****8000" in printed
    assert "13912345678" not in printed and "139****5678" in printed
    # the portal's copy of the interpretation prints the same reviewed items
    fields = interpretation_content(document)["fields"]
    assert fields["key_figures"][0]["label"] == "咨询热线138****8000"
    assert "13912345678" not in str(fields["timeline"])


def test_without_the_graphic_form_the_contact_line_is_not_printed_nor_held():
    material = InterpretationFactory(forms=["text", "qa"], contact=CONTACT)
    keys = {text.key for text in rules.published_texts(material.document)}
    assert "interpretation.contact" not in keys
    assert rules.openness_approval_problems(material.document, NOTHING) == []

"""Attacks on the documents an office signs and files: text pasted from Word into the annual
report's parts or a reply, and files uploaded as attachments, must never break the Word copy
or the public copy, nor leave a masked value in what the public downloads."""

import io

import pytest
from docx import Document

from base.organisation.demo import load_units_and_people
from base.organisation.models import Person

pytestmark = pytest.mark.django_db

PARTS = "/staff/reports/annual/parts/"
# Word's manual line break and page break, an escape and a non-character: what a paste from
# another program brings, and what XML 1.0 cannot hold
PASTED = "第一行\x0b第二行\x0c第三行\x1b完\ufffe。"


def test_text_pasted_from_word_does_not_break_the_reports_word_copy(client):
    load_units_and_people()
    client.force_login(Person.objects.get(username="reviewer"))
    saved = client.post(f"{PARTS}problems/?year=2026", {"problems": PASTED})
    assert saved.status_code in (302, 422)
    response = client.get("/staff/reports/annual/report.docx?year=2026")
    assert response.status_code == 200
    text = "".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    if saved.status_code == 302:
        assert "第一行" in text and "第三行" in text
    assert client.get("/staff/reports/annual/report.pdf?year=2026").status_code == 200

"""The answer as its readers get it: the office and the signer download the draft letter from
the application's page, the applicant downloads the sent letter and the files given with it
through their own key only; a provided file carrying a phone number is not sent undecided."""

import re
import subprocess
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from applications import answer_files
from applications.models import AnswerCategory, Application
from base.audit.models import AuditRecord
from base.organisation.demo import load_units_and_people
from base.organisation.models import Unit
from tests.privacy import sample_files
from tests.workflows.application_desk import ApplicationDesk
from tests.workflows.test_application_flow import at


@pytest.fixture
def desk(client, db):
    load_units_and_people()
    with time_machine.travel(at(date(2026, 3, 2)), tick=True):
        yield ApplicationDesk(client)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()


OFFICE = "湛江市人民政府办公室"


def to_answer(desk):
    """An in-person application, held by the office itself, up to 起草答复; its key."""
    application = desk.register(channel="in_person")
    key = re.search(r"<code>([^<]+)</code>", desk.receipt).group(1)
    process = desk.process(application)
    desk.act(process, "confirm", {})
    desk.act(process, "assign", {"unit": Unit.objects.get(name="湛江市民政局").pk})
    search = {"category": AnswerCategory.objects.get(code="granted").pk,
              "suggestion": "answer", "note": "本局掌握。"}  # fmt: skip
    desk.act(process, "search", search, "mz-clerk")
    desk.act(process, "decide", {"choice": "answer"})
    return application, process, key


def text_of(pdf_bytes, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf_bytes)
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def body(response):
    return b"".join(response.streaming_content)


def test_the_letter_is_the_office_s_before_signing_and_the_applicant_s_once_sent(desk, tmp_path):
    application, process, key = to_answer(desk)
    other = desk.register(channel="in_person", name="林晓")
    other_key = re.search(r"<code>([^<]+)</code>", desk.receipt).group(1)
    public = AnswerCategory.objects.get(code="granted")
    desk.act(process, "answer", {"category": public.pk})

    letter = reverse("portal:apply-letter", args=[key])
    assert Client().get(letter).status_code == 404  # not sent yet

    # the signer reads the draft from the step's page before signing
    page = desk.page(process, "sign", "issuer").content.decode()
    staff = reverse("staff:applications:application:attachment", args=[application.pk])
    assert staff in page
    draft = desk.client.get(staff)
    assert draft.status_code == 200 and body(draft).startswith(b"%PDF")
    in_english = body(desk.client.get(staff, HTTP_ACCEPT_LANGUAGE="en"))
    assert in_english == body(desk.client.get(staff))  # the letter the applicant will get
    assert "政府信息公开申请答复书" in text_of(in_english, tmp_path).replace(" ", "")
    desk.login("handler")  # another unit's clerk
    assert desk.client.get(staff).status_code in (403, 404)

    desk.act(process, "sign", {"decision": "approve", "comment": ""}, "issuer")
    applicant = Client()
    status = applicant.get(reverse("portal:apply-status", args=[key])).content.decode()
    assert letter in status
    response = applicant.get(letter)
    assert response.status_code == 200
    assert {"private", "no-store"} <= {p.strip() for p in response["Cache-Control"].split(",")}
    assert response["X-Robots-Tag"] == "noindex"
    pdf = body(response)
    assert pdf.startswith(b"%PDF")
    words = text_of(pdf, tmp_path).replace(" ", "")
    assert "依申复〔2026〕" in words and "政府信息公开申请答复书" in words

    # another applicant's key opens their own (unsent) application only
    assert applicant.get(reverse("portal:apply-letter", args=[other_key])).status_code == 404
    assert Application.objects.get(pk=other.pk).answered_on is None
    assert applicant.get(reverse("portal:apply-letter", args=["x" + key[1:]])).status_code == 404


def test_a_file_with_a_mobile_number_is_not_answered_undecided_unless_overridden(desk):
    application, process, key = to_answer(desk)
    granted = AnswerCategory.objects.get(code="granted").pk
    upload = SimpleUploadedFile("发放名单.docx", sample_files.docx())
    response = desk.act(process, "answer", {"category": granted, "files": upload}, expect=200)
    page = response.content.decode()
    # the file is kept and its findings shown; the answer does not go to the signer
    assert application.answer_files.get().name == "发放名单.docx"
    assert "手机号码" in page and sample_files.MOBILE in page and "高可信度的个人信息" in page
    assert "请勾选“仍然答复”并写明理由" in page  # the box the answer form has
    assert desk.task(process, "answer")
    # ticking the override needs a reason
    response = desk.act(process, "answer", {"category": granted, "override": "on"}, expect=200)
    assert "须写明理由" in response.content.decode()
    reason = "名单为申请人所在单位经办人的公开办公电话"
    desk.act(process, "answer", {"category": granted, "override": "on", "override_reason": reason})
    assert desk.task(process, "sign")
    assert AuditRecord.objects.get(action="privacy.override").details["reason"] == reason

    # sent, the applicant gets the masked copy through their key only
    desk.act(process, "sign", {"decision": "approve", "comment": ""}, "issuer")
    applicant = Client()
    status = applicant.get(reverse("portal:apply-status", args=[key])).content.decode()
    kept = application.answer_files.get()
    given = reverse("portal:apply-file", args=[key, kept.pk])
    assert given in status and "发放名单.docx" in status
    response = applicant.get(given)
    assert response.status_code == 200 and response["X-Robots-Tag"] == "noindex"
    assert body(response) != kept.file.open("rb").read()  # masked, not the original
    assert (
        applicant.get(reverse("portal:apply-file", args=["x" + key[1:], kept.pk])).status_code
        == 404
    )


def test_the_findings_are_decided_one_by_one_and_a_held_answer_keeps_what_was_chosen(desk):
    """The clerk keeps the phone number the detector found, finding by finding in the review
    panel a publication's reviewer uses; the answer held back meanwhile keeps its category,
    and once nothing sure is left undecided it goes to the signer without an override."""
    application, process, _key = to_answer(desk)
    partial = AnswerCategory.objects.get(code="partial")
    upload = SimpleUploadedFile("发放名单.docx", sample_files.docx())
    grounds = "名单中其他人员的身份证号码属于个人隐私，不予公开。"
    answer = {"category": partial.pk, "withheld_grounds": grounds, "files": upload}
    desk.act(process, "answer", answer, expect=200)
    application.refresh_from_db()
    assert (application.category, application.withheld_grounds) == (partial, grounds)

    page = desk.page(process, "answer").content.decode()
    assert f'name="category" value="{partial.pk}"' in page  # the page opens as it was left
    assert sample_files.MOBILE in page and "个人信息审查" in page
    places = re.findall(r'name="privacy_decide" value="keep\|([^"]+)"', page)
    digests = dict(re.findall(r'name="(digest-[^"]+)" value="([^"]+)"', page))
    task = desk.task(process, "answer")
    for number, place in enumerate(places):
        choice = "keep" if number == 0 else "mask"
        decided = desk.client.post(
            desk.url(task, "execute"), {"privacy_decide": f"{choice}|{place}", **digests}
        )
        assert decided.status_code == 302 and decided.url.endswith("#pd")
    found = answer_files.findings(application)
    assert len(found) == len(places) >= 2
    assert not any(finding.open for finding in found)
    assert [finding.masked for finding in found].count(False) == 1

    desk.act(process, "answer", {"category": partial.pk, "withheld_grounds": grounds})
    assert desk.task(process, "sign")
    assert not AuditRecord.objects.filter(action="privacy.override").exists()

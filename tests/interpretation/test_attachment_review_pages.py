"""The openness reviewer's page over HTTP with a workbook attached: its findings named by
sheet and cell beside the texts', masked with the same button, approval refused while
others are undecided unless overridden with a reason, and the portal's file the masked
copy."""

import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from base.organisation.demo import load_units_and_people
from base.privacy.models import RedactionDecision
from interpretation import rules
from interpretation.models import PolicyDocument
from publications.models import Action, Event
from tests.interpretation.test_attachment_review import attach
from tests.privacy import sample_files
from tests.privacy.sample_files import ID_NUMBER, MOBILE
from tests.web.publishing import deliver
from tests.workflows.conftest import CHECKLIST, Desk

pytestmark = pytest.mark.django_db

SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def desk(client):
    load_units_and_people()
    return Desk(client)


def hidden_inputs(html):
    return dict(re.findall(r'<input type="hidden" name="(digest-[^"]+)" value="([^"]+)"', html))


def test_the_reviewer_masks_a_cell_and_the_portal_serves_the_masked_workbook(desk, client):
    process = desk.start()
    document = PolicyDocument.objects.get(pk=process.artifact_object_id)
    attach(document, "名单.xlsx", sample_files.xlsx(), SHEET)
    desk.submit(process)
    desk.login("leader")
    desk.review(process, "sign_off")

    desk.login("reviewer")
    task = desk.take(process, "openness_review")
    url = desk.url(task, "execute")
    html = client.get(url).content.decode()
    assert "附件《名单.xlsx》工作表“名单”" in html
    assert "单元格B2" in html and MOBILE in html

    sheet_text = next(t for t in rules.published_texts(document) if t.key.endswith("sheet.1"))
    start = sheet_text.text.index(MOBILE)
    button = f"mask|{sheet_text.key}|{start}|{start + len(MOBILE)}"
    assert f'value="{button}"' in html
    response = client.post(url, {"privacy_decide": button, **hidden_inputs(html)})
    assert response.status_code == 302
    decided = RedactionDecision.of(document.attachments.get()).get()
    assert (decided.field, decided.text, decided.decision) == ("file.sheet.1", MOBILE, "mask")

    # the ID number and the rest are still undecided: approving needs the override
    refused = client.post(url, {"decision": "approve", "comment": "", **CHECKLIST})
    assert refused.status_code == 200
    assert "高可信度的个人信息" in refused.content.decode()
    approved = client.post(
        url,
        {
            "decision": "approve",
            "comment": "",
            **CHECKLIST,
            "personal_privacy": "yes",
            "override": "on",
            "override_reason": "其余按默认遮盖。",
        },  # fmt: skip
    )
    assert approved.status_code == 302, approved.content.decode()[:3000]
    desk.login("legal")
    desk.review(process, "legal_review")
    desk.login("issuer")
    desk.review(process, "issue")

    for event in Event.objects.filter(action=Action.PUBLISH):
        deliver(event)
    client.logout()
    response = client.get(reverse("portal:file", args=["policy", document.pk, 1, "名单.xlsx"]))
    assert response.status_code == 200
    served = b"".join(response.streaming_content)
    sheet = load_workbook(io.BytesIO(served))["名单"]
    assert sheet["B2"].value == "138****8000"
    assert ID_NUMBER not in str(sheet["C2"].value)

"""Everything public made from the demo data, read as a crawler and a receiving site would:
no unpublished, undisclosed or withdrawn item, and no proposer's contact data."""

import json
import re

import pytest
from django.core.management import call_command

from base.privacy.detector import find_personal_data
from base.validation import has_markup
from interpretation.models import PolicyDocument
from proposals.models import DisclosureDecision, Proposal, Proposer, ReplyLetter
from publications import outbox
from publications.models import Kind, Publication
from tests.pipelines.crawl import crawl
from tests.pipelines.test_publish import run_publish
from tests.workflows.conftest import Desk
from workflows.interpretation.demo import NUMBER
from workflows.interpretation.flows import InterpretationFlow
from workflows.models import InterpretationProcess

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("prefect_server")]

# what would identify or reach a person; names are judged by the reviewers (redaction)
CONTACT_KINDS = {"id_number", "mobile", "email", "bank_card", "address", "postcode"}


def digits(text):
    return re.sub(r"\D", "", text)


# a file's SHA-256, as the API and feeds give it: no one's data, but 64 hex digits of a PDF
# rendered with today's time hold an 11-digit run like a mobile number now and then
SHA256 = re.compile(r"\b[0-9a-f]{64}\b")


def contact_data_in(text):
    """Proposers' stored contact data, and any confident finding of the detector."""
    text = SHA256.sub("", text)
    problems = []
    flat = digits(text)
    for phone, address in Proposer.objects.values_list("phone", "address"):
        if phone and digits(phone) in flat:
            problems.append(phone)
        if address and address in text:
            problems.append(address)
    problems += [
        f.text for f in find_personal_data(text) if f.kind in CONTACT_KINDS and f.confidence >= 0.9
    ]
    return problems


def titles_of_undisclosed_items():
    disclosed = ReplyLetter.objects.filter(
        disclosure__decision__in=[DisclosureDecision.FULL, DisclosureDecision.PARTIAL]
    ).values_list("assignment__proposal", flat=True)
    return list(Proposal.objects.exclude(pk__in=disclosed).values_list("title", flat=True))


def test_no_public_output_holds_what_must_not_be_public(client, site_target):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    run_publish()
    before = crawl(client)
    under_way = PolicyDocument.objects.filter(approved_at__isnull=True)
    assert under_way.count() == 5
    for title in under_way.values_list("title", flat=True):  # not yet approved
        assert not any(title in text for text in before.values()), title
    assert any(PolicyDocument.objects.get(number=NUMBER).title in text for text in before.values())

    package = PolicyDocument.objects.get(number="湛府办〔2026〕9号")  # waits for sign-off
    process = InterpretationProcess.objects.get(
        artifact_object_id=package.pk, flow_class=InterpretationFlow
    )
    Desk(client).approve(
        process, ("leader", "sign_off"), ("reviewer", "openness_review"), ("issuer", "issue")
    )
    run_publish()
    withdrawn = Publication.objects.filter(kind=Kind.REPLY).first()
    withdrawn_title = withdrawn.live.summary
    outbox.withdraw(withdrawn, "误发，撤回", actor="test")
    run_publish()

    pages = crawl(client)
    pushed = {key: str(body) for key, body in site_target.stored.items()}
    everything = {**pages, **pushed}
    assert any(package.title in text for text in pages.values())
    assert any(path.endswith(".pdf") for path in pages)  # the PDFs were read too
    for place, text in everything.items():
        assert contact_data_in(text) == [], place
    for title in titles_of_undisclosed_items():
        assert not any(title in text for text in pages.values()), title
    live_titles = set(
        Publication.objects.filter(live__isnull=False).values_list("live__summary", flat=True)
    )
    if withdrawn_title not in live_titles:
        assert not any(withdrawn_title in text for text in pages.values())
    # every text the API and the pushes carry is plain text: not one tag-like string
    api = [json.loads(text) for path, text in pages.items() if path.startswith("/api/publ")]
    for place, value in strings_in([*api, *site_target.stored.values()]):
        assert not has_markup(value), (place, value)


def strings_in(value, place=""):
    """(where, text) for every string in a JSON document."""
    if isinstance(value, str):
        yield place, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(item, f"{place}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from strings_in(item, f"{place}[{index}]")

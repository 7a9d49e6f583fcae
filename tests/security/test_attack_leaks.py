"""Attacks on what today's features keep private: a merged reply published on the portal,
with a note on its item and the proposers' text messages and e-mails in the outbox — no
proposer's number or address, no personal feedback link, no note text and no text message
reaches the portal's pages, search, feeds, API or sitemap."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from base.organisation.demo import load_units_and_people
from notifications.models import Channel, Message
from proposals.models import Proposal
from publications import targets
from publications.models import Event, Publication
from tests.proposals.merge_desk import process_of, reply_to_the_end
from tests.workflows.conftest import CHECKLIST
from tests.workflows.proposal_desk import ProposalDesk
from workflows.models import Note
from workflows.proposals.merging import merge_items

pytestmark = pytest.mark.django_db
PHONES = ("13800138001", "13900139002")
EMAIL = "wangfang.private@example.com"
SECRET = "内部备注：王芳代表私下表示不满意"


def test_a_published_merged_reply_carries_nothing_private(client, settings):
    settings.SMS_GATEWAY = {"URL": ""}
    load_units_and_people()
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai")),
                             tick=True):  # fmt: skip
        desk = ProposalDesk(client)
        desk.import_items(
            {"编号": "11", "标题": "关于增设学校周边护学岗的建议", "领衔人": "陈志强",
             "联系电话": PHONES[0]},
            {"编号": "12", "标题": "关于改善校门口交通秩序的建议", "领衔人": "王芳",
             "联系电话": PHONES[1]},
        )  # fmt: skip
        main, joined = (Proposal.objects.get(number=n) for n in (11, 12))
        joined.proposers.filter(is_lead=True).update(email=EMAIL)
        merge_items(main, [joined], desk.login("clerk"))
        process = process_of(main)
        desk.login("clerk")
        notes = reverse("staff:proposals:proposal:process_notes", args=[process.pk])
        assert desk.client.post(notes, {"text": SECRET}).status_code == 302
        reply_to_the_end(desk, process)
        desk.act(process, "feedback", {"item": main.pk, "satisfaction": "satisfied"})
        desk.act(process, "feedback", {"satisfaction": "satisfied"})
        desk.act(process, "disclose", {"decision": "full", "reason": "不涉密，全文公开。",
                                       **CHECKLIST, "override": "on",
                                       "override_reason": "代表姓名依惯例公开。"})  # fmt: skip
    portal = targets.get(targets.PORTAL)
    for event in Event.objects.order_by("pk"):
        portal.deliver(event)
    assert Note.objects.filter(text=SECRET).exists()
    told = Message.objects.filter(channel__in=[Channel.SMS, Channel.EMAIL])
    assert told.count() == 3  # two texts and an e-mail, each with its personal link
    links = {line for message in told for line in message.text.split() if "/feedback/" in line}
    assert links

    publication = Publication.objects.get()
    visitor = Client()
    pages = [
        reverse("portal:home"), reverse("portal:replies"),
        reverse("portal:reply", args=[publication.source_id]),
        reverse("portal:search") + "?q=王芳", reverse("portal:search") + "?q=护学岗",
        reverse("portal:feed-all-atom"), reverse("portal:feed-all-rss"),
        reverse("portal:api-publications"),
        reverse("portal:api-publication", args=[publication.key]),
        reverse("portal:sitemap"), reverse("portal:statistics"),
    ]  # fmt: skip
    seen = []
    for page in pages:
        answer = visitor.get(page)
        assert answer.status_code == 200, page
        seen.append(answer.content.decode())
    everything = "\n".join(seen)
    assert "关于改善校门口交通秩序的建议" in everything  # the merged reply is there
    for private in (*PHONES, "138****8001", EMAIL, SECRET, "私下表示", *links):
        assert private not in everything, private
    for message in told:
        assert message.text not in everything

"""内部备注: notes with @mentions on an item's staff page, for the people working on it only;
the mentioned are told in 我的提醒; a note never reaches the portal."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from base.audit.models import AuditRecord
from base.organisation.demo import DEMO_PASSWORD, load_units_and_people
from base.organisation.models import Unit
from publications import targets
from publications.models import Event, Publication, Version
from supervision.models import Notice
from tests.workflows.proposal_desk import ProposalDesk
from workflows.models import Note

pytestmark = pytest.mark.django_db
PROPOSALS = "staff:proposals:proposal"
POLICY = "staff:policy:interpretation"
EDU, CIVIL, FIN = "湛江市教育局", "湛江市民政局", "湛江市财政局"


@pytest.fixture
def item(client):
    """A suggestion led by 教育局 with 民政局 as co-unit; 财政局 has no share of it."""
    load_units_and_people()
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))):
        desk = ProposalDesk(client)
        desk.import_items({"编号": "12", "标题": "关于完善校园周边交通安全设施的建议"})
        process = desk.process(12)
        pk = {name: Unit.objects.get(name=name).pk for name in (EDU, CIVIL)}
        desk.act(process, "assign", {"handling": "lead", "lead": pk[EDU], "co_units": [pk[CIVIL]]})
        yield desk, process


def login(desk, username):
    desk.client.logout()
    assert desk.client.login(username=username, password=DEMO_PASSWORD)


def write(desk, username, process, text, namespace=PROPOSALS):
    login(desk, username)
    return desk.client.post(
        reverse(f"{namespace}:process_notes", args=[process.pk]), {"text": text}
    )


def page(desk, username, process, namespace=PROPOSALS):
    login(desk, username)
    return desk.client.get(reverse(f"{namespace}:process_detail", args=[process.pk]))


def test_a_note_mentioning_a_colleague_is_shown_to_the_item_people_and_tells_the_colleague(item):
    desk, process = item
    response = write(desk, "handler", process, "@郑华 请核对答复口径，@谭雅琴 请提供会办意见。")
    assert response.status_code == 302
    assert response["Location"].endswith(f"/{process.pk}/#notes")

    note = Note.objects.get()
    assert {person.username for person in note.mentions.all()} == {"checker", "mz-clerk"}
    for username in ("checker", "mz-clerk", "clerk"):  # the co-unit and the proposal office
        html = page(desk, username, process).content.decode()
        assert "内部备注" in html and "请核对答复口径" in html
        assert '<span class="notes-mention">@郑华</span>' in html
    told = Notice.objects.filter(recipient__username__in=["checker", "mz-clerk"])
    assert told.count() == 2
    assert all("吴磊在内部备注中提到了您" in notice.title for notice in told)
    assert told.first().body == note.text
    assert not Notice.objects.filter(recipient__username="handler").exists()
    record = AuditRecord.objects.get(action="notes.added")
    assert record.details["mentioned"] == ["checker", "mz-clerk"]
    assert "请核对答复口径" not in str(record.details)  # the audit log may be exported


def test_the_mention_links_to_the_notes_on_the_item_page_in_my_notices_and_my_work(item):
    desk, process = item
    write(desk, "handler", process, "@郑华 请核对答复口径。")
    notes = reverse(f"{PROPOSALS}:process_detail", args=[process.pk]) + "#notes"
    assert Notice.objects.get(recipient__username="checker").link == notes
    login(desk, "checker")
    for where in ("staff:supervision:notices:index", "staff:work:mine:index"):
        html = desk.client.get(reverse(where)).content.decode()
        assert f'<a href="{notes}">吴磊在内部备注中提到了您' in html, where
    assert desk.client.get(notes.removesuffix("#notes")).status_code == 200  # it opens


def test_another_unit_neither_sees_nor_writes_the_notes(item):
    desk, process = item
    write(desk, "handler", process, "内部意见：先与代表电话沟通。")
    response = page(desk, "cz-clerk", process)
    assert response.status_code == 403
    assert "先与代表电话沟通" not in response.content.decode()
    assert write(desk, "cz-clerk", process, "我也想说两句").status_code == 403
    assert Note.objects.count() == 1


def test_mentioning_someone_who_may_not_see_the_item_is_refused_and_nothing_is_saved(item):
    desk, process = item
    response = write(desk, "handler", process, "@方嘉怡 请看一下")  # 财政局, no share
    html = desk.client.get(response["Location"]).content.decode()
    assert "“@方嘉怡”无权查看此事项，不能提及。" in html
    assert ">@方嘉怡 请看一下</textarea>" in html  # what was typed is offered again
    response = write(desk, "handler", process, "@cz-clerk 请看一下")  # by username
    html = desk.client.get(response["Location"]).content.decode()
    assert "“@cz-clerk”无权查看此事项，不能提及。" in html
    assert not Note.objects.exists()
    assert not Notice.objects.exists()


def test_markup_and_an_empty_note_are_refused(item):
    desk, process = item
    response = write(desk, "handler", process, "<script>alert(1)</script>")
    html = desk.client.get(response["Location"]).content.decode()
    assert "不允许包含 HTML 标记或脚本" in html
    write(desk, "handler", process, "   ")
    assert not Note.objects.exists()


def test_an_e_mail_address_is_text_and_a_name_may_run_on(item):
    desk, process = item
    write(desk, "handler", process, "@郑华请回复到 office@example.com")
    note = Note.objects.get()
    assert [person.username for person in note.mentions.all()] == ["checker"]


def test_a_note_on_a_policy_package_never_reaches_the_portal(desk):
    process = desk.start()
    desk.submit(process)
    secret = "内部备注：第三条口径尚未与财政局对齐，@王强 请把关"
    response = write(desk, "drafter", process, secret, POLICY)
    assert response.status_code == 302
    assert Note.objects.get().mentions.get().username == "leader"
    assert "第三条口径尚未与财政局对齐" in page(desk, "leader", process, POLICY).content.decode()
    assert page(desk, "mz-drafter", process, POLICY).status_code == 403  # another unit
    desk.approve(
        process,
        ("leader", "sign_off"),
        ("reviewer", "openness_review"),
        ("legal", "legal_review"),
        ("issuer", "issue"),
    )
    portal = targets.get(targets.PORTAL)
    for event in Event.objects.order_by("pk"):
        portal.deliver(event)
    desk.client.logout()

    publication = Publication.objects.get(kind="policy", source_id=process.artifact_object_id)
    payloads = [
        f"{v.title}{v.summary}{v.body}{v.fields}{v.search_text}" for v in Version.objects.all()
    ]
    pages = [
        desk.client.get(url).content.decode()
        for url in (
            reverse("portal:policy", args=[publication.source_id]),
            reverse("portal:interpretation", args=[publication.source_id]),
            reverse("portal:api-publication", args=[publication.key]),
            reverse("portal:api-publications"),
            reverse("portal:feed-all-atom"),
            reverse("portal:search") + "?q=口径",
        )
    ]
    assert all("湛江市2026年政务公开工作要点" in text for text in payloads + pages[:2])
    for text in payloads + pages:
        assert "尚未与财政局对齐" not in text

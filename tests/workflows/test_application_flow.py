"""依申请公开 over HTTP, as the government office, the unit holding the information and the
signing leader use it: a letter registered, confirmed, assigned to 湛江市民政局, searched,
completed by the applicant (补正), put to a third party, extended and answered 部分公开."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from viewflow.workflow.status import PROCESS

from applications import deadlines
from applications.annual_tables import appeals_table
from applications.models import AnswerCategory, Application, Extension
from base.audit.models import AuditRecord
from base.organisation.demo import load_units_and_people
from base.organisation.models import Unit
from tests.workflows.application_desk import ApplicationDesk

SHANGHAI = ZoneInfo("Asia/Shanghai")
CIVIL = "湛江市民政局"


def at(day, hour=9):
    return datetime(day.year, day.month, day.day, hour, tzinfo=SHANGHAI)


@pytest.fixture
def desk(client, db):
    load_units_and_people()
    with time_machine.travel(at(date(2026, 3, 2)), tick=True) as traveller:
        desk = ApplicationDesk(client)
        desk.travel = lambda day: traveller.move_to(at(day))
        yield desk


def shows(page, text):
    return text in page.content.decode()


def test_a_letter_through_completion_consultation_extension_to_a_partial_answer(desk):
    application = desk.register()
    process = desk.process(application)
    assert application.receipt_number == "市政府办公室依申〔2026〕1号"
    assert application.received_on is None  # a plain letter: received when confirmed
    # the applicant's key is shown once, with the receipt number; it is stored nowhere
    assert "市政府办公室依申〔2026〕1号" in desk.receipt and "申请人查询码" in desk.receipt
    key = desk.receipt.split("<code>")[1].split("</code>")[0]
    assert application.status_digest != key and key not in str(Application.objects.values())

    # the office confirms with the applicant: the 20 working days count from that day
    page = desk.page(process, "confirm")
    assert shows(page, "陈志强") and shows(page, "13812345678")  # the handler sees it all
    assert shows(page, "待确认收到申请")
    desk.act(process, "confirm", {"confirmed_on": "2026-03-02"})
    application.refresh_from_db()
    assert application.received_on == date(2026, 3, 2)
    assert deadlines.answer_due(application).due == date(2026, 3, 30)

    page = desk.page(process, "assign")
    assert shows(page, "2026年3月30日")
    desk.act(process, "assign", {"unit": Unit.objects.get(name=CIVIL).pk})

    partial = AnswerCategory.objects.get(code="partial")
    search = {"category": partial.pk, "suggestion": "completion",
              "note": "经检索，本局掌握各县区汇总数据；申请所指“明细”范围不明确。"}  # fmt: skip
    desk.act(process, "search", search, "mz-clerk")

    # 补正: the answer's clock stands still until the completion arrives
    page = desk.page(process, "decide")
    assert shows(page, "申请所指“明细”范围不明确")  # the unit's proposal beside the decision
    desk.act(process, "decide", {"choice": "completion", "reply_by": "2026-03-16",
                                 "what": "请明确所需明细的县区范围和月份。"})  # fmt: skip
    assert shows(desk.page(process, "await_completion"), "待申请人补正")
    desk.travel(date(2026, 3, 10))
    desk.act(process, "await_completion", {"outcome": "arrived", "on": "2026-03-10"})
    application.refresh_from_db()
    assert deadlines.answer_due(application).due == date(2026, 4, 8)  # 20 from 3月10日

    # a third party's time is not counted
    desk.act(process, "decide", {"choice": "consult", "third_party": "湛江市某社会福利院"})
    assert shows(desk.page(process, "await_opinion"), "待第三方提出意见")
    desk.travel(date(2026, 3, 13))
    desk.act(process, "await_opinion", {"answered_on": "2026-03-13",
                                        "opinion": "不同意公开受助人姓名。"})  # fmt: skip

    # an extension longer than the regulation allows changes nothing
    extension = {"choice": "extend", "approved_by": "王强", "approved_on": "2026-03-13",
                 "notified_on": "2026-03-13", "reason": "需要汇总各县区数据。"}  # fmt: skip
    response = desk.act(process, "decide", {**extension, "working_days": 21}, expect=200)
    assert shows(response, "延长答复期限最长不得超过20个工作日")
    assert not Extension.objects.filter(application=application).exists()
    desk.act(process, "decide", {**extension, "working_days": 10})
    application.refresh_from_db()
    due = deadlines.answer_due(application)
    assert (due.extended, due.not_counted) == (10, 3)
    assert due.due == date(2026, 4, 27)  # 20 + 3 not counted + 10 from 3月10日, 清明 skipped
    desk.act(process, "decide", {"choice": "answer"})

    # an answer needs its category: nothing is recorded without one
    page = desk.page(process, "answer")
    assert shows(page, "2026年4月27日") and shows(page, "已延期10个工作日")
    answer = {"withheld_grounds": "受助人姓名属于个人隐私，依条例第十五条不予公开。",
              "subject": "湛江市2026年城乡居民最低生活保障资金发放明细"}  # fmt: skip
    response = desk.act(process, "answer", answer, expect=200)
    assert shows(response, "请选择答复类型")
    application.refresh_from_db()
    assert application.category is None
    desk.act(process, "answer", {**answer, "category": partial.pk, "propose_active": "on"})

    desk.travel(date(2026, 3, 20))
    desk.act(process, "sign", {"decision": "approve", "comment": ""}, "issuer")
    application.refresh_from_db()
    process.refresh_from_db()
    assert process.status == PROCESS.DONE
    assert (application.answered_on, application.category.code) == (date(2026, 3, 20), "partial")
    assert application.propose_active
    actions = set(
        AuditRecord.objects.filter(object_id=str(application.pk)).values_list("action", flat=True)
    )
    assert {"applications.extended", "applications.correction_received",
            "applications.opinion_received", "applications.answered"} <= actions  # fmt: skip


def test_a_unit_cannot_open_another_unit_s_application(desk):
    application = desk.register(channel="in_person")
    process = desk.process(application)
    desk.act(process, "confirm", {})
    desk.act(process, "assign", {"unit": Unit.objects.get(name=CIVIL).pk})
    task = desk.task(process, "search")

    desk.login("handler")  # 湛江市教育局's clerk
    for action in ("assign", "execute"):
        assert desk.client.get(desk.url(task, action)).status_code in (403, 404)
    detail = reverse("staff:applications:application:process_detail", args=[process.pk])
    assert desk.client.get(detail).status_code in (403, 404)
    listing = desk.client.get(reverse("staff:applications:application:index"))
    assert application.receipt_number not in listing.content.decode()

    desk.login("mz-clerk")
    assert desk.client.get(desk.url(task, "assign")).status_code == 200
    assert Application.objects.get(pk=application.pk).unit.name == CIVIL


def test_a_lost_key_is_reissued_and_the_old_one_stops_opening_the_application(desk):
    """补发: the applicant comes back with the receipt number; the office gives a new key,
    shown once like the first, and the lost one opens nothing from then on."""
    application = desk.register(channel="in_person")
    old = re.search(r"<code>([^<]+)</code>", desk.receipt).group(1)
    applicant = Client()

    def opens(key):
        page = applicant.get(reverse("portal:apply-status", args=[key]))
        return page.status_code == 200 and application.receipt_number in page.content.decode()

    receipt = reverse("staff:applications:register:registered", args=[application.pk])
    reissue = reverse("staff:applications:register:reissue", args=[application.pk])
    assert opens(old)
    assert "补发查询码" in desk.client.get(receipt).content.decode()
    assert desk.client.get(reissue).status_code == 405  # a link followed changes nothing
    desk.login("handler")  # another unit's clerk, who may not register
    assert desk.client.post(reissue, {"identity_checked": "on"}).status_code in (403, 404)
    assert opens(old)

    desk.login("reviewer")
    unchecked = desk.client.post(reissue, follow=True).content.decode()
    assert "请先核对来人的身份证件" in unchecked and opens(old)
    response = desk.client.post(reissue, {"identity_checked": "on"})
    assert response.status_code == 302 and response.url == receipt
    new = re.search(r"<code>([^<]+)</code>", desk.client.get(receipt).content.decode()).group(1)
    assert new != old and opens(new) and not opens(old)
    assert new not in desk.client.get(receipt).content.decode()  # shown once
    record = AuditRecord.objects.get(action="application.key_reissued")
    assert record.details == {"receipt_number": application.receipt_number}


def test_the_supervision_board_shows_the_unit_s_step_due_on_the_answer_s_date(desk):
    application = desk.register(channel="in_person", name="林晓梅")
    process = desk.process(application)
    desk.act(process, "confirm", {})
    desk.act(process, "assign", {"unit": Unit.objects.get(name=CIVIL).pk})

    desk.login("reviewer")
    board = desk.client.get(reverse("staff:supervision:board:index"), {"kind": "apply"})
    assert board.status_code == 200
    row = board.content.decode().split(application.receipt_number)[1].split("</tr>")[0]
    assert "检索拟办" in row and CIVIL in board.content.decode()
    assert "2026年3月30日" in row  # 20 working days from 3月2日
    assert "林晓梅" not in board.content.decode()  # the applicant is not on the board

    # the unit's clerk finds it in 我的待办
    desk.login("mz-clerk")
    work = desk.client.get(reverse("staff:index"), follow=True).content.decode()
    assert application.receipt_number in work and "检索拟办" in work


def test_the_demo_applications_across_states_kinds_and_categories(db):
    from workflows.applications.demo import SUBSIDY, load_demo_applications

    load_units_and_people()
    with time_machine.travel(at(date(2026, 12, 7)), tick=True):
        processes = load_demo_applications()
        assert load_demo_applications() == []  # loaded once
    assert len(processes) == 8
    assert sum(process.status == PROCESS.DONE for process in processes) == 5
    answered = Application.objects.filter(answered_on__isnull=False)
    assert sorted(answered.values_list("category__code", flat=True)) == [
        "granted", "granted", "granted", "other.no_correction", "partial"
    ]  # fmt: skip
    assert all(a.answered_on.year == 2026 for a in answered)
    assert Application.objects.filter(subject=SUBSIDY).count() == 3
    assert len(set(Application.objects.values_list("applicant_kind", flat=True))) == 5
    organ = Unit.objects.get(name="湛江市人民政府办公室")
    assert appeals_table(organ, 2026)["cells"]["review"] == [1, 0, 0, 0]  # upheld
    waiting = {
        str(task.flow_task.task_title)
        for process in processes
        for task in process.task_set.filter(status="NEW")
    }
    assert waiting == {"确认收到申请", "检索拟办", "审核决定"}
    # the office decides with the unit's proposal beside it
    assert "建议告知申请人补正" in processes[4].data["proposal"]["note"]

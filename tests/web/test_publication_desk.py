"""发布管理: who sees which publications, the list's delivery states and filters, 撤回 and
重新同步, and that a unit never reaches another unit's publications.

Publications are made the real way (`outbox.publish`), delivered to the portal by the portal
target and recorded with `deliveries.finish`, which is also how a failure is recorded.
"""

import re

import pytest
from django.test import Client, override_settings

from base.audit.models import AuditRecord
from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, Unit
from publications import deliveries, outbox, rules, targets
from publications.models import Action, Delivery, DeliveryState, Event, Kind, Publication

pytestmark = pytest.mark.django_db
LIST = "/staff/publications/desk/"
PUSH = {"ENGINE": "publications.targets.http.Push", "URL": "http://127.0.0.1:9/", "SECRET": "s"}


def detail(publication):
    return f"{LIST}{publication.pk}/"


def withdraw_url(publication):
    return f"{LIST}{publication.pk}/withdraw/"


def resync_url(delivery):
    return f"{LIST}deliveries/{delivery.pk}/resync/"


@pytest.fixture
def people(db):
    load_units_and_people()
    return {person.username: person for person in Person.objects.select_related("unit")}


@pytest.fixture
def two_targets():
    """The portal and a pushed government site (never reached: deliveries are recorded)."""
    with override_settings(PUBLICATION_TARGETS={"site": PUSH}):
        yield


def unit(name):
    return Unit.objects.get(name=name)


def publish(kind, source_id, unit_name, title, body="正文"):
    return outbox.publish(kind, source_id, unit(unit_name), title=title, body=body, actor="test")


def delivery(version_or_event, target=targets.PORTAL):
    event = version_or_event
    if not isinstance(event, Event):
        event = version_or_event.events.get()
    return Delivery.objects.select_related("event__publication").get(event=event, target=target)


def to_portal(version):
    """The portal target shows the version; the delivery is recorded as the pipeline does."""
    event = version.events.get()
    targets.get(targets.PORTAL).deliver(event)
    deliveries.finish(delivery(event), DeliveryState.DELIVERED)


def failed(version_or_event, target=targets.PORTAL, error="HTTP 401: 签名无效"):
    record = delivery(version_or_event, target)
    Delivery.objects.filter(pk=record.pk).update(attempts=1)
    record.refresh_from_db()
    deliveries.finish(record, DeliveryState.FAILED, error)
    return record


@pytest.fixture
def items(people):
    """Four publications of three units: two replies, two policy documents."""
    made = {
        "edu_reply": publish(
            Kind.REPLY, 11, "湛江市教育局", "关于加强校园周边交通安全的建议的答复"
        ),
        "mz_reply": publish(Kind.REPLY, 12, "湛江市民政局", "关于提高高龄津贴标准的提案的答复"),
        "office_policy": publish(
            Kind.POLICY, 21, "湛江市人民政府办公室", "湛江市2026年政务公开工作要点"
        ),
        "mz_policy": publish(Kind.POLICY, 22, "湛江市民政局", "湛江市最低生活保障实施办法"),
    }
    for version in made.values():
        to_portal(version)
    return {name: version.publication for name, version in made.items()}


def as_(client, person):
    client.force_login(person)
    return client


def listed(response):
    return {int(pk) for pk in re.findall(r'data-publication="(\d+)"', response.content.decode())}


def pks(items, *names):
    return {items[name].pk for name in names}


# who


@pytest.mark.parametrize(
    ("username", "expected"),
    [
        ("reviewer", ["edu_reply", "mz_reply", "office_policy", "mz_policy"]),
        ("clerk", ["edu_reply", "mz_reply"]),
        ("leader", ["office_policy"]),  # 市府办公室's unit leader
        ("director", ["edu_reply"]),  # 市教育局's
        ("mz-head", ["mz_reply", "mz_policy"]),  # 市民政局's
    ],
)
def test_each_role_sees_its_publications_only(client, people, items, username, expected):
    response = as_(client, people[username]).get(LIST)
    assert response.status_code == 200
    assert listed(response) == pks(items, *expected)
    for publication in items.values():
        page = client.get(detail(publication))
        assert page.status_code == (200 if publication.pk in listed(response) else 403)


@pytest.mark.parametrize("username", ["drafter", "handler", "legal", "issuer", "checker", "admin"])
def test_nobody_else_reaches_the_page_or_sees_it_in_the_menu(client, people, items, username):
    as_(client, people[username])
    assert client.get(LIST).status_code == 403
    assert client.get(detail(items["edu_reply"])).status_code == 403
    home = client.get("/staff/", follow=True)
    assert home.status_code in (200, 403)
    assert LIST not in home.content.decode()
    assert "信息发布" not in home.content.decode()


def test_the_menu_offers_the_page_to_those_who_may_use_it(client, people, items):
    page = as_(client, people["clerk"]).get("/staff/proposals/board/")
    assert "信息发布" in page.content.decode() and "/staff/publications/" in page.content.decode()


def test_a_unit_never_reaches_another_units_publication(client, people, items):
    director = as_(client, people["director"])
    theirs = items["mz_policy"]
    assert director.get(detail(theirs)).status_code == 403
    assert director.post(withdraw_url(theirs), {"reason": "试图撤回"}).status_code == 403
    failure = failed(publish(Kind.POLICY, 22, "湛江市民政局", "实施办法（修订）"))
    assert director.post(resync_url(failure)).status_code == 403
    # filtering by the other unit shows nothing of it, and the unit is not offered
    response = director.get(LIST, {"unit": unit("湛江市民政局").pk})
    assert response.status_code == 200 and listed(response) == set()
    assert "湛江市最低生活保障实施办法" not in response.content.decode()
    assert f'value="{unit("湛江市民政局").pk}"' not in director.get(LIST).content.decode()
    theirs.refresh_from_db()
    failure.refresh_from_db()
    assert theirs.withdrawn_at is None and failure.state == DeliveryState.FAILED
    assert not AuditRecord.objects.filter(actor=people["director"]).exists()
    assert client.get(f"{LIST}999999/").status_code == 404


def test_the_rules_alone(people, items):
    reviewer, clerk, leader = people["reviewer"], people["clerk"], people["leader"]
    reply, policy = items["edu_reply"], items["office_policy"]
    assert rules.may_withdraw(reviewer, policy) and rules.may_withdraw(reviewer, reply)
    assert rules.may_withdraw(clerk, reply) and not rules.may_withdraw(clerk, policy)
    assert not rules.may_withdraw(leader, policy) and not rules.may_resync(leader, policy)
    assert not rules.visible_to(people["drafter"], Publication.objects.all()).exists()
    # an openness reviewer outside the government office looks after nothing
    reviewer.unit = unit("湛江市教育局")
    assert not rules.may_withdraw(reviewer, reply)
    assert not rules.visible_to(reviewer, Publication.objects.all()).exists()


# the list


def test_the_list_shows_the_latest_version_and_each_targets_state(client, people, two_targets):
    first = publish(Kind.POLICY, 31, "湛江市人民政府办公室", "关于做好防汛工作的通知")
    to_portal(first)
    deliveries.finish(delivery(first, "site"), DeliveryState.DELIVERED)
    second = publish(Kind.POLICY, 31, "湛江市人民政府办公室", "关于做好防汛防风工作的通知")
    failed(second, "site", "HTTP 401: signature mismatch")
    pending = delivery(second)
    Delivery.objects.filter(pk=pending.pk).update(attempts=2, last_error="ConnectTimeout: 超时")

    html = as_(client, people["reviewer"]).get(LIST).content.decode()
    row = re.search(r'<tr class="pub-row[^"]*" data-publication="\d+">.*?</tr>', html, re.S)[0]
    assert "关于做好防汛防风工作的通知" in row and "第2版" in row and "已发布" in row
    assert "pub-row--trouble" in row
    portal, site = re.findall(r'<td class="pub-delivery" data-target="(\w+)">(.*?)</td>', row, re.S)
    assert portal[0] == "portal" and "待同步" in portal[1] and "已尝试 2 次" in portal[1]
    assert "ConnectTimeout" in portal[1]
    assert site[0] == "site" and "同步失败" in site[1] and "HTTP 401: signature mismatch" in site[1]
    assert "重新同步" in site[1] and "重新同步" not in portal[1]
    assert "本平台门户" in html and "政府网站" in html


def test_filters(client, people, items):
    outbox.withdraw(items["mz_policy"], "内容有误", actor="test")
    failed(publish(Kind.REPLY, 11, "湛江市教育局", "答复（更正）"))
    as_(client, people["reviewer"])

    def shown(**params):
        response = client.get(LIST, params)
        assert response.status_code == 200
        return listed(response)

    assert shown(kind="reply") == pks(items, "edu_reply", "mz_reply")
    assert shown(unit=unit("湛江市民政局").pk) == pks(items, "mz_reply", "mz_policy")
    assert shown(state="withdrawn") == pks(items, "mz_policy")
    assert shown(state="published") == pks(items, "edu_reply", "mz_reply", "office_policy")
    assert shown(state="trouble") == pks(items, "edu_reply")
    assert shown(state="pending") == pks(items, "mz_policy")  # its withdrawal
    assert shown(kind="policy", state="trouble") == set()


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"kind": "speech"}, "类别“speech”无效"),
        ({"unit": "abc"}, "发布单位“abc”不存在"),
        ({"unit": "99999999"}, "发布单位“99999999”不存在"),
        ({"unit": "9" * 40}, "不存在"),
        ({"state": "lost"}, "状态“lost”无效"),
        ({"state": "<script>"}, "状态“&lt;script&gt;”无效"),
    ],
)
def test_a_bad_filter_says_why_and_shows_nothing(client, people, items, params, message):
    response = as_(client, people["reviewer"]).get(LIST, params)
    assert response.status_code == 400
    assert message in response.content.decode() and listed(response) == set()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "999", "1.5", ""])
def test_a_strange_page_number_is_never_an_error(client, people, items, page):
    response = as_(client, people["reviewer"]).get(LIST, {"page": page})
    assert response.status_code == 200 and listed(response)


def test_the_list_is_paginated_and_keeps_its_filters(client, people):
    for number in range(30):
        publish(Kind.REPLY, 100 + number, "湛江市教育局", f"第{number}号建议的答复")
    publish(Kind.POLICY, 200, "湛江市教育局", "教育局的政策文件")
    as_(client, people["reviewer"])
    first = client.get(LIST, {"kind": "reply"})
    assert len(listed(first)) == 25
    html = first.content.decode()
    assert "共 30 条" in html and "?kind=reply&amp;page=2" in html
    second = client.get(LIST, {"kind": "reply", "page": 2})
    assert len(listed(second)) == 5 and not listed(first) & listed(second)


# withdrawing


def test_withdraw_needs_a_reason_then_happens_once(client, people, items):
    reviewer, policy = as_(client, people["reviewer"]), items["office_policy"]
    for reason in ("", "   "):
        response = reviewer.post(withdraw_url(policy), {"reason": reason})
        assert response.status_code == 400
        assert "撤回须说明理由。" in response.content.decode()
    assert not policy.events.filter(action=Action.WITHDRAW).exists()
    assert not AuditRecord.objects.filter(action="publication.withdrawn").exists()

    response = reviewer.post(withdraw_url(policy), {"reason": "文件已废止"}, follow=True)
    assert response.status_code == 200
    assert "已撤回" in response.content.decode() and "文件已废止" in response.content.decode()
    policy.refresh_from_db()
    assert policy.withdrawn_at is not None
    withdrawal = policy.events.get(action=Action.WITHDRAW)
    assert withdrawal.reason == "文件已废止"
    assert withdrawal.deliveries.get().state == DeliveryState.PENDING
    record = AuditRecord.objects.get(action="publication.withdrawn")
    assert record.actor == people["reviewer"] and record.details["reason"] == "文件已废止"

    again = reviewer.post(withdraw_url(policy), {"reason": "再撤一次"}, follow=True)
    assert "该信息已经撤回。" in again.content.decode()
    assert policy.events.filter(action=Action.WITHDRAW).count() == 1
    assert AuditRecord.objects.filter(action="publication.withdrawn").count() == 1
    # and the withdrawn item offers no second withdrawal
    assert 'name="reason"' not in reviewer.get(detail(policy)).content.decode()


def test_markup_in_the_reason_is_refused(client, people, items):
    response = as_(client, people["reviewer"]).post(
        withdraw_url(items["office_policy"]), {"reason": "<b>错</b>"}
    )
    assert response.status_code == 400 and "不允许包含 HTML 标记" in response.content.decode()
    assert Publication.objects.get(pk=items["office_policy"].pk).withdrawn_at is None


def test_the_clerk_withdraws_replies_only(client, people, items):
    clerk = as_(client, people["clerk"])
    assert clerk.post(withdraw_url(items["office_policy"]), {"reason": "x"}).status_code == 403
    assert (
        clerk.post(withdraw_url(items["mz_reply"]), {"reason": "涉及个人信息"}).status_code == 302
    )
    assert Publication.objects.get(pk=items["mz_reply"].pk).withdrawn_at is not None
    assert Publication.objects.get(pk=items["office_policy"].pk).withdrawn_at is None


def test_a_unit_leader_looks_but_cannot_withdraw(client, people, items):
    leader, policy = as_(client, people["leader"]), items["office_policy"]
    failed(publish(Kind.POLICY, 21, "湛江市人民政府办公室", "工作要点（修订）"))
    page = leader.get(detail(policy)).content.decode()
    assert "同步失败" in page
    assert 'name="reason"' not in page and "/resync/" not in page
    assert leader.post(withdraw_url(policy), {"reason": "想撤回"}).status_code == 403
    policy.refresh_from_db()
    assert policy.withdrawn_at is None and policy.events.count() == 2
    assert not AuditRecord.objects.filter(actor=people["leader"]).exists()


def test_a_post_without_the_csrf_token_changes_nothing(people, items):
    client = as_(Client(enforce_csrf_checks=True), people["reviewer"])
    policy = items["office_policy"]
    assert client.post(withdraw_url(policy), {"reason": "无令牌"}).status_code == 403
    assert Publication.objects.get(pk=policy.pk).withdrawn_at is None
    failure = failed(publish(Kind.POLICY, 21, "湛江市人民政府办公室", "工作要点（修订）"))
    assert client.post(resync_url(failure)).status_code == 403
    assert Delivery.objects.get(pk=failure.pk).state == DeliveryState.FAILED


def test_the_pages_answer_only_their_methods(client, people, items):
    as_(client, people["reviewer"])
    assert client.get(withdraw_url(items["office_policy"])).status_code == 405
    assert client.post(LIST).status_code == 405


# syncing again


def test_a_failed_delivery_is_synced_again(client, people, items):
    failure = failed(
        publish(Kind.POLICY, 21, "湛江市人民政府办公室", "湛江市2026年政务公开工作要点（修订）")
    )
    Delivery.objects.filter(pk=failure.pk).update(
        claimed_by="dead-worker", claimed_until="2999-01-01T00:00:00Z"
    )
    reviewer = as_(client, people["reviewer"])
    page = reviewer.get(detail(items["office_policy"])).content.decode()
    assert resync_url(failure) in page and "HTTP 401: 签名无效" in page

    response = reviewer.post(resync_url(failure), follow=True)
    assert "已重新加入同步队列：本平台门户" in response.content.decode()
    failure.refresh_from_db()
    assert failure.state == DeliveryState.PENDING
    assert failure.claimed_by == "" and failure.claimed_until is None
    assert failure.attempts == 1 and failure.last_error == "HTTP 401: 签名无效"
    record = AuditRecord.objects.get(action="publication.resync")
    assert record.actor == people["reviewer"] and record.details["target"] == "portal"

    # the next sweep takes it at once, although the dead worker's lease had not run out
    assert deliveries.claim("worker-1") == [failure.pk]

    # only a failed delivery can be synced again
    again = reviewer.post(resync_url(failure), follow=True)
    assert "只有同步失败的记录可以重新同步" in again.content.decode()
    assert AuditRecord.objects.filter(action="publication.resync").count() == 1


def test_a_superseded_failure_is_not_synced_again(client, people, items):
    policy = items["office_policy"]
    old = failed(publish(Kind.POLICY, 21, "湛江市人民政府办公室", "工作要点（第二版）"))
    outbox.withdraw(policy, "停止公开", actor="test")
    reviewer = as_(client, people["reviewer"])
    page = reviewer.get(detail(policy)).content.decode()
    assert resync_url(old) not in page and "已被后续事件取代" in page
    response = reviewer.post(resync_url(old), follow=True)
    assert "旧的记录不再重新同步" in response.content.decode()
    assert Delivery.objects.get(pk=old.pk).state == DeliveryState.FAILED
    # nor is it a problem any more: what the portal gets next is the withdrawal
    assert listed(reviewer.get(LIST, {"state": "trouble"})) == set()


def test_resync_from_the_list_returns_to_the_list(client, people, items):
    failure = failed(publish(Kind.REPLY, 11, "湛江市教育局", "答复（更正）"))
    clerk = as_(client, people["clerk"])
    back = f"{LIST}?state=trouble"
    assert resync_url(failure) in clerk.get(back).content.decode()
    response = clerk.post(resync_url(failure), {"next": back})
    assert response.status_code == 302 and response.url == back
    elsewhere = clerk.post(resync_url(failure), {"next": "https://example.com/"})
    assert elsewhere.url == detail(items["edu_reply"])


def test_a_unit_leader_cannot_sync_again(client, people, items):
    failure = failed(publish(Kind.POLICY, 21, "湛江市人民政府办公室", "工作要点（修订）"))
    leader = as_(client, people["leader"])
    assert leader.post(resync_url(failure)).status_code == 403
    assert Delivery.objects.get(pk=failure.pk).state == DeliveryState.FAILED
    assert client.post(f"{LIST}deliveries/999999/resync/").status_code == 404


# the detail page


def test_the_detail_page_shows_versions_events_and_audit(client, people, two_targets):
    first = publish(Kind.REPLY, 41, "湛江市教育局", "关于增加学位供给的建议的答复")
    to_portal(first)
    second = publish(Kind.REPLY, 41, "湛江市教育局", "关于增加学位供给的建议的答复（更正）")
    failed(second, "site", "HTTP 403: forbidden")
    publication = second.publication
    html = as_(client, people["clerk"]).get(detail(publication)).content.decode()
    for version in (first, second):
        assert version.content_hash in html and version.title in html
    assert "发布第1版" in html and "发布第2版" in html
    events = re.findall(r'<tbody class="pub-event" data-event="(\d+)">(.*?)</tbody>', html, re.S)
    assert [int(pk) for pk, _ in events] == [second.events.get().pk, first.events.get().pk]
    newest = events[0][1]
    assert "HTTP 403: forbidden" in newest and "同步失败" in newest and "待同步" in newest
    assert "已同步" in events[1][1]
    audit = html[html.index('data-section="audit"') :]
    assert "发布新版本" in audit and "同步成功" in audit and "同步失败" in audit
    assert "HTTP 403: forbidden" in audit and "同步流水线" in audit
    assert 'name="reason"' in html  # the clerk may withdraw a reply


def test_the_list_costs_the_same_queries_for_5_rows_as_for_25(client, people, two_targets):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    as_(client, people["reviewer"])

    def queries():
        client.get(LIST)  # the session and the person's roles are read once
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST).status_code == 200
        return len(captured)

    for number in range(5):
        failed(publish(Kind.REPLY, 300 + number, "湛江市教育局", f"第{number}号建议的答复"), "site")
    few = queries()
    for number in range(5, 25):
        failed(publish(Kind.REPLY, 300 + number, "湛江市教育局", f"第{number}号建议的答复"), "site")
    assert queries() == few


def test_withdrawing_one_of_a_pair_withdraws_both(client, people):
    policy = publish(Kind.POLICY, 51, "湛江市人民政府办公室", "关于做好防汛工作的通知").publication
    reading = publish(
        Kind.INTERPRETATION, 51, "湛江市人民政府办公室", "《关于做好防汛工作的通知》解读"
    )
    outbox.link(policy, reading.publication)
    reviewer = as_(client, people["reviewer"])
    assert "撤回本条将同时撤回关联发布" in reviewer.get(detail(policy)).content.decode()
    reviewer.post(withdraw_url(policy), {"reason": "通知已失效"})
    page = reviewer.get(detail(policy)).content.decode()
    assert detail(reading.publication) in page and "（已撤回）" in page
    reading.publication.refresh_from_db()
    assert reading.publication.withdrawn_at is not None


def test_a_failed_export_is_an_alert_on_the_desk(client, people, items, tmp_path):
    """Readers of the static site would see it fall behind: the desk says so, and when."""
    root = tmp_path / "export"
    export = {"ENGINE": "web.portal.export.StaticExport", "ROOT": str(root)}
    with override_settings(PUBLICATION_TARGETS={"export": export}):
        target = targets.get("export")
        target.record("update")
        target.record("update", error="http://127.0.0.1:8000/feeds/all.rss answered 500")
        as_(client, people["reviewer"])
        page = client.get(LIST).content.decode()
        assert "静态网站更新失败" in page
        assert "all.rss answered 500" in page
        assert "读者看到的仍是" in page

        target.record("update")  # the next update went through
        assert "更新失败" not in client.get(LIST).content.decode()

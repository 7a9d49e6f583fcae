"""A unit sees only its own packages: every staff URL of the flow, enumerated from the URL
resolver (so a new view is covered without editing this test), is tried as people of other
units and as reviewers the package has not reached yet."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from viewflow.workflow.models import Task

from base.organisation.models import Unit
from base.organisation.roles import Role
from interpretation.models import Attachment, PolicyDocument
from tests.factories import AttachmentFactory, PersonFactory
from workflows.interpretation import services
from workflows.interpretation.flows import InterpretationFlow

pytestmark = pytest.mark.django_db
NAMESPACE = "staff:policy:interpretation"
TITLE = "湛江市民政局关于调整最低生活保障标准的通知"
MATERIAL = {
    "forms": ["text"],
    "channel": "政府网站",
    "timing": "同步",
    "interpreter": "陈民",
    "contact": "0759-1",
    "background": "依据",
    "main_content": "内容",
}


def flow_urls(under=NAMESPACE):
    """(name, route) for every URL pattern under a namespace, from the resolver."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern) and namespace.startswith(under):
                yield f"{namespace}:{pattern.name}", prefix + str(pattern.pattern)

    yield from walk(get_resolver().url_patterns, "", "")


@pytest.fixture
def package(desk):
    unit = Unit.objects.create(name="市民政局测试处", kind="department")
    drafter = PersonFactory(username="mz_drafter", unit=unit, roles=[Role.DRAFTER])
    leader = PersonFactory(username="mz_leader", unit=unit, roles=[Role.UNIT_LEADER])
    document = PolicyDocument(
        title=TITLE, number="湛民〔2026〕1号", issuing_body="湛江市民政局", doc_type="other"
    )
    process = services.start(drafter, document, **MATERIAL)
    AttachmentFactory(document=document, name="a.pdf", uploaded_by=drafter)
    services.submit(drafter, process)
    return process, leader


def arguments(route, process):
    task = Task.objects.get(process=process, flow_task=InterpretationFlow.sign_off)
    attachment = Attachment.objects.get(document_id=process.artifact_object_id)
    values = {"process_pk": process.pk, "task_pk": task.pk, "pk": attachment.pk}
    return {name: value for name, value in values.items() if f"<int:{name}>" in route}


OUTSIDERS = [
    ("edu_drafter", Role.DRAFTER),
    ("edu_leader", Role.UNIT_LEADER),
    ("reviewer", None),  # demo openness reviewer: the package has not reached them
    ("legal", None),
    ("issuer", None),
]


@pytest.mark.parametrize(("username", "role"), OUTSIDERS)
def test_people_outside_the_unit_get_403_or_404_everywhere(desk, package, username, role):
    process, _leader = package
    if role is not None:
        PersonFactory(username=username, unit=Unit.objects.get(name="湛江市教育局"), roles=[role])
    desk.client.force_login(desk.people.get(username) or PersonFactory(username=username))
    checked = 0
    for name, route in flow_urls():
        kwargs = arguments(route, process)
        if "<int:" in route and not kwargs:
            continue
        url = reverse(name, kwargs=kwargs)
        for method in ("get", "post"):
            # a task's index URL redirects to its detail page: judge where it lands
            response = getattr(desk.client, method)(url, follow=True)
            assert TITLE not in response.content.decode(), (method, url)
            if kwargs:
                refused = {403, 404} | ({405} if method == "post" else set())
                assert response.status_code in refused, (method, url, response.status_code)
            checked += 1
    assert checked > 60  # every node's task URLs, lists, chart, attachment


def test_the_units_own_leader_sees_and_takes_the_package(desk, package):
    process, leader = package
    desk.client.force_login(leader)
    detail = desk.client.get(reverse(f"{NAMESPACE}:process_detail", args=[process.pk]))
    assert detail.status_code == 200 and TITLE in detail.content.decode()
    queue = desk.client.get(reverse(f"{NAMESPACE}:queue"))
    assert "湛民〔2026〕1号" in queue.content.decode()
    attachment = Attachment.objects.get(document_id=process.artifact_object_id)
    assert (
        desk.client.get(reverse(f"{NAMESPACE}:attachment", args=[attachment.pk])).status_code == 200
    )


def test_a_reviewer_sees_the_package_once_it_reaches_their_step(desk, package):
    process, leader = package
    desk.client.force_login(leader)
    desk.review(process, "sign_off")
    desk.login("reviewer")
    detail = desk.client.get(reverse(f"{NAMESPACE}:process_detail", args=[process.pk]))
    assert detail.status_code == 200
    assert "湛民〔2026〕1号" in desk.client.get(reverse(f"{NAMESPACE}:queue")).content.decode()


def test_menu_counts_leave_out_other_units_tasks(desk, package):
    from django.test import RequestFactory

    from web.site import site

    viewset = next(v for app in site.viewsets for v in app.viewsets if hasattr(v, "_flow_class"))
    process, leader = package
    request = RequestFactory().get("/")
    request.user = desk.people["leader"]  # 市府办公室's leader: the package is not theirs
    assert viewset.get_context_data(request)["user_queue"].count() == 0
    request.user = leader
    assert viewset.get_context_data(request)["user_queue"].count() == 1

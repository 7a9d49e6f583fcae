"""The publish pipeline with a real Prefect server and a real HTTP receiver: approval puts a
package everywhere once; withdrawal takes it off everywhere."""

from datetime import UTC, datetime

import pytest
import time_machine

from base.organisation.demo import load_units_and_people
from base.organisation.models import Person
from interpretation.models import PolicyDocument
from publications import outbox
from publications.models import Delivery, DeliveryState, Kind, Publication
from tests.workflows.conftest import Desk
from workflows.interpretation.demo import keep_office_numbers, load_demo_package
from workflows.interpretation.flows import InterpretationFlow
from workflows.models import InterpretationProcess

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("prefect_server")]


def run_publish():
    from workflows.pipelines.publish import publish

    return publish()


def approve_demo_package(client, load=True):
    """The demo package (湛府办〔2018〕22号) waits at sign-off; its reviewers approve it."""
    if load:
        load_units_and_people()
        load_demo_package()
    process = InterpretationProcess.objects.get(flow_class=InterpretationFlow)
    desk = Desk(client)
    desk.approve(process, ("leader", "sign_off"))
    # the infographic prints the contact line: the reviewer keeps the office's own number
    document = PolicyDocument.objects.get(pk=process.artifact_object_id)
    keep_office_numbers(Person.objects.get(username="reviewer"), document)
    desk.approve(process, ("reviewer", "openness_review"), ("issuer", "issue"))
    return PolicyDocument.objects.get(pk=process.artifact_object_id)


def test_an_approved_package_reaches_portal_and_site_once(client, every_target, tmp_path):
    site_target = every_target
    document = approve_demo_package(client)
    publications = Publication.objects.filter(source_id=document.pk)
    assert {p.kind for p in publications} == {Kind.POLICY, Kind.INTERPRETATION}
    # the approval only wrote the outbox: nothing is public before the pipeline runs
    assert not publications.filter(live__isnull=False).exists()
    assert site_target.posts == 0

    summary = run_publish()

    assert summary["delivered"] == 6  # two publications × (portal, site, export)
    assert publications.filter(live__isnull=False).count() == 2
    policy = publications.get(kind=Kind.POLICY)
    assert site_target.events() == ["publish", "publish"]
    pushed = site_target.stored[f"policy-{document.pk}-v1"]
    assert pushed["title"] == document.title
    assert pushed["companion"] == f"interpretation-{document.pk}"
    interpretation = site_target.stored[f"interpretation-{document.pk}-v1"]
    names = {file["name"] for file in interpretation["files"]}
    assert {"infographic.pdf", "infographic-1.png", "card.png", "long.png"} <= names
    assert "0759-3333333" not in str(interpretation)  # the contact stays internal

    for path in (f"/policies/{document.pk}/", "/feeds/all.atom", "/api/publications/"):
        assert client.get(path).content.decode().count(document.title) >= 1, path
    api = client.get("/api/publications/").json()
    assert sorted(item["id"] for item in api["results"]) == sorted(
        [f"interpretation-{document.pk}", f"policy-{document.pk}"]
    )
    exported = tmp_path / "export" / "current"
    assert document.title in (exported / f"policies/{document.pk}/index.html").read_text()
    assert document.title in (exported / "feeds/all.atom").read_text()

    assert run_publish() == {"claimed": 0}
    assert site_target.posts == 2

    outbox.withdraw(policy, "发文机关决定撤回", actor="test")
    run_publish()
    policy.refresh_from_db()
    assert policy.live is None
    assert client.get(f"/policies/{document.pk}/").status_code == 404
    assert not (exported / f"policies/{document.pk}/index.html").exists()
    assert document.title not in (exported / "feeds/all.atom").read_text()
    assert site_target.events(f"policy-{document.pk}") == ["publish", "withdraw"]
    # withdrawn together with its document
    assert site_target.events(f"interpretation-{document.pk}") == ["publish", "withdraw"]
    assert not Delivery.objects.exclude(state=DeliveryState.DELIVERED).exists()


def test_after_a_commit_the_web_app_asks_prefect_for_a_run(prefect_server, settings):
    from prefect.client.orchestration import get_client

    from workflows.pipelines import trigger
    from workflows.pipelines.publish import publish

    settings.PREFECT_API_URL = prefect_server
    assert trigger.request_publish_run() is None  # no deployment yet: the sweep will come
    publish.to_deployment(name="publish").apply()
    with time_machine.travel(datetime(2026, 11, 30, 9, 0, 0, 100_000, tzinfo=UTC), tick=False):
        run_id = trigger.request_publish_run()
        assert trigger.request_publish_run() == run_id  # commits in one second: one run
    with time_machine.travel(datetime(2026, 11, 30, 9, 0, 1, tzinfo=UTC), tick=False):
        assert trigger.request_publish_run() != run_id  # the next second: a run of its own
    with get_client(sync_client=True) as prefect:
        run = prefect.read_flow_run(run_id)
    assert run.state.is_scheduled()
    settings.PREFECT_API_URL = "http://127.0.0.1:9/api"  # nobody there: no error either
    assert trigger.request_publish_run() is None

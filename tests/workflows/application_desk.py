"""Drives the application flow over HTTP as the demo people would: the government office's
openness reviewer (陈静, `reviewer`), the unit's handling clerk and the signing leader."""

import re

from django.urls import reverse
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from applications.models import Application
from base.organisation.models import Person
from workflows.applications.flows import ApplicationFlow
from workflows.models import ApplicationProcess

NS = "staff:applications:application"
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def resident_id(first17):
    """A 居民身份证 number with its check character (GB 11643)."""
    total = sum(int(c) * w for c, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


LETTER = {
    "applicant_kind": "natural",
    "name": "陈志强",
    "id_type": "resident",
    "id_number": resident_id("44080219850312123"),
    "phone": "13812345678",
    "email": "",
    "address": "湛江市赤坎区中山一路23号",
    "postcode": "524033",
    "description": "湛江市2026年城乡居民最低生活保障资金发放明细（按县区汇总）",
    "provision": "paper",
    "collection": "post",
    "channel": "letter",
    "submitted_on": "2026-03-02",
}


class ApplicationDesk:
    def __init__(self, client):
        self.client = client

    def login(self, username):
        self.client.logout()
        self.client.force_login(Person.objects.get(username=username))

    def register(self, **changes):
        self.login("reviewer")
        response = self.client.post(
            reverse("staff:applications:register:index"), {**LETTER, **changes}
        )
        assert response.status_code == 302, problems_on(response)
        self.receipt = self.client.get(response.url).content.decode()
        return Application.objects.latest("pk")

    def process(self, application):
        return ApplicationProcess.objects.get(
            artifact_object_id=application.pk, flow_class=ApplicationFlow
        )

    def task(self, process, step):
        return Task.objects.get(
            process=process,
            flow_task=getattr(ApplicationFlow, step),
            status__in=[STATUS.NEW, STATUS.ASSIGNED],
        )

    def url(self, task, action):
        return reverse(f"{NS}:{task.flow_task.name}:{action}", args=[task.process_id, task.pk])

    def page(self, process, step, username="reviewer"):
        """Takes the step's task as `username` and returns its page."""
        self.login(username)
        task = self.task(process, step)
        if task.status == STATUS.NEW:
            assert self.client.post(self.url(task, "assign")).status_code == 302
        page = self.client.get(self.url(task, "execute"))
        assert page.status_code == 200, page.status_code
        return page

    def act(self, process, step, data, username="reviewer", expect=302):
        self.page(process, step, username)
        task = self.task(process, step)
        response = self.client.post(self.url(task, "execute"), data)
        assert response.status_code == expect, problems_on(response)
        return response


def problems_on(response):
    """The error messages a page shows, for a readable assertion."""
    text = response.content.decode()
    alerts = re.findall(r'role="alert">(.*?)</div>', text, re.S)
    fields = re.findall(r' error="([^"]+)"', text)
    found = [re.sub(r"<[^>]+>", " ", alert).strip() for alert in alerts] + fields
    return response.status_code, found or text[-2000:]

"""Drives the proposal flow over HTTP as the people of each unit would: the office clerk,
each unit's handling clerk, checker, responsible leader and principal leader."""

import csv
import io

from django.urls import reverse
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from base.organisation.demo import DEMO_PASSWORD
from base.organisation.models import Person, Unit
from base.organisation.roles import Role
from proposals.models import Assignment, Proposal
from tests.factories import PersonFactory
from workflows.models import ProposalProcess
from workflows.proposals.flows import ProposalFlow

NS = "staff:proposals:proposal"
HEADERS = (
    "类别,届,次,编号,标题,内容,领衔人,附议人,联系电话,通讯地址,邮政编码,分类,重点,同意公开,"
    "提出日期,建议主办单位,建议会办单位,办理方式"
).split(",")
UNIT_ROLES = {
    "clerk": Role.HANDLING_CLERK,
    "checker": Role.REPLY_CHECKER,
    "deputy": Role.RESPONSIBLE_LEADER,
    "head": Role.UNIT_LEADER,
}
LETTER = {
    "number": "湛教函〔2026〕18号",
    "title": "关于市十五届人大五次会议第0007号建议的答复",
    "result_class": None,  # filled with class A's pk
    "body": "陈志强代表：\n您提出的建议收悉。现答复如下：一是……二是……\n感谢您对教育工作的关心。",
    "signer": "何平",
    "contact_person": "吴磊",
    "contact_phone": "0759-3333333",
    "copy_to": "市人大常委会代表工作委员会",
}


def spreadsheet(*items):
    """A CSV of items: dicts over HEADERS' defaults."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for item in items:
        base = {
            "类别": "人大建议", "届": "15", "次": "5", "标题": "关于加强校园周边交通安全的建议",
            "内容": "建议在中小学校门口设置护学岗。", "领衔人": "陈志强", "附议人": "",
            "联系电话": "13800138001", "通讯地址": "赤坎区中山一路23号", "邮政编码": "524033",
            "分类": "教育", "重点": "否", "同意公开": "是", "提出日期": "2026-01-08",
            "建议主办单位": "湛江市教育局", "建议会办单位": "", "办理方式": "主办",
        }  # fmt: skip
        writer.writerow([{**base, **item}[name] for name in HEADERS])
    return out.getvalue().encode("utf-8-sig")


class ProposalDesk:
    def __init__(self, client):
        self.client = client

    def staff(self, unit_name, job):
        """The person doing `job` in the unit, created on first use (username unit-job)."""
        unit = Unit.objects.get(name=unit_name)
        username = f"u{unit.pk}-{job}"
        person = Person.objects.filter(username=username).first()
        return person or PersonFactory(username=username, unit=unit, roles=[UNIT_ROLES[job]])

    def login(self, person):
        if isinstance(person, str):
            person = Person.objects.get(username=person)
        self.client.logout()
        self.client.force_login(person)
        return person

    def login_demo(self, username):
        self.client.logout()
        assert self.client.login(username=username, password=DEMO_PASSWORD)

    def import_items(self, *items):
        self.login("clerk")
        page = reverse("staff:proposals:import:index")
        upload = io.BytesIO(spreadsheet(*items))
        upload.name = "batch.csv"
        response = self.client.post(page, {"file": upload})
        assert response.status_code == 302, response.content.decode()[:3000]

    def process(self, number, kind="npc"):
        proposal = Proposal.objects.get(number=number, kind=kind)
        return ProposalProcess.objects.get(artifact_object_id=proposal.pk, flow_class=ProposalFlow)

    def open_tasks(self, process, step):
        return Task.objects.filter(
            process=process,
            flow_task=getattr(ProposalFlow, step),
            status__in=[STATUS.NEW, STATUS.ASSIGNED],
        ).order_by("pk")

    def task_of(self, process, step, unit_name=None):
        tasks = self.open_tasks(process, step)
        if unit_name is not None:
            shares = Assignment.objects.filter(proposal=process.artifact, unit__name=unit_name)
            tasks = tasks.filter(seed_object_id__in=shares.values("pk"))
        return tasks.get()

    def url(self, task, action):
        return reverse(f"{NS}:{task.flow_task.name}:{action}", args=[task.process_id, task.pk])

    def take(self, process, step, unit=None, job="clerk"):
        """Logs in as whoever does the step and takes the task."""
        self.login("clerk" if unit is None else self.staff(unit, job))
        task = self.task_of(process, step, unit)
        if task.status == STATUS.NEW:
            assert self.client.post(self.url(task, "assign")).status_code == 302
        return task

    def act(self, process, step, data, unit=None, job="clerk", expect=302):
        """Takes the task as whoever does the step, opens its page and posts the form."""
        task = self.take(process, step, unit, job)
        page = self.client.get(self.url(task, "execute"))
        assert page.status_code == 200, page.status_code
        response = self.client.post(self.url(task, "execute"), data)
        assert response.status_code == expect, problems_on(response)
        return response


def problems_on(response):
    """The error messages a page shows, for a readable assertion."""
    import re

    text = response.content.decode()
    alerts = re.findall(r'role="alert">(.*?)</div>', text, re.S)
    fields = re.findall(r' error="([^"]+)"', text)
    found = [re.sub(r"<[^>]+>", " ", alert).strip() for alert in alerts] + fields
    return response.status_code, found or text[-2000:]

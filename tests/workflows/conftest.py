import pytest
from django.urls import reverse
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from base.organisation.demo import DEMO_PASSWORD, load_units_and_people
from base.organisation.models import Person
from interpretation.models import PolicyDocument
from workflows.interpretation.flows import InterpretationFlow
from workflows.models import InterpretationProcess

NS = "staff:policy:interpretation"

DOCUMENT = {
    "title": "湛江市2026年政务公开工作要点",
    "number": "湛府办〔2026〕8号",
    "issuing_body": "湛江市人民政府办公室",
    "doc_type": "normative",
    "disclosure": "proactive",
    "summary": "部署全市2026年政务公开重点工作。",
    "body": "各县（市、区）人民政府，市府直属各单位：……",
}

MATERIAL = {
    "forms": ["text", "qa"],
    "channel": "湛江市人民政府网站",
    "timing": "与文件同步发布",
    "interpreter": "王强",
    "interpreter_title": "市府办公室主任",
    "contact": "李明 0759-3100000",
    "background": "依据国务院办公厅和省政府办公厅的政务公开工作要点。",
    "main_content": "围绕法治政府建设、重点领域信息公开和政务舆情回应部署工作。",
    "qa": "重大突发事件多久召开新闻发布会？ | 最迟在24小时内。",
    "key_figures": "24 | 小时 | 重大突发事件新闻发布时限",
}


# 保密审查 answered "no" throughout: what the openness review's approval asks for
CHECKLIST = {
    "state_secret": "no", "trade_secret": "no", "personal_privacy": "no", "process_info": "no"
}  # fmt: skip


def package_data(document=None, material=None, **extra):
    data = {f"document-{k}": v for k, v in {**DOCUMENT, **(document or {})}.items()}
    for key, value in {**MATERIAL, **(material or {})}.items():
        data[f"material-{key}"] = value
    return {**data, **extra}


class Desk:
    """Drives the flow over HTTP as the demo people would."""

    def __init__(self, client):
        self.client = client
        self.people = {p.username: p for p in Person.objects.all()}

    def login(self, username):
        self.client.logout()
        assert self.client.login(username=username, password=DEMO_PASSWORD)
        return self.people[username]

    def start(self, **document):
        self.login("drafter")
        response = self.client.post(reverse(f"{NS}:start:execute"), {**DOCUMENT, **document})
        assert response.status_code == 302, response.content.decode()[:2000]
        document = PolicyDocument.objects.get(number={**DOCUMENT, **document}["number"])
        return InterpretationProcess.objects.get(
            artifact_object_id=document.pk, flow_class=InterpretationFlow
        )

    def open_task(self, process, step):
        return Task.objects.get(
            process=process,
            flow_task=getattr(InterpretationFlow, step),
            status__in=[STATUS.NEW, STATUS.ASSIGNED],
        )

    def url(self, task, action):
        step = task.flow_task.name
        return reverse(f"{NS}:{step}:{action}", args=[task.process_id, task.pk])

    def take(self, process, step):
        task = self.open_task(process, step)
        if task.status == STATUS.NEW:
            response = self.client.post(self.url(task, "assign"))
            assert response.status_code == 302, response.status_code
        return self.open_task(process, step)

    def submit(self, process, **overrides):
        task = self.take(process, "draft")
        return self.client.post(self.url(task, "execute"), package_data(**overrides, submit="1"))

    def review(self, process, step, decision="approve", comment=""):
        task = self.take(process, step)
        page = self.client.get(self.url(task, "execute"))
        assert page.status_code == 200
        data = {"decision": decision, "comment": comment}
        if step == "openness_review":
            data.update(CHECKLIST)
        response = self.client.post(self.url(task, "execute"), data)
        assert response.status_code == 302, response.content.decode()[:2000]
        return page

    def approve(self, process, *steps):
        """Each (username, step) in turn: that person logs in and approves the step."""
        for username, step in steps:
            self.login(username)
            self.review(process, step)


@pytest.fixture
def desk(client, db):
    load_units_and_people()
    return Desk(client)

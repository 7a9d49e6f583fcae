"""The demo packages: the city's 2018 openness work points (demo/zhanjiang-2018-...md),
湛府办〔2018〕22号, drafted by 湛江市人民政府办公室, with an interpretation written from its
content, and the departments' packages of demo_packages.py. Each is taken through the flow as its
people would: submitted by its drafter, then reviewed step by step (services.review), so the
published ones reach the portal through the approval's own outbox."""

import datetime
import re
from pathlib import Path

from django.conf import settings
from django.db import transaction

from base.organisation.models import Person
from base.privacy.confidentiality import Checklist
from base.privacy.models import Decision as PrivacyDecision
from base.privacy.models import Kind
from base.privacy.redaction import decide_all
from interpretation import rules
from interpretation.models import Decision, DocumentType, PolicyDocument
from publications import catalogue
from publications.models import Kind as PublicationKind
from publications.models import Topic
from workflows.interpretation import services
from workflows.interpretation.demo_packages import PACKAGES

SOURCE = Path(settings.BASE_DIR) / "demo" / "zhanjiang-2018-gongkai-yaodian.md"
NUMBER = "湛府办〔2018〕22号"
WRITTEN_ON = datetime.date(2018, 6, 29)  # 成文日期, as its timeline says
ISSUER = "湛江市人民政府办公室"

INTERPRETATION = {
    "forms": ["text", "graphic", "qa"],
    "channel": "湛江市人民政府网站、湛江发布微信公众号、政务微博",
    "timing": "与文件同步发布，图解于发布当日推送“两微一端”",
    "interpreter": "王强",
    "interpreter_title": "市政府办公室主任（第一解读人）",
    "contact": "市政府办公室政务公开科 0759-3333333",
    "background": (
        "为贯彻落实国务院办公厅、省政府办公厅2018年政务公开工作要点，结合湛江实际，"
        "市政府办公室起草了《湛江市2018年政务公开工作要点》，经市人民政府同意后印发。"
    ),
    "aims": (
        "全面提升政务公开的质量和实效，为促进湛江经济社会持续健康发展，加快建设北部湾中心城市"
        "和省域副中心城市营造良好的政务环境。"
    ),
    "main_content": (
        "要点共七个部分二十三项任务：围绕法治政府建设推进决策、监管和建议提案办理结果公开；"
        "加大财政预决算、重大建设项目、公共资源配置和社会公益事业等重点领域主动公开；"
        "深化政策解读，实行“谁起草、谁解读”；做好政务舆情回应；提升政务服务实效；"
        "加强政府网站、“两微一端”、政务热线和政府公报等平台建设；推进公开制度化、规范化。"
    ),
    "scope": "各县（市、区）人民政府（管委会），市府直属各单位。",
    "standards": (
        "重大突发事件，主管责任单位24小时内举行新闻发布会；其他政务舆情48小时内回应；"
        "办事条件发生变化的，完成审批程序后1个工作日内公开。"
    ),
    "notes": "涉及国家秘密、商业秘密和个人隐私的信息，公开前须依法严格审查。",
    "key_terms": (
        "谁起草、谁解读：政策文件起草部门同时负责解读，文件与解读材料同步报批、同步推进、同步公开。\n"
        "两微一端：政务微信、政务微博和移动客户端。"
    ),
    "benefits": (
        "群众可在政府网站集中查阅财政预决算、保障性住房分配等信息；政务热线整合到“12345”，"
        "一号对外、一站式服务。"
    ),
    "differences": "较2017年，新增建议提案办理复文全文公开和政务热线整合的要求。",
    "qa": [
        {
            "question": "发生重大突发事件后，政府多久发布权威信息？",
            "answer": "主管责任单位应在24小时内举行新闻发布会，并持续动态发布后续信息。",
        },
        {
            "question": "对其他政务舆情，回应时限是多少？",
            "answer": "应在48小时内予以回应。",
        },
        {
            "question": "政策文件由谁负责解读？",
            "answer": "实行“谁起草、谁解读”，起草部门同步起草解读材料，主要负责同志是第一解读人。",
        },
    ],
    "key_figures": [
        {"value": "24", "unit": "小时", "label": "重大突发事件新闻发布时限"},
        {"value": "48", "unit": "小时", "label": "其他政务舆情回应时限"},
        {"value": "1", "unit": "个工作日", "label": "办事条件变化后公开时限"},
        {"value": "23", "unit": "项", "label": "年度重点任务"},
    ],
    "timeline": [
        {"date": "2018年6月28日", "event": "市政府办公室印发工作要点"},
        {"date": "2018年6月29日", "event": "文件印发并主动公开"},
        {"date": "2018年12月", "event": "市政府办公室开展落实情况专项检查"},
    ],
    "chart": {
        "unit": "项",
        "items": [
            {"label": "法治政府", "value": 3.0},
            {"label": "重点领域", "value": 4.0},
            {"label": "政策解读", "value": 3.0},
            {"label": "舆情回应", "value": 3.0},
            {"label": "政务服务", "value": 3.0},
            {"label": "平台建设", "value": 4.0},
            {"label": "制度建设", "value": 3.0},
        ],
    },
}


def source_text():
    """The notice as plain text: markdown markers and the scan's line breaks removed."""
    lines = []
    for raw in SOURCE.read_text(encoding="utf-8").splitlines():
        line = re.sub(r"^#+\s*|\*\*", "", raw).strip()
        if line and line != "---":
            lines.append(line)
    return "\n".join(lines)


# 保密审查 at the openness review: nothing in the demo texts is secret or private
NOTHING_TO_WITHHOLD = Checklist(
    state_secret=False, trade_secret=False, personal_privacy=False, process_info=False
)
# who approves 湛府办〔2018〕22号 (其他政策文件: no legal review)
ROUTE = [("leader", "sign_off"), ("reviewer", "openness_review"), ("issuer", "issue")]


@transaction.atomic
def load_demo_package(until="sign_off"):
    """Creates the demo package once; it waits in `draft`, in `sign_off` once submitted, or
    is approved and published (`until="publish"`). None when it exists already."""
    if PolicyDocument.objects.filter(issuing_body=ISSUER, number=NUMBER).exists():
        return None
    drafter = Person.objects.get(username="drafter")
    document = PolicyDocument(
        title="湛江市人民政府办公室关于印发湛江市2018年政务公开工作要点的通知",
        number=NUMBER,
        issuing_body=ISSUER,
        doc_type=DocumentType.OTHER,
        summary=(
            "部署全市2018年政务公开工作：围绕法治政府、重点领域、政策解读、舆情回应、政务服务、"
            "平台建设和制度建设七个方面，提出二十三项重点任务。"
        ),
        body=source_text(),
    )
    process = services.start(drafter, document, **INTERPRETATION)
    if until != "draft":
        services.submit(drafter, process)
    if until == "publish":
        # filed before publication, so that the first delivery already carries it: the
        # document was signed in 2018, not on the day the demo publishes it
        catalogue.file_under(
            PublicationKind.POLICY, document.pk, Topic.GENERAL, drafter, WRITTEN_ON
        )
        take(process, ROUTE)
    return process


def take(process, route):
    """Each reviewer of `route` in turn decides on the package (see demo_packages)."""
    for username, step, *comment in route:
        person = Person.objects.get(username=username)
        decision = Decision.RETURN if comment else Decision.APPROVE
        checklist = NOTHING_TO_WITHHOLD if step == "openness_review" else None
        if checklist and not comment:
            keep_office_numbers(person, process.artifact)
        services.review(person, process, step, decision, *comment, checklist=checklist)


def keep_office_numbers(reviewer, document):
    """The reviewer keeps the office telephone numbers the package prints (the contact line
    of 五公开): an office's own line is public; a person's would be masked."""
    texts = [text for text in rules.published_texts(document) if text.field == "contact"]
    for text in texts:
        for item in text.assess().findings:
            if item.kind == Kind.LANDLINE and item.open:
                decide_all(reviewer, texts, Kind.LANDLINE, item.text, PrivacyDecision.KEEP)


@transaction.atomic
def load_package(drafter, document, interpretation, route):
    """One package of demo_packages.py, once: None when it exists already."""
    if PolicyDocument.objects.filter(
        issuing_body=document["issuing_body"], number=document["number"]
    ).exists():
        return None
    person = Person.objects.get(username=drafter)
    process = services.start(person, PolicyDocument(**document), **interpretation)
    services.submit(person, process)
    take(process, route)
    return process


def load_demo_packages():
    """湛府办〔2018〕22号 published, and the departments' packages at their steps; returns
    the processes created now."""
    created = [load_package(**package) for package in PACKAGES]
    # last, so that it leads the portal's list
    created.append(load_demo_package(until="publish"))
    created = [process for process in created if process is not None]
    for process in created:
        process.refresh_from_db()  # the activations moved it on
    return created

"""Publishing in tests the real way: the outbox writes the version and its event, then the
portal target delivers the event, exactly as the pipeline would. Renditions are files the
pipeline makes; here they are written under a temporary MEDIA_ROOT (the media_root fixture
of tests/web/conftest.py).
"""

import hashlib
from pathlib import Path

from django.conf import settings

from publications import outbox, targets
from publications.models import Action, Event, Kind, Rendition
from tests.factories import UnitFactory

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def policy_fields(number="湛府办〔2026〕22号", **changes):
    return {
        "number": number,
        "issuing_body": "湛江市人民政府办公室",
        "doc_type": "行政规范性文件",
        "effective_from": "2026-06-01",
        "expires_on": "",
        "livelihood": True,
        **changes,
    }


def interpretation_fields(document_title, number="湛府办〔2026〕22号", **changes):
    return {
        "document_title": document_title,
        "number": number,
        "forms": ["文字解读", "图文/图解"],
        "graphic": True,
        "interpreter": "张三",
        "interpreter_title": "局长",
        "sections": [
            {"heading": "背景依据", "text": "依据国务院办公厅有关要求。"},
            {"heading": "主要内容", "text": "对困难群众发放临时救助金。\n\n申请材料从简。"},
        ],
        "key_figures": [
            {"value": "3000", "unit": "元", "label": "最高救助金额"},
            {"value": "5", "unit": "个工作日", "label": "审批时限"},
        ],
        "timeline": [{"date": "2026年6月1日", "event": "开始受理申请"}],
        "qa": [{"q": "谁可以申请？", "a": "本市户籍困难群众。"}],
        "video_url": "",
        "audio_url": "",
        **changes,
    }


def reply_fields(**changes):
    return {
        "proposal_kind": "建议",
        "proposal_number": "第十五届第五次会议第12号",
        "proposal_title": "关于加强校园安全的建议",
        "session": "第15届第5次会议",
        "result_class": "A",
        "result_label": "已解决或采纳",
        "disclosure": "全文公开",
        "round": 1,
        "sent_on": "2026-06-01",
        "letter_number": "湛教函〔2026〕12号",
        **changes,
    }


def event_of(version):
    return Event.objects.filter(version=version, action=Action.PUBLISH).latest("pk")


def deliver(event):
    targets.get(targets.PORTAL).deliver(event)


def add_file(version, name, content, content_type):
    """A rendition the pipeline made from the version, stored under MEDIA_ROOT."""
    publication = version.publication
    relative = f"publications/{publication.key}/v{version.number}/{name}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return Rendition.objects.create(
        version=version,
        name=name,
        path=relative,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )


def attachment(name, content, content_type, folder="attachments"):
    """An attachment as the outbox records it (the file stored under MEDIA_ROOT)."""
    relative = f"{folder}/{name}"
    path = Path(settings.MEDIA_ROOT) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return {
        "name": name,
        "path": relative,
        "sha256": hashlib.sha256(content).hexdigest(),
        "size": len(content),
        "content_type": content_type,
    }


def publish(kind, source_id, unit=None, *, deliver_it=True, files=(), **content):
    """The next version of an item; delivered to the portal unless `deliver_it` is off.
    `files` are renditions: (name, bytes, content type)."""
    unit = unit or UnitFactory(name="湛江市民政局")
    content.setdefault("title", f"{Kind(kind).label}{source_id}")
    version = outbox.publish(kind, source_id, unit, actor="test", **content)
    for name, data, content_type in files:
        add_file(version, name, data, content_type)
    if deliver_it:
        deliver(event_of(version))
    return version


def withdraw(publication, deliver_it=True):
    outbox.withdraw(publication, "信息有误，撤回更正。", actor="test")
    event = Event.objects.filter(publication=publication, action=Action.WITHDRAW).latest("pk")
    if deliver_it:
        deliver(event)
    return event


def policy_with_interpretation(
    source_id,
    unit=None,
    title="关于发放临时救助金的通知",
    deliver_document=True,
    deliver_reading=True,
    **policy,
):
    """A policy and its interpretation with a graphic form, published together and linked
    (delivered to the portal unless told otherwise)."""
    document = publish(
        Kind.POLICY,
        source_id,
        unit,
        title=title,
        summary="明确临时救助金的对象、标准和申请程序。",
        body="第一条 为做好临时救助工作，制定本通知。\n\n第二条 本通知自2026年6月1日起施行。",
        fields=policy_fields(**policy),
        deliver_it=deliver_document,
    )
    reading = publish(
        Kind.INTERPRETATION,
        source_id,
        unit,
        title=f"《{title}》政策解读",
        summary="依据国务院办公厅有关要求。",
        body="背景依据\n依据国务院办公厅有关要求。",
        fields=interpretation_fields(title),
        files=[
            ("infographic.pdf", PDF, "application/pdf"),
            ("infographic-1.png", PNG, "image/png"),
            ("infographic-2.png", PNG, "image/png"),
            ("long.png", PNG, "image/png"),
            ("card.png", PNG, "image/png"),
        ],
        deliver_it=deliver_reading,
    )
    outbox.link(document.publication, reading.publication)
    return document, reading


def reply(source_id, unit=None, title=None, deliver_it=True, **fields):
    return publish(
        Kind.REPLY,
        source_id,
        unit,
        deliver_it=deliver_it,
        title=title or f"关于市十五届人大五次会议第{source_id}号建议的答复",
        summary="关于加强校园安全的建议",
        body="王代表：\n\n您提出的关于加强校园安全的建议收悉，现答复如下。",
        fields=reply_fields(**fields),
        files=[("letter.pdf", PDF, "application/pdf")],
    )

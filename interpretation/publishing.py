"""What the public gets of an approved package: the policy document and its interpretation,
published together (同步公开), each linking the other.

Every text passes through `published_text`, so what reaches the public is de-identified; the
interpretation's plan (channel, timing) stays internal, and its contact line is printed only
on the infographic, as reviewed (printed_fields).
"""

from copy import copy as shallow

from django.utils.translation import override

from base.privacy.redaction import published_text
from interpretation import infographic, printed_fields, rules
from interpretation.models import InterpretationForm
from publications import outbox
from publications.models import Kind

SECTIONS = [
    ("background", "背景依据"),
    ("aims", "目标任务"),
    ("main_content", "主要内容"),
    ("scope", "适用范围"),
    ("standards", "执行标准"),
    ("benefits", "惠民利民举措"),
    ("differences", "新旧政策差异"),
    ("notes", "注意事项"),
    ("key_terms", "关键词注释"),
]


def _date(day):
    return day.isoformat() if day else ""


def policy_content(document):
    public = lambda field: published_text(document, field, getattr(document, field))  # noqa: E731
    return {
        "title": document.title,
        "summary": public("summary"),
        "body": public("body"),
        "fields": {
            "number": document.number,
            "issuing_body": document.issuing_body,
            "doc_type": str(document.get_doc_type_display()),
            "effective_from": _date(document.effective_from),
            "expires_on": _date(document.expires_on),
            "livelihood": document.livelihood,
        },
        # an attachment with personal data masked goes out as its masked copy, never as uploaded
        "attachments": [
            rules.public_attachment(attachment)
            for attachment in document.attachments.order_by("pk")
        ],
    }


def interpretation_content(document):
    interpretation = document.interpretation
    printed = printed_fields.masked(interpretation)

    sections = [
        {"heading": heading, "text": interpretation_content_field(document, field)}
        for field, heading in SECTIONS
        if getattr(interpretation, field).strip()
    ]
    qa = [{"q": item["question"], "a": item["answer"]} for item in public_qa(interpretation)]
    return {
        "title": f"《{document.title}》政策解读",
        "summary": sections[0]["text"][:200] if sections else "",
        "body": "\n\n".join(f"{s['heading']}\n{s['text']}" for s in sections),
        "fields": {
            "document_title": document.title,
            "number": document.number,
            "forms": [str(label) for label in interpretation.form_labels],
            "graphic": InterpretationForm.GRAPHIC in interpretation.forms,
            "interpreter": printed.interpreter,
            "interpreter_title": printed.interpreter_title,
            "sections": sections,
            "key_figures": printed.key_figures,
            "timeline": printed.timeline,
            "qa": qa,
            "video_url": interpretation.video_url,
            "audio_url": interpretation.audio_url,
        },
    }


def publish(document, actor):
    """Queues both publications in the caller's transaction; nothing for a package that may
    not reach the portal (依申请公开, 不予公开, not approved)."""
    if not rules.may_reach_portal(document):
        return None
    unit = document.drafting_unit
    with override("zh-hans"):  # the public record is Chinese whoever approved it
        policy = outbox.publish(
            Kind.POLICY, document.pk, unit, actor=actor, **policy_content(document)
        )
        reading = outbox.publish(
            Kind.INTERPRETATION, document.pk, unit, actor=actor, **interpretation_content(document)
        )
    outbox.link(policy.publication, reading.publication)
    return policy, reading


def public_copy(document):
    """An unsaved copy of the package with every text de-identified, for the public files."""
    copy = shallow(document)
    for field in ("summary", "body"):
        setattr(copy, field, published_text(document, field, getattr(document, field)))
    interpretation = printed_fields.masked(document.interpretation)
    for field, _heading in SECTIONS:
        setattr(interpretation, field, interpretation_content_field(document, field))
    interpretation.qa = public_qa(document.interpretation)
    copy.interpretation = interpretation
    return copy


def public_qa(interpretation):
    """The Q&A items de-identified, each part under the field name the reviewer saw."""
    return [
        {
            part: published_text(interpretation, f"qa.{n}.{part}", str(item.get(part, "")))
            for part in ("question", "answer")
        }
        for n, item in enumerate(interpretation.qa or [], start=1)
    ]


def interpretation_content_field(document, field):
    interpretation = document.interpretation
    return published_text(interpretation, field, getattr(interpretation, field))


def renditions(document):
    """The graphic interpretation's files, for an interpretation in graphic form:
    {name: path}."""
    if InterpretationForm.GRAPHIC not in document.interpretation.forms:
        return {}
    outputs = infographic.all_outputs(public_copy(document))
    files = {"infographic.pdf": outputs["pdf"], "long.png": outputs["long"]}
    files.update({f"infographic-{n}.png": page for n, page in enumerate(outputs["pages"], 1)})
    files["card.png"] = outputs["card"]
    return files

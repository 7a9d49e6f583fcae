"""What the answer letter says, sentence by sentence, for each way an application is answered.

Every sentence reads for a person (您) and for an organisation (贵单位) alike, and cites the
article of 《中华人民共和国政府信息公开条例》 that the category's row carries
(`AnswerCategory.basis_text`), so that an office that rewords a basis in the admin sees it
in its letters. A category whose facts are not recorded (the grounds of a refusal, the organ
that holds the information) still reads whole without them.
"""

import re
from pathlib import PurePath

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import ApplicantKind
from base.text import enumerate_items
from proposals.letter import written_date

# the description is quoted in the letter's first sentence: a long one is cut at a clause
DESCRIPTION_LIMIT = 80
CLAUSE_END = "。；;，,、！？!?"
CUT_AT = ("。；;！？!?", "，,", "、")


def addressee(application):
    """张三： / 湛江某某有限公司："""
    return f"{application.name.strip()}："


def you(application):
    return _("您") if application.applicant_kind == ApplicantKind.NATURAL else _("贵单位")


def quoted(description, limit=DESCRIPTION_LIMIT):
    """The description as one line for quotation marks: lines joined by a semicolon, no
    final full stop, and when longer than `limit` characters, cut after the last clause that
    fits and ended with an ellipsis."""
    lines = [line.strip() for line in description.replace("\r", "").split("\n") if line.strip()]
    text = ""
    for line in lines:
        if text and text[-1] not in CLAUSE_END:
            text += "；"
        text += line
    text = re.sub(r"\s+", " ", text).rstrip("。；;，, ")
    # quoted within the letter's quotation marks: the applicant's own become single ones
    text = text.replace("“", "‘").replace("”", "’")
    if len(text) <= limit:
        return text
    head = text[:limit]
    for marks in CUT_AT:  # the end of a sentence before that of a clause, before a 顿号
        cut = max(head.rfind(mark) for mark in marks)
        if cut >= limit // 2:
            head = head[:cut]
            break
    return head.rstrip(CLAUSE_END + " ") + "……"


def file_titles(application):
    """《2026年学位安排》、《招生计划表》: the files provided, named without extension."""
    names = [PurePath(f.name).stem or f.name for f in application.answer_files.all()]
    # 标点符号用法 (GB/T 15834-2011): no 顿号 between titles in 书名号 (《甲》《乙》)
    return enumerate_items(f"《{name}》" for name in names).replace("》、《", "》《")


def opening(application):
    values = {
        "day": written_date(application.received_on or application.submitted_on),
        "you": you(application),
        "what": quoted(application.description),
    }
    return _("本机关于%(day)s收到%(you)s提出的政府信息公开申请，申请公开“%(what)s”。") % values


def clock(application):
    """What happened to the time the law gives: a completion, a third party, an extension."""
    sentences = []
    correction = getattr(application, "correction", None)
    if correction is not None and correction.received_on:
        sentences.append(
            _("经告知补正，本机关于%(day)s收到补正后的申请。")
            % {"day": written_date(correction.received_on)}
        )
    if application.consultations.exists():
        sentences.append(_("因申请公开的信息涉及第三方合法权益，本机关依法征求了第三方意见。"))
    extension = getattr(application, "extension", None)
    if extension is not None:
        sentences.append(
            _("经批准，本机关延长答复期限%(days)d个工作日，并已于%(day)s告知%(you)s。")
            % {
                "days": extension.working_days,
                "day": written_date(extension.notified_on),
                "you": you(application),
            }
        )
    return "".join(sentences)


# 不予公开: why, as the regulation puts each ground
REFUSED = {
    "secret": gettext_lazy("属于国家秘密"),
    "forbidden": gettext_lazy("属于法律、行政法规禁止公开的信息"),
    "safety": gettext_lazy("公开后可能危及国家安全、公共安全、经济安全、社会稳定"),
    "third_party": gettext_lazy("涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害"),
    "internal": gettext_lazy("属于人事管理、后勤管理、内部工作流程等内部事务信息"),
    "process": gettext_lazy(
        "属于在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告等过程性信息"
    ),
    "enforcement_file": gettext_lazy("属于行政执法案卷信息"),
}


def decision(application):
    """The decision's paragraphs, with the article it rests on."""
    code = application.category.code
    group, _dot, line = code.partition(".")
    values = {
        "you": you(application),
        "basis": application.category.basis_text or _("有关规定"),
        "files": file_titles(application),
        "grounds": application.withheld_grounds.strip().rstrip("。") + "。"
        if application.withheld_grounds.strip()
        else "",
        "holder": application.holder.strip(),
    }
    handler = DECISIONS.get(code) or DECISIONS.get(group) or _other
    return [text for text in handler(application, line, values) if text]


def _provided(values, sentence):
    if values["files"]:
        return sentence + _("现向%(you)s提供：%(files)s。") % values
    return sentence + _("相关信息随本答复书一并提供。")


def _granted(application, line, values):
    yield _provided(
        values,
        _("%(you)s申请公开的政府信息属于公开范围。根据%(basis)s的规定，本机关予以公开。") % values,
    )


def _partial(application, line, values):
    yield _provided(
        values,
        _(
            "%(you)s申请公开的政府信息中含有不应当公开的内容。根据%(basis)s的规定，本机关"
            "对可以公开的部分作区分处理后予以提供。"
        )
        % values,
    )
    if values["grounds"]:
        yield _("不予公开的部分及理由：%(grounds)s") % values


def _refused(application, line, values):
    if line == "inquiry":
        yield (
            _(
                "%(you)s申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的行政查询事项。"
                "根据%(basis)s的规定，请%(you)s依照有关法律、行政法规的规定办理查询。"
            )
            % values
        )
        return
    reason = REFUSED.get(line, _("不属于可以公开的政府信息"))
    yield _("%(you)s申请公开的政府信息%(reason)s。根据%(basis)s的规定，本机关不予公开。") % {
        **values,
        "reason": reason,
    }
    if values["grounds"]:
        yield _("具体理由：%(grounds)s") % values


def _unable(application, line, values):
    if line == "not_held":
        yield (
            _(
                "经检索，本机关未制作或获取%(you)s申请公开的政府信息。根据%(basis)s的规定，"
                "本机关无法提供。"
            )
            % values
        )
        if values["holder"]:
            yield _("经了解，该政府信息由%(holder)s负责公开，%(you)s可以向其提出申请。") % values
    elif line == "to_be_made":
        yield (
            _(
                "本机关没有%(you)s申请的现成信息，需要对现有政府信息进行加工、分析方能形成。"
                "根据%(basis)s的规定，本机关无法提供。"
            )
            % values
        )
    else:
        yield (
            _(
                "%(you)s补正后的申请内容仍不明确，本机关无法确定%(you)s所需的政府信息。"
                "根据%(basis)s的规定，本机关无法提供。"
            )
            % values
        )


NOT_HANDLED = {
    "petition": gettext_lazy(
        "%(you)s的申请属于以政府信息公开申请的形式进行信访、投诉、举报等活动。根据%(basis)s"
        "的规定，本机关不作为政府信息公开申请处理，%(you)s可以通过信访、投诉、举报等相应渠道提出。"
    ),
    "repeated": gettext_lazy(
        "本机关已就%(you)s申请公开的相同政府信息作出答复。根据%(basis)s的规定，本机关不予重复处理。"
    ),
    "publication": gettext_lazy(
        "%(you)s申请获取的是政府公报、报刊、书籍等公开出版物。根据%(basis)s的规定，"
        "%(you)s可以通过公开发行渠道或者图书馆、档案馆等场所获取。"
    ),
    "abusive": gettext_lazy(
        "%(you)s申请公开政府信息的数量、频次明显超过合理范围，经要求说明理由，本机关认为申请"
        "理由不合理。根据%(basis)s的规定，本机关不予处理。"
    ),
    "confirm": gettext_lazy(
        "%(you)s的申请是要求本机关确认或者重新出具已获取的信息。根据%(basis)s的规定，本机关"
        "不作为政府信息公开申请处理。"
    ),
}


def _not_handled(application, line, values):
    yield NOT_HANDLED.get(line, NOT_HANDLED["repeated"]) % values


def _other(application, line, values):
    if line == "no_correction":
        correction = getattr(application, "correction", None)
        asked = (
            _("本机关于%(day)s告知%(you)s补正申请，")
            % {"day": written_date(correction.asked_on), "you": values["you"]}
            if correction
            else ""
        )
        yield (
            asked
            + _(
                "%(you)s无正当理由逾期未补正。根据%(basis)s的规定，视为%(you)s放弃申请，"
                "本机关不再处理该政府信息公开申请。"
            )
            % values
        )
    elif line == "no_fee":
        yield (
            _(
                "%(you)s逾期未按收费通知要求缴纳信息处理费。根据%(basis)s的规定，本机关不再处理"
                "该政府信息公开申请。"
            )
            % values
        )
    else:
        yield values["grounds"] or _("本机关已对%(you)s的申请作出处理。") % values


DECISIONS = {
    "granted": _granted,
    "partial": _partial,
    "refused": _refused,
    "unable": _unable,
    "not_handled": _not_handled,
    "other": _other,
}


def remedies(body):
    return _(
        "如对本答复不服，可以自收到本答复之日起60日内向%(body)s申请行政复议，或者自收到本答复"
        "之日起6个月内向有管辖权的人民法院提起行政诉讼。"
    ) % {"body": body}


def paragraphs(application, reconsideration_body):
    """The letter's text after the salutation, a paragraph a string."""
    first = opening(application) + clock(application) + _("现答复如下：")
    return [first, *decision(application), remedies(reconsideration_body)]

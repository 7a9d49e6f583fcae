"""The answer letter (政府信息公开申请答复书) as a PDF in GB/T 9704-2012's letter format.

It is laid out as the proposals' reply letter is (proposals/letter.py): the same stylesheet
(the organ's name in red, the red double lines, 22 lines of 28 characters in 仿宋, the title
in 小标宋, page numbers from the second page, the date in Arabic numerals as §7.3.5.4 of the
2012 edition asks) and the same composition (proposals/composition.py), so that two letters
of one office never differ in form.

What it says follows 《中华人民共和国政府信息公开条例》: the application as received, what
happened to its clock (补正, a third party's opinion, an extension), the decision with its
article (the category's `basis_text`, which the office may word its own way), and the notice
of the right to 行政复议 within 60 days and 行政诉讼 within 6 months (行政复议法第二十条,
行政诉讼法第四十六条). The sentences are per category in applications/answer_text.py.

The reconsideration body is the people's government of the organ's level (行政复议法
(2023) 第二十四条: a government's department answers to that government; a district's
government to the city's), unless the organ's `AnswerSetup` names another (a vertically
managed organ's superior, say).
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from applications import answer_text
from applications.models import AnswerSetup, Application
from base.organisation.models import Unit, UnitKind
from proposals.letter import STYLESHEET, Paragraph, composed_pdf, written_date

TEMPLATE = "applications/answer_letter.html"  # on the reply letter's STYLESHEET
GOVERNMENT = "人民政府"


class NoAnswer(Exception):
    """No application of that number, or one not yet answered."""


def answer_number(application):
    """湛府办依申复〔2026〕1号: the receipt number with 复 for the answer (答复)."""
    number = application.receipt_number
    return number.replace("依申〔", "依申复〔", 1) if "依申〔" in number else number


def setup_of(organ):
    return AnswerSetup.objects.filter(organ=organ).first() or AnswerSetup(organ=organ)


def reconsideration_body(organ):
    """Where the applicant may ask for a reconsideration: the organ's own setting, else the
    people's government of its level (a district's department: the district's; a district's
    government: the city's; the city's departments and office: the city's)."""
    named = setup_of(organ).reconsideration_body.strip()
    if named:
        return named
    city = _city_government()
    for district in Unit.objects.filter(kind=UnitKind.DISTRICT).only("pk", "name"):
        place = district.name.removesuffix(GOVERNMENT)
        if organ.pk == district.pk:
            return city
        if place != district.name and organ.name.startswith(place):
            return district.name
    return city


def _city_government():
    """湛江市人民政府, from its office's name (湛江市人民政府办公室)."""
    office = Unit.objects.filter(kind=UnitKind.GOVERNMENT_OFFICE, parent_unit=None).first()
    suffix = GOVERNMENT + "办公室"
    if office and office.name.endswith(suffix):
        return office.name.removesuffix("办公室")
    return _("本级人民政府")


def answer_context(application):
    organ = application.organ
    setup = setup_of(organ)
    contact = "，".join(
        f"{label}：{value}"
        for label, value in [
            (_("联系人"), setup.contact_name),
            (_("联系电话"), setup.contact_phone),
        ]
        if value.strip()
    )
    day = application.answered_on or timezone.localdate()
    paragraphs = answer_text.paragraphs(application, reconsideration_body(organ))
    # WeasyPrint (which the fetcher imports) is loaded only by a process that renders
    from base.rendering.fetcher import static_url

    return {
        "stylesheet": static_url(STYLESHEET),
        "organ": organ.name,
        "number": answer_number(application),
        "title": _("政府信息公开申请答复书"),
        "addressee": answer_text.addressee(application),
        "paragraphs": [Paragraph(text) for text in paragraphs],
        "date": written_date(day),
        "contact": contact,
    }


def answer_pdf(application):
    """The path of the letter's PDF, laid out as a reply letter is. The letter is the organ's
    document, in Chinese whatever the language of the page it is downloaded from: the signer
    signs the text the applicant receives."""
    with override("zh-hans"):
        return composed_pdf("answer-letters", answer_context(application), TEMPLATE)


def answered(receipt_number):
    """The application of that receipt number, with an answer category to print."""
    application = (
        Application.objects.select_related("organ", "category")
        .filter(receipt_number=receipt_number.strip())
        .first()
    )
    if application is None:
        raise NoAnswer(_("没有受理编号为“%(number)s”的申请。") % {"number": receipt_number})
    if application.category is None:
        raise NoAnswer(_("申请%(number)s尚未确定答复类型。") % {"number": receipt_number})
    return application

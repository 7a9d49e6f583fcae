"""Handling an application, step by step: plain functions that check what they are given,
record it and leave an audit record, all or nothing. The flow (workflows/applications) calls
them from its pages; the demo and tests call them the same way.

Each refuses bad input with a ValidationError in the staff's words and changes nothing.
"""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications import receiving
from applications.models import (
    EXTENSION_LIMIT,
    AnswerCategory,
    Consultation,
    Correction,
    Extension,
)
from base import audit

PARTIAL = "partial"
NO_CORRECTION = "other.no_correction"
CORRECTION_LONGEST = 366  # days: a time to complete beyond a year is a mistyped year


def _after_receipt(application, day, field):
    if application.received_on is None:
        raise ValidationError(_("尚未确认收到申请。"))
    if day < application.received_on:
        raise ValidationError(
            {
                field: _("日期不能早于收到申请之日（%(day)s）。")
                % {"day": _date(application.received_on)}
            }
        )
    _not_after_today(day, field)


def _not_after_today(day, field):
    """What has happened is dated today at the latest: a mistyped year would otherwise stop
    the answer's clock (or run it off the calendar)."""
    if day > timezone.localdate():
        raise ValidationError({field: _("日期不能晚于今天，请核对。")})


def _date(day):
    return date_format(day, "DATE_FORMAT")


@transaction.atomic
def confirm_receipt(application, actor, *, confirmed_on=None):
    """The date of receipt by channel (条例第三十一条): given for an application handed in or
    signed for; confirmed with the applicant for one that came online, by letter or fax."""
    if confirmed_on is None and application.received_on is not None:
        day = application.received_on  # dated when it was registered
    else:
        day = receiving.date_of_receipt(
            application.channel,
            application.submitted_on,
            signed_on=confirmed_on,
            confirmed_on=confirmed_on,
        )
    if day is None:
        raise ValidationError({"confirmed_on": _("请填写与申请人确认收到申请的日期。")})
    if day > timezone.localdate():
        raise ValidationError({"confirmed_on": _("收到申请之日不能晚于今天。")})
    before = application.received_on
    application.received_on = day
    application.save(update_fields=["received_on"])
    audit.record(
        actor,
        "applications.receipt_confirmed",
        application,
        channel=application.channel,
        before=before and before.isoformat(),
        after=day.isoformat(),
    )
    return day


@transaction.atomic
def assign(application, unit, actor):
    """分办: the unit that holds the information answers through its clerk; the organ's own
    office may hold it itself."""
    if unit is None or not unit.is_active:
        raise ValidationError({"unit": _("请选择一个启用的承办单位。")})
    before = application.unit_id
    application.unit = unit
    application.save(update_fields=["unit"])
    audit.record(actor, "applications.assigned", application, before=before, after=unit.pk)


@transaction.atomic
def ask_correction(application, actor, *, what, asked_on, reply_by):
    """告知补正, once (条例第三十条): the answer's clock stops until the completion arrives."""
    if Correction.objects.filter(application=application).exists():
        raise ValidationError(_("本申请已告知过一次补正，不能再次要求补正。"))
    if not (what or "").strip():
        raise ValidationError({"what": _("请写明需要补正的事项。")})
    _after_receipt(application, asked_on, "asked_on")
    if reply_by <= asked_on:
        raise ValidationError({"reply_by": _("补正期限应晚于告知补正之日。")})
    if reply_by > asked_on + timedelta(days=CORRECTION_LONGEST):
        raise ValidationError(
            {"reply_by": _("补正期限过长：应在告知补正之日起一年以内，请核对年份。")}
        )
    correction = Correction.objects.create(
        application=application, what=what.strip(), asked_on=asked_on, reply_by=reply_by
    )
    audit.record(
        actor,
        "applications.correction_asked",
        application,
        asked_on=asked_on.isoformat(),
        reply_by=reply_by.isoformat(),
    )
    return correction


@transaction.atomic
def record_correction(application, actor, *, received_on):
    """The completed application arrived: the 20 working days start again from that day."""
    correction = _open_correction(application)
    _not_after_today(received_on, "received_on")
    if received_on < correction.asked_on:
        raise ValidationError(
            {
                "received_on": _("收到补正之日不能早于告知补正之日（%(day)s）。")
                % {"day": _date(correction.asked_on)}
            }
        )
    correction.received_on = received_on
    correction.save(update_fields=["received_on"])
    audit.record(actor, "applications.correction_received", application, on=received_on.isoformat())


@transaction.atomic
def correction_lapsed(application, actor, *, on):
    """The applicant let the time pass without reason: the application is no longer handled
    (条例第三十条, table 三 （六）1); the day recorded is when the office closed it."""
    correction = _open_correction(application)
    _not_after_today(on, "on")
    if on <= correction.reply_by:
        raise ValidationError(
            {"on": _("补正期限（%(day)s）尚未届满。") % {"day": _date(correction.reply_by)}}
        )
    application.category = AnswerCategory.objects.get(code=NO_CORRECTION)
    application.answered_on = on
    application.save(update_fields=["category", "answered_on"])
    audit.record(actor, "applications.correction_lapsed", application, on=on.isoformat())


def _open_correction(application):
    correction = Correction.objects.filter(application=application).first()
    if correction is None or correction.received_on is not None:
        raise ValidationError(_("本申请没有待补正的事项。"))
    return correction


@transaction.atomic
def consult(application, actor, *, third_party, sent_on):
    """征求第三方意见 (条例第三十二条): the third party's time is not counted."""
    if not (third_party or "").strip():
        raise ValidationError({"third_party": _("请填写第三方名称。")})
    _after_receipt(application, sent_on, "sent_on")
    consultation = Consultation.objects.create(
        application=application, third_party=third_party.strip(), sent_on=sent_on
    )
    audit.record(actor, "applications.consulted", application, third_party=consultation.third_party)
    return consultation


def open_consultation(application):
    return application.consultations.filter(answered_on__isnull=True).order_by("pk").first()


@transaction.atomic
def record_opinion(application, actor, *, answered_on, opinion):
    """The third party's opinion arrived (or its 15 working days passed: say so)."""
    consultation = open_consultation(application)
    if consultation is None:
        raise ValidationError(_("本申请没有待回复的第三方意见。"))
    _not_after_today(answered_on, "answered_on")
    if answered_on < consultation.sent_on:
        raise ValidationError(
            {
                "answered_on": _("收到意见之日不能早于征求意见之日（%(day)s）。")
                % {"day": _date(consultation.sent_on)}
            }
        )
    if not (opinion or "").strip():
        raise ValidationError({"opinion": _("请填写第三方的意见（逾期未提出意见的，请写明）。")})
    consultation.answered_on, consultation.opinion = answered_on, opinion.strip()
    consultation.save(update_fields=["answered_on", "opinion"])
    audit.record(actor, "applications.opinion_received", application, on=answered_on.isoformat())


@transaction.atomic
def extend(application, actor, *, working_days, approved_by, approved_on, reason, notified_on):
    """延期答复 (条例第三十三条): once, at most 20 working days, approved by the head of the
    openness work and told to the applicant."""
    if Extension.objects.filter(application=application).exists():
        raise ValidationError(_("本申请已延期答复过一次。"))
    if not working_days or not 1 <= working_days <= EXTENSION_LIMIT:
        raise ValidationError(
            {"working_days": _("延长答复期限最长不得超过%(n)d个工作日。") % {"n": EXTENSION_LIMIT}}
        )
    if not (approved_by or "").strip():
        raise ValidationError({"approved_by": _("请填写批准延期的负责人。")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("请写明延期理由。")})
    _after_receipt(application, approved_on, "approved_on")
    if notified_on < approved_on:
        raise ValidationError({"notified_on": _("告知申请人之日不能早于批准之日。")})
    _not_after_today(notified_on, "notified_on")
    extension = Extension.objects.create(
        application=application,
        working_days=working_days,
        approved_by=approved_by.strip(),
        approved_on=approved_on,
        reason=reason.strip(),
        notified_on=notified_on,
    )
    audit.record(
        actor,
        "applications.extended",
        application,
        working_days=working_days,
        approved_by=extension.approved_by,
    )
    return extension


@transaction.atomic
def draft_answer(
    application, actor, *, category, withheld_grounds="", subject="", propose_active=False
):
    """The answer's content: its category (the annual report's line), for a partial answer
    what is withheld and why, and the subject under which the same request is grouped."""
    if category is None:
        raise ValidationError({"category": _("请选择答复类型。")})
    if not category.is_active:
        raise ValidationError({"category": _("该答复类型已停用，请选择其他类型。")})
    grounds = (withheld_grounds or "").strip()
    if category.code == PARTIAL and not grounds:
        raise ValidationError({"withheld_grounds": _("部分公开的，请写明不予公开的部分及理由。")})
    application.category = category
    application.withheld_grounds = grounds
    application.subject = (subject or "").strip()
    application.propose_active = bool(propose_active)
    application.save(update_fields=["category", "withheld_grounds", "subject", "propose_active"])
    audit.record(
        actor,
        "applications.answer_drafted",
        application,
        category=category.code,
        propose_active=application.propose_active,
    )


@transaction.atomic
def send_answer(application, actor, *, on=None):
    """The signed answer goes out today: the day the annual report counts it answered."""
    if application.category_id is None:
        raise ValidationError(_("答复尚未选择答复类型。"))
    day = on or timezone.localdate()
    application.answered_on = day
    application.save(update_fields=["answered_on"])
    audit.record(actor, "applications.answered", application, on=day.isoformat())


def needs_confirming(application):
    """An application whose date of receipt is the day the organ confirmed it."""
    return application.channel in receiving.CONFIRMED and application.received_on is None


def sign(application, actor, *, approved, comment=""):
    """签发: the head approves the drafted answer, or returns it with what to change."""
    comment = (comment or "").strip()
    if not approved and not comment:
        raise ValidationError({"comment": _("退回修改的，请写明意见。")})
    if approved and application.category_id is None:
        raise ValidationError(_("答复尚未选择答复类型。"))
    audit.record(
        actor,
        "applications.signed" if approved else "applications.answer_returned",
        application,
        comment=comment,
    )

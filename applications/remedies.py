"""行政复议 and 行政诉讼 about an answer: the office records each as it is filed and again when
it ends, and table 四 of the annual report counts them (applications/annual_tables.py), so the
table is changed only through these records.

Only an answered application can be the subject of one (the applicant contests an answer or
its lateness, 条例第五十一条), filed on or after the answer's day; a case that has ended has
its result and the day it ended, one still open has neither. No day is after today.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from applications.models import Remedy
from base import audit

PENDING = Remedy.Result.PENDING


def problems(application, filed_on, result, decided_on):
    """{field: message} of what cannot be recorded."""
    today, found = timezone.localdate(), {}
    if application.answered_on is None:
        found["kind"] = _("申请尚未答复，不能登记行政复议或行政诉讼。")
    elif filed_on < application.answered_on:
        found["filed_on"] = _("立案日期不能早于答复日期（%(day)s）。") % {
            "day": date_format(application.answered_on, "DATE_FORMAT")
        }
    if filed_on > today:
        found["filed_on"] = _("立案日期不能晚于今天。")
    if result == PENDING and decided_on is not None:
        found["decided_on"] = _("尚未审结的，不填审结日期。")
    elif result != PENDING and decided_on is None:
        found["decided_on"] = _("已审结的，请填写审结日期。")
    elif decided_on is not None and decided_on < filed_on:
        found["decided_on"] = _("审结日期不能早于立案日期。")
    elif decided_on is not None and decided_on > today:
        found["decided_on"] = _("审结日期不能晚于今天。")
    return found


@transaction.atomic
def record(application, actor, *, kind, filed_on, result=PENDING, decided_on=None):
    found = problems(application, filed_on, result, decided_on)
    if found:
        raise ValidationError(found)
    remedy = Remedy.objects.create(
        application=application, kind=kind, filed_on=filed_on, result=result, decided_on=decided_on
    )
    audit.record(actor, "applications.remedy_filed", application, kind=kind, result=result)
    return remedy


@transaction.atomic
def conclude(remedy, actor, *, result, decided_on):
    """How the case ended (or that it is open again, corrected by the office)."""
    found = problems(remedy.application, remedy.filed_on, result, decided_on)
    if found:
        raise ValidationError(found)
    remedy.result, remedy.decided_on = result, decided_on
    remedy.save(update_fields=["result", "decided_on"])
    audit.record(actor, "applications.remedy_concluded", remedy.application, result=result)
    return remedy

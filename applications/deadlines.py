"""The days the regulation gives, counted in working days on the city's calendar (暂定 where
next year's holidays are not yet announced):

- the answer: 20 working days from the date of receipt, or from the day a completed
  application (补正) arrived; a third party's time to give its opinion is not counted; an
  extension adds at most 20 (条例第三十三条);
- a request to complete an unclear application: within 7 working days of receipt (第三十条);
- a third party's opinion: 15 working days from the request (第三十二条).

While the applicant is completing the application or a third party has not answered, the
answer's clock stands still: there is no due date, and `AnswerDue.waiting_for` says why.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils.translation import gettext as _

from base.workdays.deadlines import WorkingCalendar, add_working_days, due_label

ANSWER_DAYS = 20
CORRECTION_NOTICE_DAYS = 7
THIRD_PARTY_DAYS = 15


@dataclass(frozen=True)
class AnswerDue:
    due: object = None  # a date, or None while the clock stands still
    provisional: tuple = ()
    waiting_for: str = ""
    not_counted: int = 0  # working days a third party took
    extended: int = 0

    @property
    def label(self):
        if self.due is None:
            return self.waiting_for
        return due_label(self.due, bool(self.provisional))


def answer_due(application, calendar_=None):
    cal = calendar_ or WorkingCalendar()
    correction = getattr(application, "correction", None)
    start = application.received_on
    if start is None:
        return AnswerDue(waiting_for=_("待确认收到申请"))
    if correction is not None:
        if correction.received_on is None:
            return AnswerDue(waiting_for=_("待申请人补正"))
        start = correction.received_on
    consultations = list(application.consultations.all())
    if any(c.answered_on is None for c in consultations):
        return AnswerDue(waiting_for=_("待第三方提出意见"))
    not_counted = working_days_in(
        [(c.sent_on, c.answered_on) for c in consultations if c.answered_on >= start], cal
    )
    extension = getattr(application, "extension", None)
    extended = extension.working_days if extension else 0
    deadline = add_working_days(start, ANSWER_DAYS + not_counted + extended, cal)
    return AnswerDue(
        due=deadline.due,
        provisional=deadline.provisional,
        not_counted=not_counted,
        extended=extended,
    )


def working_days_in(spans, cal):
    """Working days within the spans (first day excluded, last included), a day once even
    where spans overlap."""
    days = set()
    for first, last in spans:
        day = first + timedelta(days=1)
        while day <= last:
            if cal.is_working_day(day):
                days.add(day)
            day += timedelta(days=1)
    return len(days)


def correction_notice_due(application, calendar_=None):
    return add_working_days(application.received_on, CORRECTION_NOTICE_DAYS, calendar_)


def third_party_due(consultation, calendar_=None):
    return add_working_days(consultation.sent_on, THIRD_PARTY_DAYS, calendar_)

"""工作日历: an administrator pastes the State Council's holiday notice, sees the days it
announces, and confirms; the year is then confirmed and every open due date counted over it
recomputed (`base.workdays.schedule.enter_notice`). The page also shows each year's state."""

from itertools import groupby

from django import forms
from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from base.workdays.deadlines import WorkingCalendar
from base.workdays.models import CalendarYear, DayKind
from base.workdays.notice import NoticeError, read_notice
from base.workdays.provisional import YEARS_AHEAD
from base.workdays.schedule import enter_notice
from web.viewsets import StaffPage, StaffPages

PERMISSION = "workdays.add_calendaryear"
MAX_TEXT = 20_000


class NoticeForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("通知全文"),
        max_length=MAX_TEXT,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy(
            "从中国政府网复制《国务院办公厅关于××××年部分节假日安排的通知》全文（含标题）粘贴于此。"
            "出错时所说的行号按粘贴的原文计，每个换行算一行。"
        ),
    )
    year = forms.IntegerField(label=gettext_lazy("年度"), min_value=2000, max_value=2100)


def year_states():
    """[(year, state, label, source)], newest first: the years that can be counted provisionally
    or not at all, and the last ones entered."""
    sources = dict(CalendarYear.objects.values_list("year", "source"))
    labels = {
        "confirmed": _("已确认"),
        "provisional": _("暂定"),
        "missing": _("缺失"),
    }
    notes = {"provisional": _("按法定节假日和周末计算，待录入通知"), "missing": ""}
    return [
        (
            year,
            state,
            labels[state],
            notes[state] if state in notes else source_label(sources[year]),
        )
        for year, state in reversed(WorkingCalendar().states())
    ][: YEARS_AHEAD + 5]


def preview(notice):
    """The notice's days as it announces them: [(festival, [(day, kind, kind's label)])]."""
    kinds = dict(DayKind.choices)
    by_name = sorted(notice.days, key=lambda day: day.line)
    return [
        (name, [(day.date, day.kind, kinds[day.kind]) for day in days])
        for name, days in groupby(by_name, key=lambda day: day.name)
    ]


def dates_moved_by(notice):
    """How many open due dates entering the notice would move: entered, counted, rolled back."""
    with transaction.atomic():
        moved = enter_notice(notice, "preview")
        transaction.set_rollback(True)
    return moved


def source_label(source):
    """Where a year came from, as a clerk reads it."""
    if source.startswith("chinese-calendar"):
        return _("国务院办公厅通知（系统内置数据）")
    return source


class HolidayNoticeView(StaffPage, generic.FormView):
    form_class = NoticeForm
    template_name = "staff/holiday_notice.html"

    def get_initial(self):
        entered = CalendarYear.objects.order_by("-year").values_list("year", flat=True).first()
        return {"year": (entered or 2026) + 1}

    def get_context_data(self, **kwargs):
        return super().get_context_data(years=year_states(), **kwargs)

    def form_valid(self, form):
        try:
            notice = read_notice(form.cleaned_data["text"], form.cleaned_data["year"])
        except NoticeError as error:
            context = self.get_context_data(form=form, problems=error.problems)
            return self.render_to_response(context, status=422)
        if "confirm" not in self.request.POST:
            context = self.get_context_data(
                form=form, notice=notice, groups=preview(notice), moving=dates_moved_by(notice)
            )
            return self.render_to_response(context)
        moved = enter_notice(notice, self.request.user)
        messages.success(
            self.request,
            _("已录入%(year)d年节假日安排（%(source)s），重新计算了%(moved)d个在办期限。")
            % {
                "year": notice.year,
                "source": notice.source,
                "moved": moved,
            },
        )
        return redirect(self.request.path)


holiday_notice = StaffPages(
    title=gettext_lazy("工作日历"),
    icon="event",
    app_name="calendar",
    permission=PERMISSION,
    pages=[("", HolidayNoticeView, "index")],
)

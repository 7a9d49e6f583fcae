"""The working-day calendar: the State Council's holiday schedule, one year at a time.

Only the exceptions to "Monday to Friday" are stored: official holidays (which may fall on
a weekday or a weekend) and make-up working days on a weekend (调休). A year is usable only
once its CalendarYear exists, because without it we cannot tell "no holidays" from "not yet
announced"; deadlines that reach an absent year are refused, never guessed.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    year = models.PositiveSmallIntegerField(_("年份"), primary_key=True)
    source = models.CharField(
        _("来源"), max_length=200, help_text=_("例如国务院办公厅通知的文号，或数据包的版本")
    )
    added_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("日历年度")
        verbose_name_plural = _("日历年度")
        ordering = ["-year"]

    def __str__(self):
        return _("%(year)d年") % {"year": self.year}


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日")
    MAKEUP_WORKDAY = "makeup_workday", _("调休上班日")


class CalendarDay(models.Model):
    year = models.ForeignKey(
        CalendarYear, verbose_name=_("年度"), on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=DayKind.choices)
    name = models.CharField(_("节日"), max_length=60)

    class Meta:
        verbose_name = _("节假日或调休日")
        verbose_name_plural = _("节假日和调休日")
        ordering = ["date"]

    def __str__(self):
        return _("%(date)s %(name)s（%(kind)s）") % {
            "date": f"{self.date:%Y-%m-%d}",
            "name": self.name,
            "kind": self.get_kind_display(),
        }

    def clean(self):
        if self.date and self.year_id and self.date.year != self.year_id:
            raise ValidationError({"date": _("日期不在所属年度内。")})
        if self.kind == DayKind.MAKEUP_WORKDAY and self.date and self.date.weekday() < 5:
            raise ValidationError({"date": _("调休上班日应在周六或周日。")})

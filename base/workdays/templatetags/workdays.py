"""`{% due day %}`: a due date as people read it, marked 暂定 where it lies in a year whose
holiday schedule is not yet entered. Lists that know it already pass the flag
(`{% due item.due_on item.provisional %}`) and cost no query; otherwise one small query."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from base.workdays.deadlines import WorkingCalendar

register = template.Library()
MARK_STYLE = "color:#8a5a00;font-weight:500;cursor:help;white-space:nowrap"


@register.simple_tag
def due(day, provisional=None):
    if not day:
        return "—"
    if provisional is None:
        provisional = WorkingCalendar().is_provisional(day)
    text = date_format(day, "DATE_FORMAT")
    if not provisional:
        return text
    why = _(
        "%(year)s年的节假日安排尚未录入，此日期暂按法定节假日和周末计算，录入后自动重新计算。"
    ) % {"year": day.year}
    return format_html(
        '{}<span class="due-provisional" style="{}" title="{}">{}</span>',
        text,
        MARK_STYLE,
        why,
        _("（暂定）"),
    )

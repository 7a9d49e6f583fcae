"""A year's schedule can also be entered or corrected by hand here. Every change recomputes
the open due dates counted over the year (`schedule.changed`), in the admin's transaction;
pasting the State Council's notice (工作日历 in the staff site) is the usual way in."""

from django.contrib import admin

from base.workdays.models import CalendarDay, CalendarYear
from base.workdays.schedule import as_it_is, changed


class CalendarDayInline(admin.TabularInline):
    model = CalendarDay
    extra = 3
    ordering = ["date"]


class RecomputesDueDates:
    """Remembers the schedule before a change and announces the change once it is saved."""

    def year_of(self, obj):
        return obj.year if isinstance(obj, CalendarYear) else obj.year_id

    def save_model(self, request, obj, form, change):
        self._before = as_it_is([self.year_of(obj)])
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        changed(list(self._before), self._before, request.user)

    def delete_model(self, request, obj):
        before = as_it_is([self.year_of(obj)])
        super().delete_model(request, obj)
        changed(list(before), before, request.user)

    def delete_queryset(self, request, queryset):
        before = as_it_is(sorted({self.year_of(obj) for obj in queryset}))
        super().delete_queryset(request, queryset)
        changed(list(before), before, request.user)


@admin.register(CalendarYear)
class CalendarYearAdmin(RecomputesDueDates, admin.ModelAdmin):
    list_display = ["year", "source", "added_at"]
    inlines = [CalendarDayInline]


@admin.register(CalendarDay)
class CalendarDayAdmin(RecomputesDueDates, admin.ModelAdmin):
    list_display = ["date", "kind", "name", "year"]
    list_filter = ["year", "kind", "name"]
    date_hierarchy = "date"

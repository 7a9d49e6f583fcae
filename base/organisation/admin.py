from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from base.organisation.models import Person, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "parent_unit", "rank", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    list_editable = ["rank"]


@admin.register(Person)
class PersonAdmin(UserAdmin):
    list_display = ["username", "last_name", "first_name", "unit", "job_title", "is_active"]
    list_filter = ["unit", "groups", "is_active", "is_staff"]
    search_fields = ["username", "last_name", "first_name", "unit__name"]
    fieldsets = [
        *UserAdmin.fieldsets,
        (_("单位与职务"), {"fields": ["unit", "job_title", "phone"]}),
    ]
    add_fieldsets = [
        *UserAdmin.add_fieldsets,
        (_("单位与职务"), {"fields": ["unit", "job_title", "groups"]}),
    ]

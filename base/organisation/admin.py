from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from base.organisation.models import Person, ProviderAccount, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "code", "kind", "parent_unit", "rank", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    list_editable = ["rank"]
    fields = ["name", "short_name", "code", "kind", "parent_unit", "rank", "is_active"]


class ProviderAccountInline(admin.TabularInline):
    """The person's 统一身份认证 account (its `sub`), for linking one the first sign-in cannot
    (no OIDC_LINK_CLAIM) or unlinking one; base/organisation/identity.py."""

    model = ProviderAccount
    extra = 0
    fields = ["issuer", "subject", "linked_at", "last_login"]
    readonly_fields = ["linked_at", "last_login"]


@admin.register(Person)
class PersonAdmin(UserAdmin):
    inlines = [ProviderAccountInline]
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

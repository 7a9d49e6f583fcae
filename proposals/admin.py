from django.contrib import admin

from proposals.models import HandlingDeadline, ImportBatch, ReplyDefault, ResultClass


@admin.register(ResultClass)
class ResultClassAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "is_active", "rank"]
    list_editable = ["is_active", "rank"]


@admin.register(HandlingDeadline)
class HandlingDeadlineAdmin(admin.ModelAdmin):
    list_display = ["kind", "months", "max_months"]


@admin.register(ReplyDefault)
class ReplyDefaultAdmin(admin.ModelAdmin):
    """One row per kind, created with the usual offices: edited, never added or removed."""

    list_display = ["kind", "copy_to"]
    readonly_fields = ["kind"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["name", "rows", "created", "imported_by", "imported_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

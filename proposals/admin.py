from django.contrib import admin

from proposals.models import HandlingDeadline, ImportBatch, ResultClass


@admin.register(ResultClass)
class ResultClassAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "is_active", "rank"]
    list_editable = ["is_active", "rank"]


@admin.register(HandlingDeadline)
class HandlingDeadlineAdmin(admin.ModelAdmin):
    list_display = ["kind", "months", "max_months"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    list_display = ["name", "rows", "created", "imported_by", "imported_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

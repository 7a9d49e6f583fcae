from django.contrib import admin

from base.audit.models import AuditRecord


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records the system writes and administrators only read: nobody adds, changes or
    deletes one here (the audit log, and base/privacy's records of the reviewers' decisions)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_name", "action", "object_repr"]
    list_filter = ["action", "object_type"]
    search_fields = ["actor_name", "action", "object_repr"]
    date_hierarchy = "at"

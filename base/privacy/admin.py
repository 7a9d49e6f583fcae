"""Read-only views of the reviewers' redaction decisions and confidentiality checklists, for
administrators tracing what was published and why. They are written by the review pages
only; every change is also in the audit log."""

from django.contrib import admin

from base.audit.admin import ReadOnlyAdmin
from base.privacy.models import ConfidentialityCheck, RedactionDecision


@admin.register(RedactionDecision)
class RedactionDecisionAdmin(ReadOnlyAdmin):
    list_display = ["decided_at", "content_type", "object_id", "field", "kind", "source",
                    "decision", "decided_by"]  # fmt: skip
    list_filter = ["decision", "source", "kind", "content_type"]
    list_select_related = ["content_type", "decided_by"]


@admin.register(ConfidentialityCheck)
class ConfidentialityCheckAdmin(ReadOnlyAdmin):
    list_display = ["checked_at", "content_type", "object_id", "state_secret", "trade_secret",
                    "personal_privacy", "process_info", "outcome", "checked_by"]  # fmt: skip
    list_filter = ["outcome", "state_secret", "trade_secret", "personal_privacy", "process_info"]
    list_select_related = ["content_type", "checked_by"]

from django.contrib import admin

from applications.models import AnswerSetup


@admin.register(AnswerSetup)
class AnswerSetupAdmin(admin.ModelAdmin):
    """Where an organ's answer letters send a reconsideration, and whom to call."""

    list_display = ["organ", "reconsideration_body", "contact_name", "contact_phone"]
    autocomplete_fields = ["organ"]

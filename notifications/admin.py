"""The outbox as administrators see it: every message with its state, attempts and last
error (filter 发送失败 for the failures), read only; the people's settings, the units'
robots and the proposers' texts, edited here."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from base.audit.admin import ReadOnlyAdmin
from notifications import events
from notifications.models import Event, Kind, Message, Preference, ProposerText, UnitRobot
from notifications.sms import mask


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    # the key (an identifier in Latin letters) is searched and shown on the message's page
    list_display = ["event", "channel", "recipient", "state", "attempts", "not_before", "sent_at",
                    "last_error"]  # fmt: skip
    list_filter = ["state", "channel", "digest"]
    search_fields = ["key", "event__title"]
    date_hierarchy = "not_before"
    list_select_related = ["person", "robot__unit"]
    exclude = ["address", "text"]  # a proposer's number and personal link stay out of sight
    readonly_fields = ["recipient"]

    @admin.display(description=_("接收人"))
    def recipient(self, message):
        if message.person_id:
            return str(message.person)
        if message.robot_id:
            return str(message.robot)
        return mask(message.address) if message.channel == "sms" else "***"


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "kind", "title", "unit"]
    list_filter = ["kind"]
    search_fields = ["key", "title"]
    date_hierarchy = "created_at"


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["person", "email"]
    list_filter = ["email"]
    raw_id_fields = ["person"]
    search_fields = ["person__username", "person__last_name", "person__first_name"]


class RobotForm(forms.ModelForm):
    kinds = forms.MultipleChoiceField(
        label=_("事件类型"), choices=Kind.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("不选为全部"),
    )  # fmt: skip

    class Meta:
        model = UnitRobot
        fields = ["unit", "name", "kind", "token", "secret", "base_url", "frequency", "kinds",
                  "active"]  # fmt: skip


@admin.register(UnitRobot)
class UnitRobotAdmin(admin.ModelAdmin):
    form = RobotForm
    list_display = ["unit", "name", "kind", "frequency", "active"]
    list_filter = ["kind", "active"]
    actions = ["send_test"]

    @admin.action(description=_("发送测试消息"), permissions=["change"])
    def send_test(self, request, queryset):
        for robot in queryset:
            events.test_robot(robot, request.user)
        self.message_user(request, _("测试消息已放入发件箱，一分钟内发出；结果见“通知消息”。"))


@admin.register(ProposerText)
class ProposerTextAdmin(admin.ModelAdmin):
    list_display = ["kind", "sms"]

    def has_add_permission(self, request):
        return False  # one text per purpose, made by the migration

    def has_delete_permission(self, request, obj=None):
        return False

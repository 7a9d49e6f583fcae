"""通知设置, in the 督办 area beside 我的提醒: how a person wants their event notices by e-mail
(at once, in the 8:00 digest, or not), and which work-chat robots post their unit's events.
The staff-site notice always comes at once; the channels themselves are notifications/'."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from notifications.models import Frequency, Preference, UnitRobot
from web.viewsets import StaffPage, StaffPages, signed_in


class PreferenceForm(forms.Form):
    email = forms.ChoiceField(
        label=gettext_lazy("电子邮件通知"),
        choices=Frequency.choices,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": gettext_lazy("请选择即时、每日汇总或不发送。")},
    )


class NoticeSettingsView(StaffPage, generic.FormView):
    template_name = "staff/supervision/notice_settings.html"
    form_class = PreferenceForm

    def get_initial(self):
        chosen = Preference.objects.filter(person=self.request.user).first()
        return {"email": chosen.email if chosen else Frequency.INSTANT}

    def get_context_data(self, **kwargs):
        person = self.request.user
        robots = UnitRobot.objects.filter(unit_id=person.unit_id, active=True).order_by("name")
        return super().get_context_data(
            address=person.email,
            digest_hour=settings.NOTICE_DIGEST_HOUR,
            robots=list(robots) if person.unit_id else [],
            messages_on_page=True,
            **kwargs,
        )

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)

    def form_valid(self, form):
        Preference.objects.update_or_create(
            person=self.request.user, defaults={"email": form.cleaned_data["email"]}
        )
        messages.success(self.request, _("通知设置已保存。"))
        return redirect(self.viewset.reverse("index"))


notice_settings = StaffPages(
    title=gettext_lazy("通知设置"),
    icon="tune",
    app_name="notice_settings",
    permission=signed_in,
    pages=[("", NoticeSettingsView, "index")],
)

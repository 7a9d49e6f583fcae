"""告知代表委员, in the proposals area for the proposal office: the words of the text message
and e-mail a lead proposer gets when the reply letter goes out, and of the reminder when no
feedback has come (notifications.proposers). Only the fields below are filled in; an
unknown one is refused with the list of those that exist, and every change is audited."""

import re

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from base import audit
from base.validation import no_markup
from notifications import proposers
from notifications.models import Kind, ProposerText
from proposals.rules import in_proposal_office
from web.viewsets import StaffPage, StaffPages

SMS_LIMIT = 300  # characters before the fields are filled; gateways refuse far longer texts
BRACED = re.compile(r"{([^{}]*)}")


def field_list():
    """{姓名}、{称谓}…: as the office types them (an English page shows the same braces around
    the Chinese names)."""
    return _("、").join(f"{{{name}}}" for name in proposers.FIELDS)


def unknown_fields(text):
    return sorted({name for name in BRACED.findall(text) if name not in proposers.FIELDS})


def stray_braces(text):
    """A brace outside a field, with what follows it ("{姓名代表"): sent as it is, a field
    the proposer would read unfilled."""
    return sorted(set(re.findall(r"[{}][^{}\n]{0,8}", BRACED.sub("", text))))


class TextForm(forms.ModelForm):
    class Meta:
        model = ProposerText
        fields = ["sms", "email_subject", "email_body"]
        widgets = {
            "sms": forms.Textarea(attrs={"rows": 3}),
            "email_body": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators.append(no_markup)
        self.fields["sms"].help_text = _(
            "字段写在花括号中，可用的字段：%(fields)s；不超过%(limit)d字。"
        ) % {"fields": field_list(), "limit": SMS_LIMIT}

    def clean(self):
        data = super().clean()
        for name in ("sms", "email_subject", "email_body"):
            unknown = unknown_fields(data.get(name, ""))
            if unknown:
                self.add_error(name, _("没有字段%(unknown)s，可用的字段：%(fields)s") % {
                    "unknown": _("、").join(f"“{each}”" for each in unknown),
                    "fields": field_list()})  # fmt: skip
            stray = stray_braces(data.get(name, ""))
            if stray:
                self.add_error(name, _("有未配成对的花括号：%(pieces)s。字段写作{姓名}。") % {
                    "pieces": _("、").join(f"“{each}”" for each in stray)})  # fmt: skip
        if len(data.get("sms", "")) > SMS_LIMIT:
            self.add_error("sms", _("短信内容不能超过%(limit)d字。") % {"limit": SMS_LIMIT})
        return data


def stored(kind):
    found = ProposerText.objects.filter(kind=kind).first()
    return found or ProposerText.objects.create(kind=kind, **proposers.DEFAULTS[kind])


class ProposerTextsView(StaffPage, generic.TemplateView):
    template_name = "staff/proposer_texts.html"
    KINDS = (Kind.REPLY_SENT, Kind.FEEDBACK_REMINDER)

    def get_context_data(self, forms_by_kind=None, **kwargs):
        forms_by_kind = forms_by_kind or {}
        shown = [
            (kind, forms_by_kind.get(kind) or TextForm(instance=stored(kind), prefix=kind))
            for kind in self.KINDS
        ]
        return super().get_context_data(texts=shown, fields=field_list(), **kwargs)

    def post(self, request, *args, **kwargs):
        kind = request.POST.get("kind", "")
        if kind not in self.KINDS:
            messages.error(request, _("要保存的模板“%(kind)s”不存在。") % {"kind": kind[:40]})
            return self.render_to_response(self.get_context_data(), status=400)
        form = TextForm(request.POST, instance=stored(kind), prefix=kind)
        if not form.is_valid():
            context = self.get_context_data(forms_by_kind={kind: form})
            return self.render_to_response(context, status=422)
        text = form.save()
        audit.record(request.user, "notices.proposer_text_saved", text, kind=kind)
        messages.success(request, _("已保存“%(kind)s”的通知内容。") % {"kind": text})
        return redirect(self.viewset.reverse("index"))


proposer_text_pages = StaffPages(
    title=gettext_lazy("告知代表委员"),
    icon="sms",
    app_name="proposer_texts",
    permission=in_proposal_office,
    pages=[("", ProposerTextsView, "index")],
)

"""Form fields shared by the decisions that publish: the confidentiality checklist (保密审查)
and the explicit override for high-confidence personal data still undecided.

The forms only bind what people chose; whether the answers allow the decision is the
domain's rule (`base.privacy.confidentiality.checklist_problems`, called by the domains)."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.privacy.confidentiality import FIELDS, QUESTIONS, Checklist
from base.validation import no_markup

YES_NO = [("yes", gettext_lazy("是")), ("no", gettext_lazy("否"))]


def yes_no(label, help_text=""):
    return forms.TypedChoiceField(
        label=label,
        choices=YES_NO,
        coerce=lambda value: value == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


class ConfidentialityFields(forms.Form):
    """Mixed into a decision form: the four questions, a note, and the override."""

    state_secret = yes_no(QUESTIONS[0][1])
    trade_secret = yes_no(QUESTIONS[1][1])
    personal_privacy = yes_no(QUESTIONS[2][1])
    process_info = yes_no(QUESTIONS[3][1], gettext_lazy("内部讨论记录、请示报告、过程稿等"))
    confidentiality_note = forms.CharField(
        label=gettext_lazy("保密审查说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_markup],
        help_text=gettext_lazy(
            "后三项有答“是”而仍全文公开的，须写明依据（如权利人同意公开、涉及公共利益）"
        ),
    )
    override = forms.BooleanField(
        label=gettext_lazy("仍然决定：尚有高可信度个人信息未逐项处理（未处理的公开时一律遮盖）"),
        required=False,
    )
    override_reason = forms.CharField(
        label=gettext_lazy("仍然决定的理由"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[no_markup],
    )

    CHECKLIST_FIELDS = (*FIELDS, "confidentiality_note", "override", "override_reason")

    def clean(self):
        data = super().clean()
        if data.get("override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", _("勾选“仍然决定”须写明理由。"))
        return data

    @property
    def checklist(self):
        return Checklist.from_data(self.cleaned_data)

    @property
    def override_given(self):
        """The reason, when the override was ticked; "" otherwise."""
        if not self.cleaned_data.get("override"):
            return ""
        return (self.cleaned_data.get("override_reason") or "").strip()

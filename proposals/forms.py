"""Forms of the proposal flow's steps. Rules are checked by proposals.rules / replies when
the step is done; the forms only bind and clean what people type."""

from django import forms
from django.utils.translation import gettext_lazy as _

from base.forms import DateInput
from base.organisation.models import Unit, UnitKind
from base.privacy.forms import ConfidentialityFields
from base.validation import no_markup
from proposals.models import (
    ContactRecord,
    DisclosureDecision,
    Handling,
    ReplyLetter,
    Satisfaction,
)


def handling_units():
    return Unit.objects.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.DISTRICT]).order_by("rank")


def text_field(label, required=True, rows=4):
    return forms.CharField(
        label=label,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
        validators=[no_markup],
    )


class AssignForm(forms.Form):
    handling = forms.ChoiceField(
        label=_("办理方式"), choices=Handling.choices, widget=forms.RadioSelect
    )
    lead = forms.ModelChoiceField(
        label=_("主办单位（分办时为第一个承办单位）"), queryset=Unit.objects.none()
    )
    co_units = forms.ModelMultipleChoiceField(
        label=_("会办单位（分办时为其他承办单位）"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = self.fields["co_units"].queryset = handling_units()


class SignForForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("签收"),
        choices=[("sign", _("签收办理")), ("adjust", _("申请调整承办单位"))],
        widget=forms.RadioSelect,
    )
    reason = text_field(_("申请调整理由"), required=False)


class AdjustmentForm(forms.Form):
    new_unit = forms.ModelChoiceField(
        label=_("改由以下单位承办"),
        queryset=Unit.objects.none(),
        required=False,
        help_text=_("留空表示不同意调整，原单位继续承办"),
    )
    comment = text_field(_("处理意见"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_unit"].queryset = handling_units()


class OpinionForm(forms.Form):
    text = text_field(_("会办意见"), rows=8)
    contact = forms.CharField(label=_("联系人及电话"), max_length=100, validators=[no_markup])


class ContactForm(forms.ModelForm):
    class Meta:
        model = ContactRecord
        fields = ["method", "contacted_on", "summary"]
        widgets = {"contacted_on": DateInput()}


class LetterForm(forms.ModelForm):
    class Meta:
        model = ReplyLetter
        fields = [
            "number", "title", "result_class", "body", "signer", "contact_person",
            "contact_phone", "copy_to",
        ]  # fmt: skip
        widgets = {"body": forms.Textarea(attrs={"rows": 18})}


class LetterReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("审核意见"),
        choices=[("approve", _("同意")), ("return", _("退回修改"))],
        widget=forms.RadioSelect,
    )
    comment = text_field(_("意见说明"), required=False)


class FeedbackForm(forms.Form):
    satisfaction = forms.ChoiceField(
        label=_("对办理结果的意见"), choices=Satisfaction.choices, widget=forms.RadioSelect
    )
    comment = text_field(_("具体意见"), required=False)

    def __init__(self, *args, items=None, **kwargs):
        """`items`: for a merged handling, the items still awaiting their proposer's
        feedback; the office says whose feedback it enters."""
        super().__init__(*args, **kwargs)
        if items and len(items) > 1:
            self.fields["item"] = forms.TypedChoiceField(
                label=_("反馈的建议提案"),
                choices=[(item.pk, f"{item.label} {item.lead_proposer or ''}") for item in items],
                coerce=int,
            )
            self.order_fields(["item", "satisfaction", "comment"])


class DisclosureForm(ConfidentialityFields, forms.Form):
    """The disclosure decision, with the confidentiality checklist (保密审查) and, where
    high-confidence personal data is still undecided, the explicit override."""

    decision = forms.ChoiceField(
        label=_("公开方式"), choices=DisclosureDecision.choices, widget=forms.RadioSelect
    )
    reason = text_field(_("理由"))
    released_body = text_field(_("公开的文本（部分公开时填写，去除不予公开的部分）"), False, 12)

    field_order = [
        "state_secret", "trade_secret", "personal_privacy", "process_info", "decision",
        "reason", "confidentiality_note", "released_body", "override", "override_reason",
    ]  # fmt: skip

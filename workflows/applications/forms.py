"""The forms of the application flow's staff pages: what each step asks for. The rules are
in applications/handling.py; a form only says what the field is."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from applications.models import AnswerCategory
from base.organisation.models import Unit
from base.validation import no_markup


class Choice:
    """What 审核决定 and 签发 decide; kept on the process for the flow's switches."""

    COMPLETION = "completion"
    CONSULT = "consult"
    EXTEND = "extend"
    ANSWER = "answer"
    LAPSED = "lapsed"
    ARRIVED = "arrived"
    RETURN = "return"
    APPROVE = "approve"


def today():
    return timezone.localdate()


def text(label, required=False, **kwargs):
    return forms.CharField(
        label=label,
        required=required,
        validators=[no_markup],
        widget=forms.Textarea(attrs={"rows": 3}),
        **kwargs,
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one field: the answer may provide more than one document."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class ConfirmForm(forms.Form):
    confirmed_on = forms.DateField(
        label=_("确认收到申请日期"),
        required=False,
        help_text=_("网上申请、平常信函、传真：与申请人确认之日；当面提交、邮寄的已按登记日期计"),
    )


class AssignForm(forms.Form):
    unit = forms.ModelChoiceField(
        label=_("承办单位"),
        queryset=Unit.objects.filter(is_active=True),
        help_text=_("掌握该政府信息的单位；本机关办公室掌握的，选择本机关"),
    )


SUGGESTIONS = {
    Choice.ANSWER: _("按拟答复类型答复"),
    Choice.COMPLETION: _("申请内容不明确，建议告知补正"),
    Choice.CONSULT: _("涉及第三方权益，建议征求第三方意见"),
}


class SearchForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("拟答复类型"), queryset=AnswerCategory.objects.filter(is_active=True)
    )
    suggestion = forms.ChoiceField(
        label=_("建议"),
        choices=list(SUGGESTIONS.items()),
    )
    note = text(_("检索情况及拟办意见"), required=True, max_length=2000)


class DecideForm(forms.Form):
    choice = forms.ChoiceField(
        label=_("决定"),
        choices=[
            (Choice.ANSWER, _("起草答复")),
            (Choice.COMPLETION, _("告知申请人补正")),
            (Choice.CONSULT, _("征求第三方意见")),
            (Choice.EXTEND, _("延期答复")),
        ],
        widget=forms.RadioSelect,
    )
    what = text(_("需要补正的事项"), max_length=2000)
    reply_by = forms.DateField(label=_("补正期限"), required=False)
    third_party = forms.CharField(label=_("第三方"), required=False, max_length=100)
    working_days = forms.IntegerField(label=_("延长工作日数"), required=False, min_value=1)
    approved_by = forms.CharField(label=_("批准人"), required=False, max_length=50)
    approved_on = forms.DateField(label=_("批准日期"), required=False)
    reason = text(_("延期理由"), max_length=2000)
    notified_on = forms.DateField(label=_("告知申请人日期"), required=False)


class CompletionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("补正情况"),
        choices=[
            (Choice.ARRIVED, _("已收到补正")),
            (Choice.LAPSED, _("申请人无正当理由逾期不补正，不再处理")),
        ],
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label=_("日期"), initial=today)


class OpinionForm(forms.Form):
    answered_on = forms.DateField(label=_("收到意见日期"), initial=today)
    opinion = text(_("第三方意见"), required=True, max_length=4000)


class AnswerForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("答复类型"), queryset=AnswerCategory.objects.filter(is_active=True), required=False
    )
    withheld_grounds = text(_("不予公开部分及理由"), max_length=4000)
    subject = forms.CharField(
        label=_("所申请信息（归类）"),
        required=False,
        max_length=200,
        validators=[no_markup],
        help_text=_("多人申请同一信息的，使用相同的归类名称，便于研究转为主动公开"),
    )
    propose_active = forms.BooleanField(label=_("建议转为主动公开"), required=False)
    files = MultipleFileField(
        label=_("提供的政府信息（文件）"),
        required=False,
        help_text=_("可多选；提交前由系统识别其中的个人信息，遮盖后的文本才提供给申请人"),
    )
    override = forms.BooleanField(
        label=_("仍然答复：尚有高可信度个人信息未逐项处理（未处理的一律遮盖后提供）"),
        required=False,
    )
    override_reason = text(_("仍然答复的理由"), max_length=2000)

    def clean(self):
        data = super().clean()
        if data.get("override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", _("勾选“仍然答复”须写明理由。"))
        return data

    @property
    def override_given(self):
        """The reason, when the override was ticked; "" otherwise."""
        if not self.cleaned_data.get("override"):
            return ""
        return (self.cleaned_data.get("override_reason") or "").strip()


class SignForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("签发意见"),
        choices=[(Choice.APPROVE, _("同意签发")), (Choice.RETURN, _("退回修改"))],
        widget=forms.RadioSelect,
    )
    comment = text(_("意见"), max_length=2000)


def keep_proposal(process, person, category, suggestion, note):
    """The unit's 拟办意见, kept on the process for the office's 审核决定 to read."""
    process.data = {
        **(process.data or {}),
        "proposal": {
            "category": str(category),
            "suggestion": str(SUGGESTIONS[suggestion]),
            "note": note,
            "by": str(person.get_full_name() or person),
        },
    }

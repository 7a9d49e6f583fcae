"""What an applicant fills in on the portal (`ApplicationForm`), and what a clerk registers for
an application that came by letter, fax or in person (`RegistrationForm`).

Every problem is told in words that name the field, so that a person who gets one wrong knows
what to change; nothing is saved until the whole form is right (`receiving.receive`).
"""

import re
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.models import ApplicantKind, Channel, Collection, IdType, Provision, Remedy
from applications.receiving import date_of_receipt
from base.forms import DateInput
from base.organisation.codes import validate_credit_code
from base.text import visible
from base.validation import no_markup

DESCRIPTION_MIN, DESCRIPTION_MAX = 10, 2000

# GB 11643-1999: the 18th character of a 居民身份证 number checks the first 17
REGULATION_IN_FORCE = date(2019, 5, 15)  # 修订后的《政府信息公开条例》
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK = "10X98765432"

# the other documents, by their printed form: (pattern, how the message describes it)
ID_FORMATS = {
    IdType.HK_MACAO: (r"[HM]\d{8}(\d{2})?", gettext_lazy("H或M开头，后接8位或10位数字")),
    IdType.TAIWAN: (r"\d{8}|[A-Z0-9]{10}", gettext_lazy("8位数字或10位字母数字")),
    IdType.PASSPORT: (r"[A-Z0-9]{5,17}", gettext_lazy("5至17位字母或数字")),
    IdType.FOREIGN_RESIDENT: (r"[A-Z]{3}\d{12}|9\d{16}[0-9X]", gettext_lazy("15位或18位")),
    IdType.OTHER: (r"[A-Z0-9\-]{4,40}", gettext_lazy("4至40位字母、数字或连字符")),
}

# a mobile number, or a landline with its area code (0759-1234567, extension allowed)
MOBILE = re.compile(r"(?:\+?86)?1[3-9]\d{9}")
LANDLINE = re.compile(r"0\d{2,3}-?\d{7,8}(?:-\d{1,6})?")

ORGANISATION_KINDS = [
    (kind.value, kind.label) for kind in ApplicantKind if kind != ApplicantKind.NATURAL
]
KIND_CHOICES = [
    (ApplicantKind.NATURAL.value, ApplicantKind.NATURAL.label),
    (gettext_lazy("法人或其他组织"), ORGANISATION_KINDS),
]


def required(message):
    return {"required": message}


def resident_id_problem(number):
    """Why an 18-character 居民身份证 number cannot be one, or None."""
    if not re.fullmatch(r"\d{17}[\dX]", number):
        return _("居民身份证号码应为18位：前17位是数字，最后一位是数字或X。")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return _("居民身份证号码中的出生日期（第7至14位）不是有效日期。")
    if born > timezone.localdate() or born.year < 1900:
        return _("居民身份证号码中的出生日期（第7至14位）不可能。")
    total = sum(int(c) * w for c, w in zip(number[:17], ID_WEIGHTS, strict=True))
    if ID_CHECK[total % 11] != number[17]:
        return _("居民身份证号码的校验位（最后一位）不对，请核对是否输错。")
    return None


def compact(value):
    return re.sub(r"\s+", "", value or "")


class ApplicationForm(forms.Form):
    applicant_kind = forms.ChoiceField(
        label=gettext_lazy("申请人类型"),
        choices=KIND_CHOICES,
        initial=ApplicantKind.NATURAL,
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("请选择申请人类型：自然人，或法人或其他组织的类型。"),
            "invalid_choice": gettext_lazy("申请人类型无效，请重新选择。"),
        },
    )
    name = forms.CharField(
        label=gettext_lazy("姓名或名称"),
        max_length=100,
        required=False,
        validators=[no_markup],
    )
    id_type = forms.ChoiceField(
        label=gettext_lazy("证件类型"),
        choices=[("", "—"), *IdType.choices],
        required=False,
        initial=IdType.RESIDENT,
    )
    id_number = forms.CharField(label=gettext_lazy("证件号码"), max_length=40, required=False)
    org_code = forms.CharField(
        label=gettext_lazy("统一社会信用代码"), max_length=30, required=False
    )
    legal_representative = forms.CharField(
        label=gettext_lazy("法定代表人或负责人"),
        max_length=50,
        required=False,
        validators=[no_markup],
    )
    contact_name = forms.CharField(
        label=gettext_lazy("联系人"), max_length=50, required=False, validators=[no_markup]
    )
    phone = forms.CharField(
        label=gettext_lazy("联系电话"),
        max_length=40,
        help_text=gettext_lazy("手机号码，或带区号的固定电话，如0759-1234567"),
        error_messages=required(gettext_lazy("请填写联系电话。")),
    )
    email = forms.EmailField(
        label=gettext_lazy("电子邮箱"),
        max_length=254,  # the column's length: a longer address would fail on saving
        required=False,
        error_messages={"invalid": gettext_lazy("电子邮箱的格式不对，请核对。")},
    )
    address = forms.CharField(
        label=gettext_lazy("通信地址"), max_length=200, required=False, validators=[no_markup]
    )
    postcode = forms.CharField(label=gettext_lazy("邮政编码"), max_length=6, required=False)
    description = forms.CharField(
        label=gettext_lazy("所需政府信息的名称、文号或者便于查询的其他特征性描述"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=required(gettext_lazy("请描述所需的政府信息。")),
    )
    provision = forms.ChoiceField(
        label=gettext_lazy("提供形式"),
        choices=Provision.choices,
        widget=forms.RadioSelect,
        error_messages=required(gettext_lazy("请选择政府信息的提供形式。")),
    )
    collection = forms.ChoiceField(
        label=gettext_lazy("获取方式"),
        choices=Collection.choices,
        widget=forms.RadioSelect,
        error_messages=required(gettext_lazy("请选择获取信息的方式。")),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the browser's own checks would speak the browser's language and miss the rules
        # that depend on other fields: the server's messages are the ones people read
        self.use_required_attribute = False
        if self.is_bound:
            # what copying brings and nobody sees (a zero-width space, a direction mark, a
            # control character) must neither count towards a length nor reach the letter
            self.data = self.data.copy()
            for name, field in self.fields.items():
                key = self.add_prefix(name)
                if isinstance(field, forms.CharField) and isinstance(self.data.get(key), str):
                    self.data[key] = visible(self.data[key])
        for field in self.fields.values():
            too_long = _("%(label)s过长（最多%(limit)d个字）。")
            field.error_messages["max_length"] = too_long % {
                "label": field.label,
                "limit": getattr(field, "max_length", 0) or 0,
            }

    @property
    def natural(self):
        return self.cleaned_data.get("applicant_kind") == ApplicantKind.NATURAL

    def clean_name(self):
        return self.cleaned_data["name"].strip()

    def clean_id_number(self):
        return compact(self.cleaned_data["id_number"]).upper()

    def clean_org_code(self):
        return compact(self.cleaned_data["org_code"]).upper()

    def clean_phone(self):
        phone = compact(self.cleaned_data["phone"]).replace("－", "-")
        if not (MOBILE.fullmatch(phone) or LANDLINE.fullmatch(phone)):
            raise ValidationError(
                _("联系电话应为11位手机号码，或带区号的固定电话（如0759-1234567）。")
            )
        return phone

    def clean_postcode(self):
        postcode = compact(self.cleaned_data["postcode"])
        if postcode and not re.fullmatch(r"\d{6}", postcode):
            raise ValidationError(_("邮政编码应为6位数字。"))
        return postcode

    def clean_description(self):
        text = self.cleaned_data["description"].strip()
        no_markup(text)
        if len(text) < DESCRIPTION_MIN:
            raise ValidationError(
                _(
                    "所需政府信息的描述至少需要%(min)d个字（现为%(n)d个字）："
                    "请写明信息的名称、文号或者便于查询的其他特征。"
                )
                % {"min": DESCRIPTION_MIN, "n": len(text)}
            )
        if len(text) > DESCRIPTION_MAX:
            raise ValidationError(
                _("所需政府信息的描述最多%(max)d个字（现为%(n)d个字），请精简。")
                % {"max": DESCRIPTION_MAX, "n": len(text)}
            )
        return text

    def clean(self):
        data = super().clean()
        if "applicant_kind" in data:
            if self.natural:
                self.clean_person(data)
            else:
                self.clean_organisation(data)
        collection = data.get("collection")
        if collection == Collection.EMAIL and not data.get("email") and "email" in data:
            self.add_error("email", _("选择以电子邮件获取信息，请填写电子邮箱。"))
        if collection == Collection.POST and not data.get("address") and "address" in data:
            self.add_error("address", _("选择邮寄获取信息，请填写通信地址。"))
        return data

    def clean_person(self, data):
        if "name" in data and not data["name"]:
            self.add_error("name", _("请填写申请人的姓名。"))
        if not data.get("id_type") and "id_type" in data:
            self.add_error("id_type", _("请选择申请人的证件类型。"))
        number = data.get("id_number")
        if "id_number" not in data or not data.get("id_type"):
            return
        if not number:
            self.add_error("id_number", _("请填写申请人的证件号码。"))
        elif data["id_type"] == IdType.RESIDENT:
            problem = resident_id_problem(number)
            if problem:
                self.add_error("id_number", problem)
        else:
            pattern, described = ID_FORMATS[data["id_type"]]
            if not re.fullmatch(pattern, number):
                self.add_error(
                    "id_number",
                    _("%(type)s号码的格式不对（应为%(format)s）。")
                    % {"type": IdType(data["id_type"]).label, "format": described},
                )
        # what belongs to an organisation is not kept for a person
        data.update(org_code="", legal_representative="", contact_name="")

    def clean_organisation(self, data):
        if "name" in data and not data["name"]:
            self.add_error("name", _("请填写法人或其他组织的名称。"))
        if "org_code" in data:
            if not data["org_code"]:
                self.add_error("org_code", _("请填写统一社会信用代码。"))
            else:
                try:
                    validate_credit_code(data["org_code"])
                except ValidationError as error:
                    self.add_error("org_code", error)
        if "legal_representative" in data and not data["legal_representative"]:
            self.add_error("legal_representative", _("请填写法定代表人或负责人。"))
        if "contact_name" in data and not data["contact_name"]:
            self.add_error("contact_name", _("请填写联系人姓名。"))
        data.update(id_type="", id_number="")


class RegistrationForm(ApplicationForm):
    """A clerk registers an application that came another way than the portal: how it came
    and its days decide the date of receipt (条例第三十一条)."""

    channel = forms.ChoiceField(
        label=gettext_lazy("申请方式"),
        choices=[(c.value, c.label) for c in Channel if c != Channel.ONLINE],
        error_messages=required(gettext_lazy("请选择申请方式。")),
    )
    submitted_on = forms.DateField(
        label=gettext_lazy("提交日期"),
        widget=DateInput,
        help_text=gettext_lazy("当面提交之日、信函寄出之日或传真发出之日"),
        error_messages={
            "required": gettext_lazy("请填写提交日期。"),
            "invalid": gettext_lazy("提交日期不是有效日期。"),
        },
    )
    signed_on = forms.DateField(
        label=gettext_lazy("签收日期"),
        widget=DateInput,
        required=False,
        help_text=gettext_lazy("邮寄（须签收）的申请：本机关签收之日"),
        error_messages={"invalid": gettext_lazy("签收日期不是有效日期。")},
    )
    confirmed_on = forms.DateField(
        label=gettext_lazy("确认日期"),
        widget=DateInput,
        required=False,
        help_text=gettext_lazy("平常信函或传真：与申请人确认之日；尚未确认的留空"),
        error_messages={"invalid": gettext_lazy("确认日期不是有效日期。")},
    )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        for name in ("submitted_on", "signed_on", "confirmed_on"):
            day = data.get(name)
            if day is not None and day > today:
                self.add_error(
                    name,
                    _("%(label)s不能晚于今天。") % {"label": self.fields[name].label},
                )
            elif day is not None and day < REGULATION_IN_FORCE:
                self.add_error(
                    name,
                    _(
                        "%(label)s不能早于2019年5月15日（修订后的《政府信息公开条例》施行之日），"
                        "请核对年份。"
                    )
                    % {"label": self.fields[name].label},
                )
        if "channel" in data and data.get("submitted_on") and not self.has_error("submitted_on"):
            try:
                data["received_on"] = date_of_receipt(
                    data["channel"],
                    data["submitted_on"],
                    signed_on=data.get("signed_on"),
                    confirmed_on=data.get("confirmed_on"),
                )
            except ValidationError as error:
                self.add_error(None, error)
        return data


class RemedyForm(forms.Form):
    """A 行政复议 or 行政诉讼 filed about an answer (applications/remedies.py)."""

    kind = forms.ChoiceField(
        label=gettext_lazy("类型"),
        choices=Remedy.Kind.choices,
        error_messages=required(gettext_lazy("请选择行政复议或行政诉讼。")),
    )
    filed_on = forms.DateField(
        label=gettext_lazy("立案日期"),
        widget=DateInput,
        error_messages={
            "required": gettext_lazy("请填写立案日期。"),
            "invalid": gettext_lazy("立案日期不是有效日期。"),
        },
    )
    result = forms.ChoiceField(
        label=gettext_lazy("结果"), choices=Remedy.Result.choices, initial=Remedy.Result.PENDING
    )
    decided_on = forms.DateField(
        label=gettext_lazy("审结日期"),
        widget=DateInput,
        required=False,
        help_text=gettext_lazy("尚未审结的留空"),
        error_messages={"invalid": gettext_lazy("审结日期不是有效日期。")},
    )


class ConcludeForm(forms.Form):
    """How a recorded case ended."""

    result = forms.ChoiceField(label=gettext_lazy("结果"), choices=Remedy.Result.choices)
    decided_on = forms.DateField(
        label=gettext_lazy("审结日期"),
        widget=DateInput,
        required=False,
        error_messages={"invalid": gettext_lazy("审结日期不是有效日期。")},
    )

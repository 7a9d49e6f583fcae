"""Forms for a package. Structured parts of an interpretation (Q&A, key figures, timeline,
chart) are typed one item per line, "part | part", which office staff find quicker than
nested widgets; each line is checked and reported by its number."""

import hashlib
import re
import unicodedata

from django import forms
from django.core.files.base import ContentFile
from django.forms import MultipleChoiceField, SelectMultiple
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.forms import DateInput
from base.privacy.forms import ConfidentialityFields
from base.rendering.images import clean_image
from base.text import enumerate_items
from base.validation import CheckedUpload, check_upload, no_markup
from interpretation.models import Decision, Interpretation, InterpretationForm, PolicyDocument
from interpretation.rules import disclosure_problems, review_problems


class DocumentForm(forms.ModelForm):
    class Meta:
        model = PolicyDocument
        fields = [
            "title", "number", "issuing_body", "doc_type", "livelihood", "disclosure",
            "disclosure_reason", "effective_from", "expires_on", "summary", "body",
        ]  # fmt: skip
        widgets = {
            "effective_from": DateInput(),
            "expires_on": DateInput(),
        }

    def clean(self):
        data = super().clean()
        for message in disclosure_problems(data.get("disclosure"), data.get("disclosure_reason")):
            self.add_error("disclosure_reason", message)
        start, end = data.get("effective_from"), data.get("expires_on")
        if start and end and end < start:
            self.add_error("expires_on", _("有效期不能早于施行日期。"))
        return data


def number_text(value):
    """A number as typed ("24", "1,000", "3.5", full-width "２４" → "24"), or None."""
    value = unicodedata.normalize("NFKC", value).strip()
    return value if re.fullmatch(r"[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?", value) else None


def parse_lines(text, parts, names, numbers=()):
    """Parses "a | b | c" lines into dicts; raises one error naming every bad line.
    The parts named in `numbers` must be numbers."""
    items, errors = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        values = [value.strip() for value in line.split("|")]
        if len(values) != parts or not all(values):
            errors.append(
                _("第%(n)d行应有%(parts)d项，用“|”分隔：%(line)s")
                % {"n": number, "parts": parts, "line": line.strip()}
            )
            continue
        item = dict(zip(names, values, strict=True))
        for name in numbers:
            typed = number_text(item[name])
            if typed is None:
                errors.append(
                    _("第%(n)d行的数值“%(value)s”不是数字（例如 24、3.5、1,000）：%(line)s")
                    % {"n": number, "value": item[name], "line": line.strip()}
                )
                break
            item[name] = typed
        else:
            items.append(item)
    if errors:
        raise forms.ValidationError(errors)
    return items


def lines_of(items, names):
    return "\n".join(" | ".join(str(item.get(name, "")) for name in names) for item in items)


class StructuredField(forms.CharField):
    def __init__(self, names, help_text, numbers=(), **kwargs):
        self.names = names
        self.numbers = numbers
        super().__init__(
            required=False,
            widget=forms.Textarea(attrs={"rows": 4}),
            validators=[no_markup],
            help_text=help_text,
            **kwargs,
        )

    def prepare_value(self, value):
        return lines_of(value, self.names) if isinstance(value, list) else value

    def clean(self, value):
        return parse_lines(super().clean(value), len(self.names), self.names, self.numbers)


class MaterialForm(forms.ModelForm):
    forms = MultipleChoiceField(
        label=gettext_lazy("解读形式"),
        choices=InterpretationForm.choices,
        widget=SelectMultiple,
        required=False,
    )
    later_forms = MultipleChoiceField(
        label=gettext_lazy("发布后补充的解读形式"),
        choices=InterpretationForm.choices,
        widget=SelectMultiple,
        required=False,
        help_text=gettext_lazy("须在文件发布后3个工作日内补充发布"),
    )
    qa = StructuredField(
        ["question", "answer"], gettext_lazy("每行一组：问题 | 回答"), label=gettext_lazy("问答")
    )
    key_figures = StructuredField(
        ["value", "unit", "label"],
        gettext_lazy("每行一项：数值 | 单位 | 说明，例如：24 | 小时 | 重大突发事件新闻发布时限"),
        numbers=["value"],
        label=gettext_lazy("关键数据"),
    )
    timeline = StructuredField(
        ["date", "event"],
        gettext_lazy("每行一项：日期 | 事项，例如：2018年6月28日 | 印发"),
        label=gettext_lazy("时间轴"),
    )
    chart = StructuredField(
        ["label", "value"],
        gettext_lazy(
            "每行一项：类别 | 数值和单位，例如：法治政府 | 3 项（用于图解中的图表，各项单位相同）"
        ),
        label=gettext_lazy("图表数据"),
    )

    class Meta:
        model = Interpretation
        fields = [
            "forms", "channel", "timing", "interpreter", "interpreter_title", "contact",
            "background", "aims", "main_content", "scope", "standards", "notes", "key_terms",
            "benefits", "differences", "qa", "key_figures", "timeline", "chart",
            "video_url", "audio_url", "later_forms",
        ]  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        chart = self.initial.get("chart")
        if isinstance(chart, dict):  # each value shown with the chart's unit, as it is typed
            unit = str(chart.get("unit", ""))
            self.initial["chart"] = [
                {"label": item.get("label", ""), "value": f"{chart_number(item)} {unit}".strip()}
                for item in chart.get("items", [])
            ]

    def clean_chart(self):
        """Items as {"unit": …, "items": [{"label", "value": float}]}: a chart says its unit
        (件, %, 万元…), one for all its bars."""
        items = self.cleaned_data["chart"]
        units = []
        for number, item in enumerate(items, start=1):
            typed = unicodedata.normalize("NFKC", item["value"]).strip()
            found = CHART_VALUE.fullmatch(typed)
            if found is None:
                raise forms.ValidationError(
                    _("第%(n)d项的数值“%(value)s”不是数字。")
                    % {"n": number, "value": item["value"]}
                )
            if not found[2]:
                raise forms.ValidationError(
                    _("第%(n)d项没有写单位：图表须注明单位，例如“法治政府 | 3 项”。")
                    % {"n": number}
                )
            item["value"] = float(found[1].replace(",", ""))
            if found[2] not in units:
                units.append(found[2])
        if len(units) > 1:
            raise forms.ValidationError(
                _("图表各项的单位须相同，现为：%(units)s。") % {"units": enumerate_items(units)}
            )
        return {"unit": units[0], "items": items} if items else {}


# a number as typed, then its unit: "3 项", "2.5%", "1,050 元/月"
CHART_VALUE = re.compile(r"([+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*([^\d,.\s].*)?")


def chart_number(item):
    value = item.get("value", "")
    return f"{value:g}" if isinstance(value, float) else str(value)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("附件"), required=False)

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            self.checked = check_upload(uploaded)
            if self.checked.content_type.startswith("image/"):
                uploaded = self.redrawn(uploaded)
        return uploaded

    def redrawn(self, uploaded):
        """An image is kept as Pillow redraws it: upright, within limits, without EXIF."""
        image = clean_image(uploaded.read())
        self.checked = CheckedUpload(
            self.checked.name,
            image.content_type,
            len(image.data),
            hashlib.sha256(image.data).hexdigest(),
        )
        return ContentFile(image.data, name=uploaded.name)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("审核意见"), choices=Decision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=gettext_lazy("意见说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[no_markup],
    )

    def clean(self):
        data = super().clean()
        for message in review_problems(data.get("decision"), data.get("comment")):
            self.add_error("comment", message)
        return data


class OpennessReviewForm(ConfidentialityFields, ReviewForm):
    """公开审查: the review decision with the confidentiality checklist (保密审查) and, where
    high-confidence personal data is still undecided, the explicit override. The checklist
    is asked for when approving; whether the answers allow it is interpretation.rules'."""

    field_order = ["decision", "comment", *ConfidentialityFields.CHECKLIST_FIELDS]

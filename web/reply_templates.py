"""答复模板: a unit's handling clerks keep their unit's reply templates here; the reply
editor (workflows/proposals/views.py) starts a letter's body from one.

A unit sees and changes only its own templates: another unit's template answers 404, as if
it did not exist. The fields and their check are proposals.reply_templates'.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from base import audit
from proposals import reply_templates
from proposals.models import ReplyTemplate
from web.viewsets import StaffPage, StaffPages


class TemplateForm(forms.ModelForm):
    class Meta:
        model = ReplyTemplate
        fields = ["name", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, unit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.fields["text"].help_text = _(
            "字段写在花括号中，可用的字段：%(fields)s。{主送}是领衔代表或委员的姓名和称谓，"
            "如“陈志强代表、王芳代表”，不带冒号，模板中写作“{主送}：”。"
        ) % {"fields": reply_templates.field_list()}

    def clean_text(self):
        text = self.cleaned_data["text"]
        problems = reply_templates.template_problems(text)
        if problems:
            raise ValidationError(problems)
        return text

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        same = ReplyTemplate.objects.filter(unit=self.unit, name=name).exclude(pk=self.instance.pk)
        if same.exists():
            raise ValidationError(_("本单位已有同名的答复模板。"))
        return name


class TemplatesView(StaffPage, generic.TemplateView):
    """The unit's templates, and a new one."""

    template_name = "staff/reply_templates.html"

    def get_context_data(self, form=None, **kwargs):
        unit = self.request.user.unit
        return super().get_context_data(
            unit=unit,
            templates=reply_templates.templates_of(unit),
            form=form or TemplateForm(unit=unit),
            fields=reply_templates.field_list(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        unit = request.user.unit
        form = TemplateForm(request.POST, unit=unit, instance=ReplyTemplate(unit=unit))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=422)
        template = form.save()
        audit.record(request.user, "proposals.reply_template_saved", template)
        messages.success(request, _("已保存答复模板“%(name)s”。") % {"name": template.name})
        return redirect(self.viewset.reverse("index"))


class EditView(StaffPage, generic.TemplateView):
    """One template of the person's own unit: change it, or delete it."""

    template_name = "staff/reply_template_edit.html"

    def template(self, pk):
        return get_object_or_404(ReplyTemplate, pk=pk, unit_id=self.request.user.unit_id)

    def get_context_data(self, pk, form=None, **kwargs):
        template = self.template(pk)
        form = form or TemplateForm(instance=template, unit=template.unit)
        return super().get_context_data(template=template, form=form, **kwargs)

    def post(self, request, pk, *args, **kwargs):
        template = self.template(pk)
        if "delete" in request.POST:
            audit.record(request.user, "proposals.reply_template_deleted", template)
            template.delete()
            messages.success(request, _("已删除答复模板“%(name)s”。") % {"name": template.name})
            return redirect(self.viewset.reverse("index"))
        form = TemplateForm(request.POST, instance=template, unit=template.unit)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(pk, form=form), status=422)
        form.save()
        audit.record(request.user, "proposals.reply_template_saved", template)
        messages.success(request, _("已保存答复模板“%(name)s”。") % {"name": template.name})
        return redirect(self.viewset.reverse("index"))


reply_template_pages = StaffPages(
    title=gettext_lazy("答复模板"),
    icon="article",
    app_name="templates",
    permission=reply_templates.may_keep_templates,
    pages=[("", TemplatesView, "index"), ("<int:pk>/", EditView, "edit")],
)

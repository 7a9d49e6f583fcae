"""The proposal office's upload page for a batch of suggestions or proposals."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from proposals.importing import ImportFailed, too_large
from web.viewsets import StaffPage, StaffPages
from workflows.proposals.services import import_and_register

PERMISSION = "proposals.add_proposal"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("建议提案文件"),
        help_text=gettext_lazy(".xlsx 或 .csv，第一行为中文表头，格式见使用说明"),
    )


class ImportView(StaffPage, generic.FormView):
    form_class = UploadForm
    template_name = "staff/proposal_import.html"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            too_large(upload.size)  # before reading it
            result = import_and_register(upload.name, upload.read(), self.request.user)
        except ImportFailed as failure:
            return self.render_to_response(
                self.get_context_data(form=form, problems=failure.problems), status=422
            )
        if result.already_imported:
            messages.info(self.request, _("该文件此前已导入，未做改动。"))
        else:
            messages.success(
                self.request,
                _("已导入 %(created)d 条，跳过已存在的 %(skipped)d 条。")
                % {"created": result.created, "skipped": result.skipped},
            )
        return redirect(self.request.path)


proposal_import = StaffPages(
    title=gettext_lazy("导入建议提案"),
    icon="upload_file",
    app_name="import",
    permission=PERMISSION,
    pages=[("", ImportView, "index")],
)

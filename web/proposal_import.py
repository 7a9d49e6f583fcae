"""The proposal office's upload page for a batch of suggestions or proposals, the template
to fill in, and each batch's result page.

An upload that imports (or finds its file imported before) redirects to its batch's result
page, so a reload shows the result again and never imports twice; an upload with problems
imports nothing and answers with every problem by row.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy
from django.views import generic

from base.audit.models import AuditRecord
from proposals import import_template
from proposals.importing import ImportFailed, active_units, too_large
from proposals.models import ImportBatch, Proposal
from web.proposal_board import item_pages
from web.viewsets import StaffPage, StaffPages
from workflows.proposals.services import import_and_register

PERMISSION = "proposals.add_proposal"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("建议提案文件"),
        help_text=gettext_lazy(".xlsx 或 .csv，第一行为中文表头，请按导入模板和填写说明填写"),
    )


class ImportView(StaffPage, generic.FormView):
    form_class = UploadForm
    template_name = "staff/proposal_import.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            instructions=import_template.instructions(),
            notes=import_template.general_notes(),
            recent=ImportBatch.objects.select_related("imported_by")[:5],
            **kwargs,
        )

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            too_large(upload.size)  # before reading it
            result = import_and_register(upload.name, upload.read(), self.request.user)
        except ImportFailed as failure:
            return self.render_to_response(
                self.get_context_data(form=form, problems=failure.problems), status=422
            )
        page = self.viewset.reverse("result", args=[result.batch.pk])
        return redirect(f"{page}?again=1" if result.already_imported else page)


class TemplateDownload(StaffPage, generic.View):
    def get(self, request, *args, **kwargs):
        response = HttpResponse(import_template.template(active_units()), content_type=XLSX)
        response["Content-Disposition"] = content_disposition_header(
            True, import_template.FILE_NAME
        )
        return response


class ResultView(StaffPage, generic.TemplateView):
    """What one batch imported, item by item, and which rows it skipped and why."""

    template_name = "staff/proposal_import_result.html"

    def get_context_data(self, batch, **kwargs):
        batch = get_object_or_404(ImportBatch.objects.select_related("imported_by"), pk=batch)
        created = list(
            batch.proposals.select_related("suggested_lead_unit")
            .prefetch_related("proposers", "suggested_co_units")
            .order_by("pk")
        )
        details = import_details(batch)
        lines = [(line, pk) for line, pk in details.get("skipped_rows", [])]
        stored = Proposal.objects.select_related("batch").in_bulk([pk for _line, pk in lines])
        skipped = [(line, stored.get(pk)) for line, pk in lines]
        pages = item_pages(created + [proposal for _line, proposal in skipped if proposal])
        return super().get_context_data(
            batch=batch,
            again=self.request.GET.get("again") == "1",
            created=[(proposal, pages.get(proposal.pk)) for proposal in created],
            skipped=[
                (line, proposal, pages.get(proposal.pk) if proposal else None)
                for line, proposal in skipped
            ],
            # the units the file named other than by their 全称, and which unit each was read as
            readings=[(typed, full) for typed, full in details.get("unit_readings", [])],
            # batches imported before the rows were recorded say only how many
            skipped_count=max(batch.rows - batch.created, 0),
            **kwargs,
        )


def import_details(batch):
    """What the audit record of the batch's import keeps beside the batch itself."""
    record = AuditRecord.objects.filter(
        action="proposals.imported",
        object_type=ContentType.objects.get_for_model(ImportBatch),
        object_id=str(batch.pk),
    ).first()
    return record.details if record else {}


proposal_import = StaffPages(
    title=gettext_lazy("导入建议提案"),
    icon="upload_file",
    app_name="import",
    permission=PERMISSION,
    pages=[
        ("", ImportView, "index"),
        ("template.xlsx", TemplateDownload, "template"),
        ("<int:batch>/", ResultView, "result"),
    ],
)

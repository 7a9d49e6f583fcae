"""The staff pages of the interpretation flow: register, draft, review, and attachments.

Views hold no rules: they bind forms, call interpretation.rules / versions, record the
audit entry and let viewflow advance the task.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views import generic
from viewflow.workflow.flow.views import CreateArtifactView
from viewflow.workflow.flow.views.mixins import TaskSuccessUrlMixin

from base import audit
from interpretation import services, versions
from interpretation.forms import AttachmentForm, DocumentForm, MaterialForm, ReviewForm
from interpretation.models import Attachment, Review
from interpretation.rules import ensure_can_edit


class RegisterView(CreateArtifactView):
    """A drafter registers a document; it belongs to their unit and to them."""

    form_class = DocumentForm

    def form_valid(self, form):
        document = services.register(self.request.user, form.save(commit=False))
        self.object = document
        self.request.activation.process.artifact = document
        self.request.activation.execute()
        return HttpResponseRedirect(self.get_success_url())


class DraftView(TaskSuccessUrlMixin, generic.TemplateView):
    """Document and interpretation edited on one page, saved as a draft or submitted."""

    template_name = "workflows/interpretation/draft.html"

    @property
    def document(self):
        return self.request.activation.process.artifact

    def get_forms(self, data=None, files=None):
        document = self.document
        return {
            "document": DocumentForm(data, instance=document, prefix="document"),
            "material": MaterialForm(data, instance=document.interpretation, prefix="material"),
            "attachment": AttachmentForm(data, files, prefix="attachment"),
        }

    def get_context_data(self, **kwargs):
        document = self.document
        kwargs.setdefault("forms", self.get_forms())
        return super().get_context_data(
            document=document,
            returns=document.reviews.filter(decision="return").order_by("-at")[:3],
            attachments=document.attachments.all(),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        document = self.document
        ensure_can_edit(request.user, document)
        forms = self.get_forms(request.POST, request.FILES)
        if not all(form.is_valid() for form in forms.values()):
            return self.render_to_response(self.get_context_data(forms=forms))
        submitting = "submit" in request.POST
        try:
            with transaction.atomic():
                self.save(forms)
                if submitting:
                    version = services.submit(request.user, document)
        except ValidationError as error:
            self.show_problems(forms, error)
            return self.render_to_response(self.get_context_data(forms=forms))
        if not submitting:
            audit.record(request.user, "interpretation.draft_saved", document)
            messages.success(request, _("草稿已保存。"))
            return HttpResponseRedirect(request.get_full_path())
        request.activation.execute()
        messages.success(request, _("已提交审核（第%(n)d版）。") % {"n": version.number})
        return HttpResponseRedirect(self.get_success_url())

    def save(self, forms):
        forms["document"].save()
        forms["material"].save()
        checked = getattr(forms["attachment"], "checked", None)
        if checked:
            Attachment.objects.create(
                document=self.document,
                file=forms["attachment"].cleaned_data["file"],
                name=checked.name,
                content_type=checked.content_type,
                size=checked.size,
                sha256=checked.sha256,
                uploaded_by=self.request.user,
            )

    @staticmethod
    def show_problems(forms, error):
        for field, problems in error.message_dict.items():
            form = next(
                (f for f in (forms["material"], forms["document"]) if field in f.fields), None
            )
            for problem in problems:
                (form or forms["document"]).add_error(None if form is None else field, problem)


class ReviewView(TaskSuccessUrlMixin, generic.FormView):
    """A reviewer reads document and interpretation side by side, with what changed since
    the version they last saw, and approves or returns the whole package."""

    form_class = ReviewForm
    template_name = "workflows/interpretation/review.html"

    @property
    def document(self):
        return self.request.activation.process.artifact

    def get_context_data(self, **kwargs):
        document = self.document
        seen, current, changes = versions.changes_since_seen(self.request.user, document)
        if current is not None:
            versions.mark_seen(self.request.user, current)
        return super().get_context_data(
            document=document,
            interpretation=document.interpretation,
            version=current,
            seen=seen,
            changes=changes,
            reviews=document.reviews.select_related("reviewer").order_by("at"),
            attachments=document.attachments.all(),
            **kwargs,
        )

    def form_valid(self, form):
        activation, document = self.request.activation, self.document
        review = Review.objects.create(
            document=document,
            version=document.versions.order_by("-number").first(),
            step=activation.flow_task.name,
            reviewer=self.request.user,
            decision=form.cleaned_data["decision"],
            comment=form.cleaned_data["comment"],
        )
        audit.record(
            self.request.user,
            f"interpretation.{review.step}.{review.decision}",
            document,
            version=review.version.number,
            comment=review.comment,
        )
        services.clear_overdue(document)
        activation.execute()
        messages.success(self.request, _("已办理：%(decision)s。") % {
            "decision": review.get_decision_display()
        })  # fmt: skip
        return HttpResponseRedirect(self.get_success_url())


def attachment(request, pk, flow_class):
    """Attachments are served only to people who may see their package."""
    item = get_object_or_404(Attachment.objects.select_related("document"), pk=pk)
    process = flow_class.process_class._default_manager.filter(
        artifact_object_id=item.document_id, flow_class=flow_class
    ).first()
    if process is None or not flow_class.instance.has_view_permission(request.user, process):
        raise PermissionDenied
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)

"""The staff pages of the interpretation flow: register, draft, review, and attachments.

Views hold no rules: they bind forms, call interpretation.rules / versions, record the
audit entry and let viewflow advance the task.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseNotAllowed,
    HttpResponseRedirect,
)
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from viewflow.forms import FieldSet, Layout, Row
from viewflow.workflow.flow.views import CreateArtifactView
from viewflow.workflow.flow.views.mixins import TaskSuccessUrlMixin

from base import audit
from base.privacy.views import RedactionMixin
from interpretation import infographic, rules, services, versions
from interpretation.forms import (
    AttachmentForm,
    DocumentForm,
    MaterialForm,
    OpennessReviewForm,
    ReviewForm,
)
from interpretation.models import Attachment, PolicyDocument
from interpretation.rules import ensure_can_edit

OPENNESS_REVIEW = "openness_review"
OPENNESS_LAYOUT = Layout(
    "decision",
    "comment",
    FieldSet(
        gettext_lazy("保密审查（同意时逐项回答）"),
        Row("state_secret", "trade_secret", "personal_privacy", "process_info"),
        "confidentiality_note",
    ),
    FieldSet(gettext_lazy("高可信度个人信息未逐项处理时"), "override", "override_reason"),
)


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
            # changes with the saved content: the preview's URL, so a save shows a new picture
            infographic_version=infographic.version(document),
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        document = self.document
        ensure_can_edit(request.user, document)
        forms = self.get_forms(request.POST, request.FILES)
        if not all(form.is_valid() for form in forms.values()):
            return self.refused(forms)
        submitting = "submit" in request.POST
        try:
            with transaction.atomic():
                self.save(forms)
                if submitting:
                    version = services.submit(request.user, document)
        except ValidationError as error:
            self.show_problems(forms, error)
            return self.refused(forms)
        if not submitting:
            audit.record(request.user, "interpretation.draft_saved", document)
            messages.success(request, _("草稿已保存。"))
            return HttpResponseRedirect(request.get_full_path())
        request.activation.execute()
        messages.success(request, _("已提交审核（第%(n)d版）。") % {"n": version.number})
        return HttpResponseRedirect(self.get_success_url())

    def refused(self, forms):
        """The page again with its problems. Nothing was saved, and a browser cannot keep a
        chosen file in the re-shown form: the person is told to choose it again rather than
        finding later that it is missing."""
        chosen = self.request.FILES.get(forms["attachment"].add_prefix("file"))
        if chosen:
            forms["attachment"].add_error(
                "file",
                _("所选附件“%(name)s”未保存：浏览器不会保留已选的文件，改正问题后请重新选择。")
                % {"name": chosen.name},
            )
        return self.render_to_response(self.get_context_data(forms=forms))

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


class ReviewView(RedactionMixin, TaskSuccessUrlMixin, generic.FormView):
    """A reviewer reads document and interpretation side by side, with what changed since
    the version they last saw, and approves or returns the whole package.

    At the openness review (公开审查) the reviewer also sees the personal data found in every
    text that will be published, masks or keeps each finding and marks what the detector
    missed (base.privacy), and approves with the confidentiality checklist; an approval
    while high-confidence findings are undecided needs an explicit override with a reason."""

    template_name = "workflows/interpretation/review.html"

    @property
    def document(self):
        return self.request.activation.process.artifact

    @property
    def openness(self):
        return self.request.activation.flow_task.name == OPENNESS_REVIEW

    def get_form_class(self):
        return OpennessReviewForm if self.openness else ReviewForm

    def privacy_enabled(self):
        return self.openness

    def privacy_texts(self):
        return rules.published_texts(self.document)

    def privacy_notices(self):
        return rules.attachment_notices(self.document)

    def get_context_data(self, **kwargs):
        document = self.document
        # the version counts as seen once the reviewer decides on it, not when the page is
        # shown: a refused submit or a reload still shows what changed
        seen, current, changes = versions.changes_since_seen(self.request.user, document)
        return super().get_context_data(
            document=document,
            interpretation=document.interpretation,
            version=current,
            seen=seen,
            changes=changes,
            reviews=document.reviews.select_related("reviewer").order_by("at"),
            attachments=document.attachments.all(),
            infographic_version=infographic.version(document),
            openness=self.openness,
            form_layout=OPENNESS_LAYOUT if self.openness else None,
            **kwargs,
        )

    def form_valid(self, form):
        activation, document = self.request.activation, self.document
        data = form.cleaned_data
        try:
            with transaction.atomic():
                review = services.decide(
                    self.request.user,
                    document,
                    activation.flow_task.name,
                    data["decision"],
                    data["comment"],
                    form.checklist if self.openness else None,
                    data.get("confidentiality_note", ""),
                    form.override_given if self.openness else "",
                )
                activation.execute()
        except ValidationError as error:
            for problem in error.messages:
                form.add_error(None, problem)
            return self.form_invalid(form)
        messages.success(self.request, _("已办理：%(decision)s。") % {
            "decision": review.get_decision_display()
        })  # fmt: skip
        return HttpResponseRedirect(self.get_success_url())


def ensure_can_see(user, document_id, flow_class):
    process = flow_class.process_class._default_manager.filter(
        artifact_object_id=document_id, flow_class=flow_class
    ).first()
    if process is None or not flow_class.instance.has_view_permission(user, process):
        raise PermissionDenied


def attachment(request, pk, flow_class):
    """Attachments are served only to people who may see their package."""
    item = get_object_or_404(Attachment.objects.select_related("document"), pk=pk)
    ensure_can_see(request.user, item.document_id, flow_class)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


# ?file= -> (what makes the file, download name after the document number or None
# for a picture shown in the page)
INFOGRAPHIC_FILES = {
    "preview.png": (infographic.preview, None),
    "infographic.pdf": (infographic.pdf, "图文解读.pdf"),
    "long.png": (infographic.long_image, "长图.png"),
    "card.png": (infographic.share_card, "分享卡片.png"),
    "pages.zip": (infographic.pages_zip, "各页图片.zip"),
}


def infographic_file(request, pk, flow_class):
    """A package's infographic as saved now (?file=preview.png, infographic.pdf, …), only to
    people who may see the package. Rendered on first request, then served from the cache."""
    document = get_object_or_404(
        PolicyDocument.objects.select_related("interpretation", "drafting_unit"), pk=pk
    )
    ensure_can_see(request.user, document.pk, flow_class)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    name = request.GET.get("file", "preview.png")
    if name not in INFOGRAPHIC_FILES:
        raise Http404
    make, download = INFOGRAPHIC_FILES[name]
    made = make(document)
    if isinstance(made, bytes):
        response = HttpResponse(made, content_type="application/zip")
    else:
        response = FileResponse(made.open("rb"))
    if download:
        response.headers["Content-Disposition"] = content_disposition_header(
            True, f"{document.number}-{download}"
        )
    response.headers["Cache-Control"] = "private, max-age=0, must-revalidate"
    return response

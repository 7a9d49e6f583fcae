"""The staff pages of the proposal flow, one per step, and the proposer's feedback link (its
signed token; the proposer's page itself is public, in web/portal/feedback.py).

Views hold no rules: they bind a form, call proposals.rules / proposals.replies inside one
transaction with the task's completion, and show what went wrong in the user's words.
"""

import io

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from viewflow.forms import FieldSet, Layout, Row
from viewflow.workflow.flow.views.mixins import TaskSuccessUrlMixin

from base.privacy.redaction import PublishedText
from base.privacy.views import RedactionMixin
from base.text import enumerate_items
from base.validation import no_markup
from base.workdays.deadlines import CalendarMissingYear, WorkingCalendar, due_label
from proposals import forms, replies, reply_templates, rules
from proposals.letter import letter_pdf
from proposals.models import AssignmentState, DisclosureDecision, ReplyLetter
from workflows.proposals import access

DISCLOSURE_LAYOUT = Layout(
    FieldSet(
        gettext_lazy("保密审查（逐项回答）"),
        Row("state_secret", "trade_secret", "personal_privacy", "process_info"),
    ),
    FieldSet(
        gettext_lazy("公开决定"), "decision", "reason", "confidentiality_note", "released_body"
    ),
    FieldSet(gettext_lazy("高可信度个人信息未逐项处理时"), "override", "override_reason"),
)
FEEDBACK_SALT = "proposals.feedback"
FEEDBACK_LINK_DAYS = 90


class StepView(TaskSuccessUrlMixin, generic.FormView):
    """One step: the item on the left, the step's form on the right; `act` does the step."""

    template_name = "workflows/proposals/step.html"

    @property
    def proposal(self):
        return self.request.activation.process.artifact

    @property
    def assignment(self):
        return self.request.activation.task.seed

    def get_context_data(self, **kwargs):
        proposal, assignment = self.proposal, self.assignment
        shares = proposal.assignments.select_related("unit").order_by("pk")
        return super().get_context_data(
            proposal=proposal,
            assignment=assignment,
            shares=shares,
            step=self.request.activation.flow_task,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            with transaction.atomic():
                message = self.act(form)
                self.request.activation.execute()
        except (ValidationError, CalendarMissingYear) as error:
            for problem in getattr(error, "messages", [str(error)]):
                form.add_error(None, problem)
            return self.form_invalid(form)
        messages.success(self.request, message or _("已办理。"))
        return HttpResponseRedirect(self.get_success_url())

    def act(self, form):
        raise NotImplementedError


class AssignView(StepView):
    form_class = forms.AssignForm

    def get_initial(self):
        proposal = self.proposal
        return {
            "handling": proposal.handling,
            "lead": proposal.suggested_lead_unit,
            "co_units": proposal.suggested_co_units.all(),
        }

    def act(self, form):
        data = form.cleaned_data
        shares = rules.assign(
            self.proposal, data["lead"], list(data["co_units"]), data["handling"], self.request.user
        )
        return _("已交办 %(n)d 个单位，办理期限 %(due)s。") % {
            "n": len(shares),
            "due": due_label(shares[0].due_on, WorkingCalendar().is_provisional(shares[0].due_on)),
        }


class SignForView(StepView):
    form_class = forms.SignForForm

    def act(self, form):
        if form.cleaned_data["decision"] == "adjust":
            rules.request_adjustment(
                self.assignment, form.cleaned_data["reason"], self.request.user
            )
            return _("已申请调整，等待建议提案办理机构处理。")
        rules.sign_for(self.assignment, self.request.user)
        return _("已签收。")


class AdjustmentView(StepView):
    form_class = forms.AdjustmentForm

    @property
    def adjusting(self):
        return self.proposal.assignments.filter(state=AssignmentState.ADJUSTING).first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(adjusting=self.adjusting, **kwargs)

    def act(self, form):
        data = form.cleaned_data
        rules.decide_adjustment(
            self.adjusting, self.request.user, data["new_unit"], data["comment"]
        )


class OpinionView(StepView):
    form_class = forms.OpinionForm

    def get_context_data(self, **kwargs):
        due = rules.opinion_due(self.assignment).due
        return super().get_context_data(opinion_due=due, **kwargs)

    def act(self, form):
        data = form.cleaned_data
        rules.write_opinion(self.assignment, data["text"], data["contact"], self.request.user)


class ContactView(StepView):
    form_class = forms.ContactForm

    def act(self, form):
        rules.record_contact(self.assignment, self.request.user, **form.cleaned_data)


class DraftReplyView(StepView):
    """The reply editor, with the co-units' opinions and the contact records beside it."""

    form_class = forms.LetterForm
    template_name = "workflows/proposals/draft_reply.html"

    @property
    def letter(self):
        return replies.current_letter(self.assignment)

    def chosen_template(self):
        """(the template asked for with ?template=, its filled text or None, problems): the
        unit's own templates only."""
        pk = self.request.GET.get("template", "")
        if self.request.method != "GET" or not pk:
            return None, None, []
        unit = self.assignment.unit
        template = (
            reply_templates.templates_of(unit).filter(pk=pk).first()
            if pk.isascii() and pk.isdigit() and len(pk) < 19
            else None
        )
        if template is None:
            return None, None, [_("找不到该答复模板，请从本单位的模板中选择。")]
        try:
            return template, reply_templates.fill(template, self.proposal, unit), []
        except ValidationError as error:
            return template, None, error.messages

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "instance": self.letter}
        _template, filled, _problems = self.chosen_template()
        if filled is not None:
            kwargs["initial"] = {**kwargs.get("initial", {}), "body": filled}
        return kwargs

    def get_context_data(self, **kwargs):
        assignment = self.assignment
        letter = self.letter
        template, filled, problems = self.chosen_template()
        return super().get_context_data(
            reply_templates=reply_templates.templates_of(assignment.unit),
            chosen_template=template,
            template_filled=filled is not None,
            template_problems=problems,
            letter=letter,
            opinions=[a.opinion for a in self.proposal.assignments.filter(opinion__isnull=False)],
            contacts=assignment.contacts.all(),
            earlier=assignment.letters.filter(round__lt=letter.round).prefetch_related("feedbacks"),
            returns=letter.reviews.filter(approved=False).order_by("-at")[:3],
            **kwargs,
        )

    def form_valid(self, form):
        if "submit" in self.request.POST:
            return super().form_valid(form)
        form.save()
        if "use_template" in self.request.POST:
            # what was typed is kept; the page then offers the body from the template
            chosen = self.request.POST.get("template", "")
            return HttpResponseRedirect(f"{self.request.path}?{urlencode({'template': chosen})}")
        messages.success(self.request, _("草稿已保存。"))
        return HttpResponseRedirect(self.request.path)  # the saved draft, not a template

    def act(self, form):
        version = replies.submit(form.save(), self.request.user)
        return _("已提交核稿（第%(n)d稿）。") % {"n": version.number}


class LetterReviewView(StepView):
    """核稿, 分管领导审核 and 签发 read the letter as it was submitted and approve or return."""

    form_class = forms.LetterReviewForm
    template_name = "workflows/proposals/review_letter.html"

    def get_context_data(self, **kwargs):
        letter = replies.current_letter(self.assignment)
        return super().get_context_data(
            letter=letter,
            version=letter.versions.order_by("-number").first(),
            reviews=letter.reviews.select_related("reviewer"),
            **kwargs,
        )

    def act(self, form):
        data = form.cleaned_data
        approved = data["decision"] == "approve"
        replies.review(
            replies.current_letter(self.assignment),
            self.request.activation.flow_task.name,
            approved,
            data["comment"],
            self.request.user,
        )
        return _("已同意。") if approved else _("已退回修改。")


class FeedbackView(StepView):
    """The office enters what the proposer said, or gives them their personal link. A merged
    handling's letter answers several items: each proposer answers for their own item (their
    own link), and the step is done when every one has."""

    form_class = forms.FeedbackForm

    @property
    def letter(self):
        return replies.current_letter(self.assignment)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "items": replies.awaiting_feedback(self.letter)}

    def get_context_data(self, **kwargs):
        letter = self.letter
        link = self.request.build_absolute_uri(feedback_url(letter))
        items = replies.answered_items(letter)
        links = []
        if len(items) > 1:
            given = {f.proposal_id: f for f in letter.feedbacks.all()}
            links = [
                (
                    item,
                    self.request.build_absolute_uri(feedback_url(letter, item)),
                    given.get(item.pk),
                )
                for item in items
            ]
        return super().get_context_data(
            letter=letter, feedback_link=None if links else link, feedback_links=links, **kwargs
        )

    def form_valid(self, form):
        letter, data = self.letter, form.cleaned_data
        awaiting = replies.awaiting_feedback(letter)
        # the item chosen, or the one whose proposer's feedback is still awaited
        item = next((i for i in awaiting if i.pk == data.get("item")), None)
        item = item or (awaiting[0] if awaiting else None)
        try:
            with transaction.atomic():
                replies.record_feedback(
                    letter, data["satisfaction"], data["comment"], self.request.user, item
                )
                waiting = replies.awaiting_feedback(letter)
                if not waiting:
                    self.request.activation.execute()
        except (ValidationError, CalendarMissingYear) as error:
            for problem in getattr(error, "messages", [str(error)]):
                form.add_error(None, problem)
            return self.form_invalid(form)
        if waiting:
            messages.success(
                self.request,
                _("已登记反馈，还有%(items)s待反馈。")
                % {"items": enumerate_items(i.label for i in waiting)},
            )
            return HttpResponseRedirect(self.request.get_full_path())
        messages.success(self.request, _("已办理。"))
        return HttpResponseRedirect(self.get_success_url())


class DisclosureView(RedactionMixin, StepView):
    """办理结果公开决定: the office sees the personal data found in what will be published
    (the letter's title and body, or the released text of a partial disclosure), masks or
    keeps each finding and marks what the detector missed, answers the confidentiality
    checklist and decides. The released text can be saved first (kept with the task until
    the decision) to check the personal data in it."""

    form_class = forms.DisclosureForm
    template_name = "workflows/proposals/disclose.html"
    SAVE_RELEASED = "save_released"

    @property
    def letter(self):
        return replies.current_letter(self.assignment)

    @property
    def released_draft(self):
        data = self.request.activation.task.data
        return (data.get("released_body") or "") if isinstance(data, dict) else ""

    def privacy_texts(self):
        letter = self.letter
        texts = replies.published_texts(letter)
        draft = self.released_draft
        if draft.strip() and draft.strip() != letter.body.strip():
            names = replies.proposer_names(letter.assignment.proposal)
            label = _("部分公开的文本（已保存）")
            texts.append(PublishedText("released", letter, "body", label, draft, names))
        return texts

    def get_initial(self):
        return {"released_body": self.released_draft or self.letter.body}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            letter=self.letter,
            released_draft=self.released_draft,
            form_layout=DISCLOSURE_LAYOUT,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        if self.SAVE_RELEASED in request.POST:
            return self.save_released(request)
        return super().post(request, *args, **kwargs)

    def save_released(self, request):
        """Keeps the released text with the task, so that its personal data can be checked
        before the decision; nothing is decided."""
        released = request.POST.get("released_body", "")
        try:
            no_markup(released)
        except ValidationError as error:
            form = self.get_form()
            form.is_valid()
            for problem in error.messages:
                form.add_error("released_body", problem)
            return self.render_to_response(self.get_context_data(form=form))
        task = self.request.activation.task
        task.data = {
            **(task.data if isinstance(task.data, dict) else {}),
            "released_body": released,
        }
        task.save(update_fields=["data"])
        messages.success(
            request, _("已保存部分公开的文本，请在“个人信息审查”中核对其中的个人信息。")
        )
        return HttpResponseRedirect(request.get_full_path() + "#pd")

    def act(self, form):
        data = form.cleaned_data
        replies.disclose(
            self.letter,
            data["decision"],
            data["reason"],
            data["released_body"],
            self.request.user,
            checklist=form.checklist,
            note=data["confidentiality_note"],
            override_reason=form.override_given,
        )
        return _("已决定：%(decision)s。") % {
            "decision": DisclosureDecision(data["decision"]).label
        }


def reply_letter_pdf(request, pk, flow_class):
    """A reply letter as PDF (GB/T 9704 letter format), or with ?format=docx as a Word file,
    for the proposal office and the letter's own unit: the people who may see that unit's
    tasks. Registered as the flow's attachment view (web/site.py)."""
    reply = get_object_or_404(
        ReplyLetter.objects.select_related("assignment__unit", "assignment__proposal"), pk=pk
    )
    share, person = reply.assignment, request.user
    process = flow_class.process_class._default_manager.filter(
        artifact_object_id=share.proposal_id, flow_class=flow_class
    ).first()
    own_unit = share.unit_id == person.unit_id and share.is_live
    if (
        process is None
        or not flow_class.instance.has_view_permission(person, process)
        or not (access.sees_everything(person) or own_unit)
    ):
        raise PermissionDenied
    name = f"{share.proposal.label}答复函（{share.unit.name}，第{reply.round}轮）"
    if request.GET.get("format") == "docx":  # the Word copy, for the unit to finish in WPS
        # python-docx takes a third of a second to import: only a process that writes one pays
        from base.rendering import word
        from proposals.letter_docx import letter_docx

        return FileResponse(
            io.BytesIO(letter_docx(reply)),
            as_attachment=True,
            filename=f"{name}.docx",
            content_type=word.MIME_TYPE,
        )
    return FileResponse(letter_pdf(reply).open("rb"), as_attachment=True, filename=f"{name}.pdf")


def feedback_url(letter, item=None):
    """The proposer's personal link to `letter`: a signed token naming it (and, for a joined
    item of a merged handling, the item whose proposer answers), valid FEEDBACK_LINK_DAYS
    days. The page is web/portal/feedback.py; it reads the token back with
    `feedback_letter_id` and `feedback_item_id`."""
    claims = {"letter": letter.pk}
    if item is not None and item.pk != letter.assignment.proposal_id:
        claims["item"] = item.pk
    token = signing.dumps(claims, salt=FEEDBACK_SALT)
    return reverse("proposer_feedback", args=[token])


def _claims(token):
    max_age = FEEDBACK_LINK_DAYS * 86400
    try:
        claims = signing.loads(token, salt=FEEDBACK_SALT, max_age=max_age)
        return claims if isinstance(claims, dict) and "letter" in claims else None
    except (signing.BadSignature, TypeError):
        return None


def feedback_letter_id(token):
    """The id of the letter a `feedback_url` token names; None when the token is forged,
    altered, expired or not one of ours."""
    claims = _claims(token)
    return claims["letter"] if claims else None


def feedback_item_id(token):
    """The joined item a `feedback_url` token names; None for the letter's own item."""
    claims = _claims(token)
    return claims.get("item") if claims else None

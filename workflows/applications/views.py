"""The staff pages of the application flow, one per step, and the clerk's registration page.

Views hold no rules: they bind a form, call applications.handling inside one transaction with
the task's completion, and show what went wrong in the user's words. What a step decided for
the flow's switches is kept on the process (`process.data["choice"]`).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from viewflow.forms import FieldSet, Layout, Row
from viewflow.workflow.flow.views.mixins import TaskSuccessUrlMixin
from viewflow.workflow.status import STATUS

from applications import answer_files, deadlines, handling
from base.forms import add_refusal
from base.privacy.redaction import open_high_findings, record_override
from base.privacy.views import RedactionMixin
from base.workdays.deadlines import CalendarMissingYear
from workflows.applications import forms
from workflows.applications.forms import Choice

__all__ = ["Choice"]


class ChoiceFieldSet(FieldSet):
    """The fields of one of the decision's options, shown only while that option is chosen
    (workflows/package.css, by the `data-for-choice` it carries): the clerk who chose 补正
    sees what a 补正 needs, not the extension's five fields as well."""

    def __init__(self, choice, title, *elements, **kwargs):
        self.choice = choice
        super().__init__(title, *elements, **kwargs)

    def append(self, layout, form, root):
        super().append(layout, form, root)
        root[-1].set("data-for-choice", self.choice)


DECIDE_LAYOUT = Layout(
    "choice",
    ChoiceFieldSet(Choice.COMPLETION, gettext_lazy("告知补正（条例第三十条）"), "what", "reply_by"),
    ChoiceFieldSet(Choice.CONSULT, gettext_lazy("征求第三方意见（条例第三十二条）"), "third_party"),
    ChoiceFieldSet(
        Choice.EXTEND,
        gettext_lazy("延期答复（条例第三十三条，最长20个工作日）"),
        Row("working_days", "approved_by"),
        Row("approved_on", "notified_on"),
        "reason",
    ),
)


def history(application, process):
    """The steps done so far and what was recorded on the way, oldest first."""
    tasks = process.task_set.filter(status=STATUS.DONE, finished__isnull=False)
    done = [
        (task.finished, str(task.flow_task.task_title or task.flow_task), task.owner)
        for task in tasks.select_related("owner").order_by("finished")
        if getattr(task.flow_task, "holders", None) is not None
    ]
    return done


class StepView(TaskSuccessUrlMixin, generic.FormView):
    """One step: the application on the left, with its due date and history; the step's form
    on the right; `act` does the step and returns what the flow's switch reads."""

    template_name = "workflows/applications/step.html"

    @property
    def application(self):
        return self.request.activation.process.artifact

    def get_context_data(self, **kwargs):
        application = self.application
        process = self.request.activation.process
        return super().get_context_data(
            application=application,
            history=history(application, process),
            proposal=(process.data or {}).get("proposal"),
            step=self.request.activation.flow_task,
            **kwargs,
        )

    def form_valid(self, form):
        try:
            with transaction.atomic():
                choice, message = self.act(form.cleaned_data)
                process = self.request.activation.process
                process.data = {**(process.data or {}), "choice": choice}
                process.save(update_fields=["data"])
                self.request.activation.execute()
        except (ValidationError, CalendarMissingYear) as error:
            return self.refused(form, error)
        messages.success(self.request, message or _("已办理。"))
        return HttpResponseRedirect(self.get_success_url())

    def refused(self, form, error):
        """The form again, with what the rules refused."""
        add_refusal(form, error)
        return self.form_invalid(form)

    def act(self, data):
        raise NotImplementedError

    @property
    def actor(self):
        return self.request.user


class ConfirmView(StepView):
    form_class = forms.ConfirmForm

    def get_initial(self):
        """Today, the usual answer, where the day of receipt is the day of confirming."""
        if handling.needs_confirming(self.application):
            return {"confirmed_on": timezone.localdate()}
        return {}

    def act(self, data):
        day = handling.confirm_receipt(
            self.application, self.actor, confirmed_on=data.get("confirmed_on")
        )
        return None, _("收到申请日期：%(day)s。") % {"day": date_format(day, "DATE_FORMAT")}


class AssignView(StepView):
    form_class = forms.AssignForm

    def get_initial(self):
        return {"unit": self.application.unit or self.application.organ}

    def act(self, data):
        handling.assign(self.application, data["unit"], self.actor)
        return None, _("已分办至%(unit)s。") % {"unit": data["unit"]}


class SearchView(StepView):
    form_class = forms.SearchForm

    def act(self, data):
        # the unit proposes; the office decides (审核决定) and answers
        forms.keep_proposal(
            self.request.activation.process,
            self.actor,
            data["category"],
            data["suggestion"],
            data["note"],
        )
        return data["suggestion"], _("已提交拟办意见。")


class DecideView(StepView):
    form_class = forms.DecideForm

    def get_context_data(self, **kwargs):
        return super().get_context_data(form_layout=DECIDE_LAYOUT, **kwargs)

    def act(self, data):
        application, choice, today = self.application, data["choice"], timezone.localdate()
        if choice == Choice.COMPLETION:
            handling.ask_correction(
                application,
                self.actor,
                what=data["what"],
                asked_on=today,
                reply_by=data["reply_by"] or today,
            )
            return choice, _("已告知补正，答复期限自收到补正之日起重新计算。")
        if choice == Choice.CONSULT:
            handling.consult(
                application, self.actor, third_party=data["third_party"], sent_on=today
            )
            return choice, _("已征求第三方意见，第三方提出意见的时间不计入答复期限。")
        if choice == Choice.EXTEND:
            handling.extend(
                application,
                self.actor,
                working_days=data["working_days"],
                approved_by=data["approved_by"],
                approved_on=data["approved_on"] or today,
                reason=data["reason"],
                notified_on=data["notified_on"] or today,
            )
            due = deadlines.answer_due(application)
            return choice, _("已延期答复，答复期限：%(due)s。") % {"due": due.label}
        return Choice.ANSWER, _("请起草答复。")


class CompletionView(StepView):
    form_class = forms.CompletionForm

    def act(self, data):
        if data["outcome"] == Choice.LAPSED:
            handling.correction_lapsed(self.application, self.actor, on=data["on"])
            return Choice.LAPSED, _("申请人逾期未补正，不再处理。")
        handling.record_correction(self.application, self.actor, received_on=data["on"])
        due = deadlines.answer_due(self.application)
        return Choice.ARRIVED, _("已登记补正，答复期限：%(due)s。") % {"due": due.label}


class OpinionView(StepView):
    form_class = forms.OpinionForm

    def act(self, data):
        handling.record_opinion(self.application, self.actor, **data)
        return None, _("已登记第三方意见。")


class AnswerView(RedactionMixin, StepView):
    """起草答复: the answer's category and the files it provides. The files and the answer's
    content are kept as soon as they are given (so that an answer held back by the files'
    personal data loses nothing), and the answer goes to the signer only when the detector's
    sure findings in the files are decided, one by one in the review panel as a
    publication's are, or overridden with a reason."""

    form_class = forms.AnswerForm
    DRAFT = ("category", "withheld_grounds", "subject", "propose_active")

    def privacy_texts(self):
        return answer_files.texts(self.application)

    def privacy_notices(self):
        return answer_files.notices(self.application)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            answer_files=answer_files.files_of(self.application), **kwargs
        )

    def form_valid(self, form):
        application, data = self.application, form.cleaned_data
        try:
            for uploaded in data.get("files", []):
                answer_files.attach(application, uploaded, actor=self.actor)
        except ValidationError as error:
            return self.refused(form, ValidationError({"files": error.messages}))
        draft = {name: data[name] for name in self.DRAFT}
        try:
            handling.draft_answer(application, self.actor, **draft)
        except ValidationError as error:
            return self.refused(form, error)
        self.override_reason = form.override_given
        problems = answer_files.answer_problems(application, self.override_reason)
        if problems:
            return self.refused(form, ValidationError(problems))
        return super().form_valid(form)

    def get_initial(self):
        return {name: getattr(self.application, name) for name in self.DRAFT}

    def act(self, data):
        if self.override_reason:
            found = open_high_findings(answer_files.texts(self.application))
            record_override(self.actor, self.application, found, self.override_reason)
        return None, _("答复已提交签发。")


class SignView(StepView):
    form_class = forms.SignForm

    def act(self, data):
        approved = data["decision"] == Choice.APPROVE
        handling.sign(self.application, self.actor, approved=approved, comment=data["comment"])
        if not approved:
            return Choice.RETURN, _("已退回修改。")
        return Choice.APPROVE, _("已签发，答复已送出。")

"""The proposer's personal page (`/feedback/<token>/`, web/urls.py): the reply letter they
received and their satisfaction with it. Unlike the rest of the portal it shows no
publication: the signed token (`workflows.proposals.views.feedback_url`) is the credential,
and the answer completes the flow's 登记满意度 task as the office's page would.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from viewflow.fsm import TransitionNotAllowed
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.status import STATUS

from base.workdays.deadlines import CalendarMissingYear
from proposals import forms, replies
from proposals.models import Feedback, ReplyLetter
from workflows.proposals.flows import ProposalFlow
from workflows.proposals.views import feedback_item_id, feedback_letter_id


class Proposer:
    """What viewflow's activation reads from a request when the proposer acts by link."""

    user = None


def proposer_feedback(request, token):
    """The proposer's personal page: the reply they received and their satisfaction. For a
    merged handling the token names the proposer's own item; the step is done when every
    merged item's proposer has answered."""
    pk = feedback_letter_id(token)
    if pk is None:
        raise Http404
    letter = ReplyLetter.objects.select_related("assignment__proposal").filter(pk=pk).first()
    if letter is None or letter.sent_at is None:
        raise Http404
    items = {item.pk: item for item in replies.answered_items(letter)}
    proposal = items.get(feedback_item_id(token) or letter.assignment.proposal_id)
    if proposal is None:  # split off since: the letter no longer answers it
        raise Http404
    given = Feedback.objects.filter(letter=letter, proposal=proposal).first()
    task = (
        ProposalFlow.task_class.objects.filter(
            flow_task=ProposalFlow.feedback,
            seed_object_id=letter.assignment_id,
            status__in=[STATUS.NEW, STATUS.ASSIGNED],
        )
        .order_by("-pk")
        .first()
    )
    if given is not None:
        task = None
    form = forms.FeedbackForm(request.POST or None)
    if task is not None and request.method == "POST" and form.is_valid():
        try:
            # the activation's lock is the transaction: inside another one, a lock that must
            # wait would leave PostgreSQL's transaction aborted for viewflow's next attempt
            with task.activation() as activation:
                replies.record_feedback(
                    letter, form.cleaned_data["satisfaction"], form.cleaned_data["comment"],
                    proposal=proposal,
                )  # fmt: skip
                if not replies.awaiting_feedback(letter):
                    if activation.task.status == STATUS.NEW:
                        activation.assign(None)
                    activation.start(Proposer())
                    activation.execute()
        except ValidationError as error:
            if Feedback.objects.filter(letter=letter, proposal=proposal).exists():
                # answered a moment ago by the same person's other click (on SQLite the
                # second request is refused here rather than by the lock): shown as received
                return HttpResponseRedirect(request.path)
            for problem in error.messages:
                form.add_error(None, problem)
        except CalendarMissingYear:
            # a second round's deadline cannot be set yet: keep the answer for another day
            form.add_error(None, _("系统暂时无法登记您的意见，请稍后再试或联系建议提案办理机构。"))
        except (TransitionNotAllowed, FlowLockFailed, IntegrityError):
            # the same answer sent twice at once (a double click): the first one counts, and
            # the page shows it as received
            return HttpResponseRedirect(request.path)
        else:
            return HttpResponseRedirect(request.path)
    context = {"letter": letter, "proposal": proposal, "form": form}
    return render(request, "portal/feedback.html", {**context, "given": given, "task": task})

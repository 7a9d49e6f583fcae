"""办理进度总览: the staff page over `proposals.board`, for everyone in the proposal flow.

The page only reads the query string and renders; what a row holds and who sees which items
is decided in `proposals.board`. A bad filter answers 400 with the reason and no rows, so
that nobody mistakes an unfiltered table for the one they asked for.
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from base.organisation.models import Unit
from proposals import board
from proposals.models import Assignment, Kind, Proposal, ResultClass
from proposals.rules import visible_to
from web.viewsets import StaffPage, StaffPages
from workflows.models import ProposalProcess
from workflows.proposals.flows import ProposalFlow

FILTERS = ("session", "kind", "unit", "state", "result")


def may_see_board(user):
    return user.is_authenticated and ProposalFlow.used_by(user)


def filter_choices(person):
    """What each drop-down offers: only sessions and units the person has items in."""
    proposals = visible_to(person, Proposal.objects.all())
    sittings = proposals.values_list("term", "session").distinct().order_by("-term", "-session")
    units = Unit.objects.filter(
        assignment__in=Assignment.objects.live().filter(proposal__in=proposals)
    ).distinct()
    states = [(state.value, state.label) for state in board.LIVE_STATES]
    return {
        "session": [
            (f"{term}-{session}", board.sitting(term, session)) for term, session in sittings
        ],
        "kind": Kind.choices,
        "unit": [(str(unit.pk), unit.name) for unit in units.order_by("rank", "name")],
        "state": [*states, (board.OVERDUE, _("已逾期"))],
        "result": [(result.code, str(result)) for result in ResultClass.objects.all()],
    }


def item_pages(proposals):
    """proposal pk -> its item page (the flow's process page), in one query."""
    processes = ProposalProcess.objects.filter(
        flow_class=ProposalFlow, artifact_object_id__in=[proposal.pk for proposal in proposals]
    ).values_list("artifact_object_id", "pk")
    return {
        proposal: reverse("staff:proposals:proposal:process_detail", args=[process])
        for proposal, process in processes
    }


class BoardView(StaffPage, generic.TemplateView):
    template_name = "staff/proposal_board.html"

    def get(self, request, *args, **kwargs):
        filters, problems = board.parse_filters(request.GET)
        today = timezone.localdate()
        rows = [] if problems else board.rows(request.user, filters, today)
        pages = item_pages([row.proposal for row in rows])
        choices = filter_choices(request.user)
        selects = [
            (name, label, choices[name], request.GET.get(name, ""))
            for name, label in [
                ("session", _("届次")),
                ("kind", _("类别")),
                ("unit", _("承办单位")),
                ("state", _("办理状态")),
                ("result", _("办理结果")),
            ]
        ]
        context = self.get_context_data(
            rows=[(row, pages.get(row.proposal.pk)) for row in rows],
            problems=problems,
            selects=selects,
            filtered=any(request.GET.get(name) for name in FILTERS),
            today=today,
            reminder_days=settings.PROPOSAL_REMINDER_WORKING_DAYS,
        )
        return self.render_to_response(context, status=400 if problems else 200)


proposal_board = StaffPages(
    title=gettext_lazy("办理进度总览"),
    icon="dashboard",
    app_name="board",
    permission=may_see_board,
    pages=[("", BoardView, "index")],
)

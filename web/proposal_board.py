"""办理进度总览: the staff page over `proposals.board`, for everyone in the proposal flow.

The page only reads the query string and renders; what a row holds and who sees which items
is decided in `proposals.board`. A bad filter answers 400 with the reason and no rows, so
that nobody mistakes an unfiltered table for the one they asked for. 导出 Excel downloads
every page of the same filtered list (`found`, shared by both views).
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
from web import xlsx
from web.paging import paging
from web.viewsets import StaffPage, StaffPages
from workflows.models import ProposalProcess
from workflows.proposals.flows import ProposalFlow

FILTERS = ("session", "kind", "unit", "state", "result", "q")
PER_PAGE = 50


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
    processes = (
        ProposalProcess.objects.filter(
            flow_class=ProposalFlow,
            artifact_object_id__in=[proposal.pk for proposal in proposals],
        )
        .order_by("pk")  # an item split off a merged handling: its newest process
        .values_list("artifact_object_id", "pk")
    )
    return {
        proposal: reverse("staff:proposals:proposal:process_detail", args=[process])
        for proposal, process in processes
    }


def found(request, today):
    """(the items the person asked for, problems): the one rule for the page and its export."""
    filters, problems = board.parse_filters(request.GET)
    if problems:
        return Proposal.objects.none(), problems
    return board.board_proposals(request.user, filters, today), problems


class BoardView(StaffPage, generic.TemplateView):
    template_name = "staff/proposal_board.html"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        proposals, problems = found(request, today)
        pages_of = paging(proposals, request.GET, PER_PAGE)
        rows = board.rows_of(pages_of.rows, today)
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
            paging=pages_of,
            problems=problems,
            search=request.GET.get("q", ""),
            selects=selects,
            filtered=any(request.GET.get(name) for name in FILTERS),
            today=today,
            reminder_days=settings.PROPOSAL_REMINDER_WORKING_DAYS,
        )
        return self.render_to_response(context, status=400 if problems else 200)


def share_cells(share, proposal=None):
    """A share's cells in the export, as the board shows them."""
    if share is None and proposal is not None and proposal.merged_into_id:
        return [
            _("已并入%(main)s") % {"main": proposal.merged_into.label},
            "",
            "",
            None,
            "",
            "",
            "",
        ]
    if share is None:
        return [_("尚未交办"), "", "", None, "", "", ""]
    a = share.assignment
    if share.overdue:
        state = _("已逾期（%(state)s）") % {"state": a.get_state_display()}
    elif share.opinion_in:
        state = _("已提交会办意见")
    else:
        state = a.get_state_display()
    left = _("日历缺少该年") if share.calendar_missing else share.days_left
    result = _("%(code)s类") % {"code": share.result.code} if share.result else ""
    return [a.unit.name, a.get_role_display(), state, a.due_on, left, result, share.satisfaction]


class ExportView(StaffPage, generic.View):
    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        proposals, problems = found(request, today)
        if problems:
            return BoardView.as_view(viewset=self.viewset)(request)
        headers = [
            _("编号"), _("标题"), _("届次"), _("办理方式"), _("领衔提出人"), _("承办单位"),
            _("承办方式"), _("状态"), _("办理期限"), _("剩余工作日（负数为逾期）"),
            _("办理结果"), _("满意度"),
        ]  # fmt: skip
        rows = []
        for row in board.rows_of(proposals.prefetch_related("proposers"), today):
            p = row.proposal
            lead = p.lead_proposer
            item = [p.label, p.title, row.sitting, p.get_handling_display(), lead and lead.name]
            rows += [item + share_cells(share, p) for share in row.lines]
        return xlsx.download(_("办理进度总览"), headers, rows)


proposal_board = StaffPages(
    title=gettext_lazy("办理进度总览"),
    icon="dashboard",
    app_name="board",
    permission=may_see_board,
    pages=[("", BoardView, "index"), ("export.xlsx", ExportView, "export")],
)

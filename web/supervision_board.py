"""督办: the supervision board (督办台) over `supervision.board`, and each person's notices
(我的提醒) written by the reminders pipeline.

The board is for the government office and the proposal office (every unit) and for unit
leaders (their own unit); who sees what is decided in `supervision.access`. A bad filter
answers 400 with the reason and no rows, as the proposal board does. Links go to an item's
page only where the person may open it. 导出 Excel downloads every page of the same list.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from base.organisation.models import Unit
from supervision import access, board
from supervision import items as open_work
from supervision.models import Notice, Source
from web import xlsx
from web.holiday_notice import holiday_notice
from web.notice_settings import notice_settings
from web.paging import paging
from web.viewsets import Area, StaffPage, StaffPages, signed_in
from workflows.applications.flows import ApplicationFlow
from workflows.interpretation.flows import InterpretationFlow
from workflows.models import ApplicationProcess, InterpretationProcess, ProposalProcess
from workflows.proposals.flows import ProposalFlow

FILTERS = ("unit", "kind", "status", "within", "q")
NOTICES_SHOWN = 50
PER_PAGE = 100
# source -> (flow, its process model, the URL name of a process page)
PAGES = {
    Source.PROPOSAL: (
        ProposalFlow,
        ProposalProcess,
        "staff:proposals:proposal:process_detail",
    ),
    Source.INTERPRETATION: (
        InterpretationFlow,
        InterpretationProcess,
        "staff:policy:interpretation:process_detail",
    ),
    open_work.APPLICATION: (
        ApplicationFlow,
        ApplicationProcess,
        "staff:applications:application:process_detail",
    ),
}


def item_pages(person, items):
    """(source, process pk) -> the process page, for the processes the person may open: a
    query or two per flow, whatever the number of items."""
    pages = {}
    for source, (flow, model, name) in PAGES.items():
        wanted = {item.process_id for item in items if item.source == source and item.process_id}
        if not wanted or not flow.instance.has_view_permission(person):
            continue
        visible = flow.visible(person, model._default_manager.filter(pk__in=wanted))
        for pk in visible.values_list("pk", flat=True):
            pages[source, pk] = reverse(name, args=[pk])
    return pages


def with_links(person, notices):
    """[(notice, its page or None)]: a reminder's item page where the person may still open
    it; any other notice's own link (a note's mention, an event), a path of this site."""
    pages = item_pages(person, [notice.reminder for notice in notices if notice.reminder])

    def link(notice):
        if notice.reminder:
            return pages.get((notice.reminder.source, notice.reminder.process_id))
        own = notice.link
        return own if own.startswith("/") and not own.startswith("//") else None

    return [(notice, link(notice)) for notice in notices]


def unit_choices(scope):
    units = Unit.objects.all() if scope == access.ALL else Unit.objects.filter(pk__in=scope)
    return [(str(unit.pk), unit.name) for unit in units.order_by("rank", "name")]


class ScopedView(generic.View):
    """The board's views: each reads the person's scope first, and `found` is the one rule of
    what the page and its export hold."""

    viewset = None

    def dispatch(self, request, *args, **kwargs):
        self.scope = access.board_scope(request.user)
        if self.scope is None:
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def found(self, request, today):
        """(filters, the Board or None, problems)."""
        filters, problems = board.parse_filters(request.GET, self.scope)
        return filters, None if problems else board.board(self.scope, filters, today), problems


class BoardView(ScopedView, generic.TemplateView):
    template_name = "staff/supervision/board.html"

    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        filters, found, problems = self.found(request, today)
        pages_of = paging(found.matching if found else [], request.GET, PER_PAGE)
        shown = list(pages_of.rows)
        board.mark_moved(shown)
        pages = item_pages(request.user, shown)
        selects = [
            ("unit", _("责任单位"), unit_choices(self.scope)),
            ("kind", _("类别"), [(kind, str(label)) for kind, label in open_work.KINDS]),
            ("status", _("办理状态"), [(k, str(v)) for k, v in board.STATUSES.items()]),
        ]
        # the summaries' links keep the other filters: a unit's row keeps the kind, and so on
        keep = {name: request.GET.get(name, "") for name in ("unit", "kind", "within")}
        for_units = urlencode({k: v for k, v in keep.items() if v and k != "unit"})
        for_kinds = urlencode({k: v for k, v in keep.items() if v and k != "kind"})
        context = self.get_context_data(
            board=found,
            rows=[(item, pages.get((item.source, item.process_id))) for item in shown],
            paging=pages_of,
            problems=problems,
            search=request.GET.get("q", ""),
            selects=[
                (name, label, choices, request.GET.get(name, ""))
                for name, label, choices in selects
            ],
            within=filters.within,
            within_text=request.GET.get("within", ""),
            filtered=any(request.GET.get(name) for name in FILTERS),
            for_units=f"&{for_units}" if for_units else "",
            for_kinds=f"&{for_kinds}" if for_kinds else "",
            single_unit=self.scope != access.ALL,
            today=today,
        )
        return self.render_to_response(context, status=400 if problems else 200)


class ExportView(ScopedView):
    def get(self, request, *args, **kwargs):
        today = timezone.localdate()
        _filters, found, problems = self.found(request, today)
        if problems:
            return BoardView.as_view(viewset=self.viewset)(request)
        headers = [
            _("类别"), _("编号"), _("标题"), _("责任单位"), _("当前环节"), _("经办人"),
            _("办理期限"), _("剩余工作日（负数为逾期）"), _("状态"),
        ]  # fmt: skip
        rows = [
            [
                item.kind_label,
                item.label,
                item.title,
                item.unit_name,
                item.step_title,
                item.owner_name or _("未认领"),
                item.due_on,
                _("日历缺少%(year)s年") % {"year": item.missing_year}
                if item.missing_year
                else item.days_left,
                _("已逾期") if item.overdue else "",
            ]
            for item in found.matching
        ]
        return xlsx.download(_("督办台"), headers, rows)


class NoticesView(StaffPage, generic.TemplateView):
    """The person's own notices: unread first, then the latest read ones."""

    template_name = "staff/supervision/notices.html"

    def get(self, request, *args, **kwargs):
        return self.page()

    def page(self, problem="", status=200):
        mine = Notice.objects.filter(recipient=self.request.user).select_related("reminder")
        unread = list(mine.unread()[:NOTICES_SHOWN])
        read = list(mine.filter(read_at__isnull=False)[:NOTICES_SHOWN])
        shown = with_links(self.request.user, unread + read)
        context = self.get_context_data(
            unread=shown[: len(unread)],
            read=shown[len(unread) :],
            unread_count=mine.unread().count(),
            problem=problem,
        )
        return self.render_to_response(context, status=status)

    def post(self, request, *args, **kwargs):
        """Marks one of the person's notices (`notice`: its number) or all of them read."""
        mine = Notice.objects.filter(recipient=request.user).unread()
        which = request.POST.get("notice", "").strip()
        if which != "all":
            if not board.NUMBER.fullmatch(which):
                return self.page(_("要标为已读的提醒“%(value)s”无效。") % {"value": which}, 400)
            mine = mine.filter(pk=int(which))
        mine.update(read_at=timezone.now())
        return redirect(request.path)


supervision_board = StaffPages(
    title=gettext_lazy("督办台"),
    icon="assignment_late",
    app_name="board",
    permission=access.may_see_board,
    pages=[("", BoardView, "index"), ("export.xlsx", ExportView, "export")],
)
notices = StaffPages(
    title=gettext_lazy("我的提醒"),
    icon="notifications",
    app_name="notices",
    permission=signed_in,
    pages=[("", NoticesView, "index")],
)


class SupervisionApp(Area):
    """督办: the board for those who may see it, else their notices, first."""

    menu_template_name = "staff/supervision/menu.html"

    def get_context_data(self, request):
        # the menu's count of unread notices, on every page of the application
        if not request.user.is_authenticated:
            return {}
        unread = Notice.objects.filter(recipient=request.user).unread()
        return {"supervision_unread": unread.count()}


supervision_app = SupervisionApp(
    title=gettext_lazy("督办"),
    icon="notifications_active",
    app_name="supervision",
    viewsets=[supervision_board, notices, notice_settings, holiday_notice],
)

"""viewflow's flow pages, narrowed to what the person may see.

viewflow lists every process and task of a flow to anyone with the flow's permission; a unit
must see only its own work, so each list here filters through the flow's `visible` and
`visible_tasks`, and each process-level page asks its `has_view_permission(user, process)`.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.flow import FlowAppViewset
from viewflow.workflow.flow import views as flow_views
from viewflow.workflow.status import PROCESS, STATUS

from workflows import delegation, notes
from workflows.handover import handover_message

MY_WORK = "staff:index"  # the staff home, 我的待办 (web/my_work.py)


class VisibleOnly:
    """Mixin for viewflow list views of processes or tasks."""

    def get_queryset(self):
        queryset = super().get_queryset()
        if hasattr(queryset.model, "flow_task"):
            # viewflow's bulk assign pages start from every task of every flow
            queryset = queryset.filter(process__flow_class=self.flow_class)
            return self.flow_class.visible_tasks(self.request.user, queryset)
        queryset = self.flow_class.visible(self.request.user, queryset)
        return queryset if queryset.ordered else queryset.order_by("-created")


class ColumnNames:
    """viewflow heads these list columns with the attribute's name ("Process id", "Active
    tasks", "Process summary"): in English whatever the page's language."""

    def process_id(self, process):
        return super().process_id(process)

    def active_tasks(self, process):
        return super().active_tasks(process)

    def process_summary(self, task):
        return super().process_summary(task)

    def brief(self, process_or_task):
        return process_or_task.brief

    process_id.short_description = _("编号")
    active_tasks.short_description = _("在办任务")
    process_summary.short_description = _("事项")
    brief.short_description = _("摘要")


class ProcessList(ColumnNames, VisibleOnly, flow_views.DashboardProcessListView):
    pass


class TaskList(ColumnNames, VisibleOnly, flow_views.DashboardTaskListView):
    pass


class Inbox(ColumnNames, VisibleOnly, flow_views.FlowInboxListView):
    pass


class Queue(ColumnNames, VisibleOnly, flow_views.FlowQueueListView):
    pass


class Archive(ColumnNames, VisibleOnly, flow_views.FlowArchiveListView):
    pass


class BulkAssign(VisibleOnly, flow_views.BulkAssignTasksActionView):
    flow_class = None

    def form_valid(self, form):
        """viewflow's, but a task taken only with a delegator's rights is marked 代某某办理
        and audited, as on the single assign page (workflows.nodes.AssignOnBehalf)."""
        user = self.request.user
        with transaction.atomic():
            for task in self.get_queryset():
                with task.activation() as activation:
                    node = task.flow_task
                    if not callable(getattr(node, "can_assign", None)) or not node.can_assign(
                        user, activation.task
                    ):
                        raise PermissionDenied
                    taken_for = None
                    if hasattr(node, "may_take"):
                        taken_for = delegation.acting_for(user, activation.task)
                    activation.assign(user)
                    delegation.mark_if_on_behalf(user, activation.task, taken_for)
        self.message_user()
        return HttpResponseRedirect(self.get_success_url())


class BulkUnassign(VisibleOnly, flow_views.BulkUnassignTasksActionView):
    flow_class = None


def with_reassign(task, user):
    """The task with `reassign`: (label, address) of its reassign page when it opens for the
    person (Step.reassign_action), else None."""
    node = task.flow_task
    open_step = task.status in (STATUS.NEW, STATUS.ASSIGNED) and hasattr(node, "reassign_action")
    task.reassign = node.reassign_action(user, task) if open_step else None
    return task


# the steps a process page lists: what people did and do, not the engine's gateways and timers
PEOPLE_S_STEPS = ("HUMAN_START", "START", "HUMAN")


class ProcessDetail(flow_views.DetailProcessView):
    def get_context_data(self, **kwargs):
        # each task row names its owner, who is shown with their unit
        context = super().get_context_data(**kwargs)
        context["task_list"] = (
            context["task_list"]
            .filter(flow_task_type__in=PEOPLE_S_STEPS)
            .select_related("owner__unit")
        )
        # 改派 for a unit leader, 代某某办理 for a delegate (workflows.delegation)
        context["task_list"] = [
            with_reassign(task, self.request.user) for task in context["task_list"]
        ]
        # the item's internal notes: the page is shown only to those who may see the item
        context["notes"] = [(note, notes.pieces(note)) for note in notes.of_item(self.object)]
        context["note_draft"] = self.request.session.pop(notes.draft_key(self.object), "")
        return context

    def may_cancel(self):
        """Whether the page offers to cancel the whole process: only to those its cancel
        page admits (viewflow's template offers it to everyone while the process runs)."""
        process = self.get_object()
        manages = self.flow_class.instance.has_manage_permission(self.request.user, process)
        return process.status == PROCESS.NEW and manages


class Chart(flow_views.FlowChartView):
    def get(self, request, *args, **kwargs):
        process_pk = kwargs.get("process_pk")
        if process_pk is not None:
            process = self.flow_class.process_class._default_manager.filter(pk=process_pk).first()
            if process is None or not self.flow_class.instance.has_view_permission(
                request.user, process
            ):
                raise PermissionDenied
        return super().get(request, *args, **kwargs)


class ScopedFlowViewset(FlowAppViewset):
    process_list_view_class = ProcessList
    task_list_view_class = TaskList
    inbox_view_class = Inbox
    queue_view_class = Queue
    archive_view_class = Archive
    tasks_assign_view_class = BulkAssign
    tasks_unassign_view_class = BulkUnassign
    chart_view_class = Chart
    process_detail_view_class = ProcessDetail

    def get_context_data(self, request):
        # the menu's inbox and queue counts, which viewflow takes over every unit
        context = super().get_context_data(request)
        return {
            name: self._flow_class.visible_tasks(request.user, tasks)
            for name, tasks in context.items()
        }

    def get_success_url(self, request):
        """After a step is done, back to 我的待办 with who has the work next; viewflow's own
        "continue" button and a `back` address still win."""
        activation = getattr(request, "activation", None)
        if activation is None or "_continue" in request.POST or "back" in request.GET:
            return super().get_success_url(request)
        messages.info(request, handover_message(activation.process))
        return reverse(MY_WORK)

    @property
    def index_path(self):
        # viewflow's kanban dashboard counts every unit's tasks: the scoped list replaces it
        return path("", self.process_list_view, name="index")

    def __init__(
        self, flow_class, *, attachment_view=None, infographic_view=None, note_view=None, **kwargs
    ):
        super().__init__(flow_class, **kwargs)
        self._attachment_view = attachment_view
        self._infographic_view = infographic_view
        self._note_view = note_view

    def file_route(self, view, route, name):
        """A file view of the flow's items (or another view of one item), told which flow it
        serves; None (no URL) when the flow has no such view. Not named `*_path`: viewflow
        would take it for a URL."""
        if view is None:
            return None
        flow_class = self._flow_class

        def bound(request, **kwargs):
            return view(request, *kwargs.values(), flow_class)

        return path(route, bound, name=name)

    @property
    def attachment_path(self):
        return self.file_route(self._attachment_view, "attachments/<int:pk>/", "attachment")

    @property
    def notes_path(self):
        """Where the item page's 添加备注 posts (the view is the staff site's, web/notes.py)."""
        return self.file_route(self._note_view, "<int:process_pk>/notes/", "process_notes")

    @property
    def infographic_path(self):
        return self.file_route(self._infographic_view, "infographic/<int:pk>/", "infographic")

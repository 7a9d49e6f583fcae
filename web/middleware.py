"""Turns a lost race on a workflow task into a clear answer instead of an error page.

Two people may act on one task at once: the flow lock (select-for-update) lets one through,
and the other finds the task taken or done. They get 409 Conflict with a message saying so;
people who may not see the task at all still get a plain 403.
"""

from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from viewflow.workflow.exceptions import FlowLockFailed
from viewflow.workflow.status import STATUS


def conflict(request, message):
    return TemplateResponse(request, "staff/conflict.html", {"message": message}, status=409)


def already_handled(request):
    activation = getattr(request, "activation", None)
    if activation is None:
        return None
    task, user = activation.task, request.user
    if not activation.flow_task.can_view(user, task):
        return None
    if task.status in (STATUS.DONE, STATUS.CANCELED) or task.finished:
        return _("该任务已办理完毕，无需重复办理。")
    if task.owner_id and task.owner_id != user.pk:
        return _("该任务已由%(owner)s领取办理。") % {"owner": task.owner.get_full_name()}
    return None


class TaskConflictMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, FlowLockFailed):
            return conflict(request, _("该任务正在由他人办理，请稍后刷新页面查看结果。"))
        if isinstance(exception, PermissionDenied):
            message = already_handled(request)
            if message:
                return conflict(request, message)
        return None

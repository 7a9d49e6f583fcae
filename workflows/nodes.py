"""Flow nodes shared by Gongkai's flows."""

from django.core.exceptions import PermissionDenied
from viewflow.utils import is_owner
from viewflow.workflow import flow
from viewflow.workflow.flow.nodes import View
from viewflow.workflow.flow.views import UserIndexTaskView


class TaskIndex(UserIndexTaskView):
    """viewflow sends people who may not see a task to "/"; they get a plain 403 instead."""

    def get_redirect_url(self, *args, **kwargs):
        activation = self.request.activation
        if not activation.flow_task.can_view(self.request.user, activation.task):
            raise PermissionDenied
        return super().get_redirect_url(*args, **kwargs)


class Step(View):
    """A human task that only people a domain rule names may take and do.

    viewflow grants a task to anyone holding its permission anywhere; here `rule(person,
    process)` must also hold, so that a unit leader signs off only their own unit's packages.
    """

    index_view_class = TaskIndex

    def __init__(self, view, *, rule, **kwargs):
        super().__init__(view, **kwargs)
        self._rule = rule

    def allows(self, user, task):
        # viewflow resolves a task by its pk alone; a URL naming another step is refused
        same_step = task.flow_task == self
        return same_step and user.is_authenticated and self._rule(user, task.process.coerced)

    def can_assign(self, user, task):
        return self.allows(user, task) and super().can_assign(user, task)

    def can_execute(self, user, task):
        return is_owner(task.owner, user) and self.allows(user, task)


__all__ = ["Step", "flow"]

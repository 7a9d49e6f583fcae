"""Flow nodes shared by Gongkai's flows."""

from viewflow.utils import is_owner
from viewflow.workflow import flow
from viewflow.workflow.flow.nodes import View


class Step(View):
    """A human task that only people a domain rule names may take and do.

    viewflow grants a task to anyone holding its permission anywhere; here `rule(person,
    process)` must also hold, so that a unit leader signs off only their own unit's packages.
    """

    def __init__(self, view, *, rule, **kwargs):
        super().__init__(view, **kwargs)
        self._rule = rule

    def allows(self, user, task):
        return user.is_authenticated and self._rule(user, task.process.coerced)

    def can_assign(self, user, task):
        return super().can_assign(user, task) and self.allows(user, task)

    def can_execute(self, user, task):
        return is_owner(task.owner, user) and self.allows(user, task)


__all__ = ["Step", "flow"]

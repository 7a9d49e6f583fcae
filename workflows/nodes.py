"""Flow nodes shared by Gongkai's flows.

Parallel branches over a varying number of things (one per assigned unit) are built with
`SplitPerItem`: each branch's task gets the item as its *seed*, and `Step`, `Function` and
`Switch` here hand the seed on to the next task, so every task of a branch knows its item.
"""

from django.core.exceptions import PermissionDenied
from viewflow.utils import is_owner
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.flow.nodes import View
from viewflow.workflow.flow.views import UserIndexTaskView
from viewflow.workflow.nodes.join import Join
from viewflow.workflow.nodes.split import SplitActivation
from viewflow.workflow.nodes.switch import SwitchActivation
from viewflow.workflow.status import STATUS
from viewflow.workflow.token import Token


def same_seed(activation):
    return activation.task.seed


class SeedCarrying:
    """`.Next()` hands this task's seed to the next one unless told otherwise."""

    def Next(self, node, task_data=None, task_seed=same_seed):
        return super().Next(node, task_data=task_data, task_seed=task_seed)


class TaskIndex(UserIndexTaskView):
    """viewflow sends people who may not see a task to "/"; they get a plain 403 instead."""

    def get_redirect_url(self, *args, **kwargs):
        activation = self.request.activation
        if not activation.flow_task.can_view(self.request.user, activation.task):
            raise PermissionDenied
        return super().get_redirect_url(*args, **kwargs)


class Step(SeedCarrying, View):
    """A human task that only the people its declaration names may take and do.

    viewflow grants a task to anyone holding its permission anywhere; here the flow's access
    module must also find the person among the step's `holders` for this item, so that a unit
    leader signs off only their own unit's packages. `deadline` says when it is due
    (`workflows.steps`); both are read by the catalogue (`workflows.catalogue`).
    """

    index_view_class = TaskIndex

    def __init__(self, view, *, holders, deadline=None, **kwargs):
        super().__init__(view, **kwargs)
        self.holders, self.deadline = holders, deadline

    def allows(self, user, task):
        # viewflow resolves a task by its pk alone; a URL naming another step is refused
        same_step = task.flow_task == self
        return (
            same_step
            and user.is_authenticated
            and self.flow_class.access.may_take(user, task, self.holders)
        )

    def can_view(self, user, task):
        # seeing the item is not enough: a unit sees the detail of its own tasks only
        tasks = type(task)._default_manager.filter(pk=task.pk)
        return super().can_view(user, task) and self.flow_class.visible_tasks(user, tasks).exists()

    # viewflow offers the assign and unassign pages whatever the task's status
    def can_assign(self, user, task):
        return (
            task.status == STATUS.NEW and self.allows(user, task) and super().can_assign(user, task)
        )

    def can_unassign(self, user, task):
        return task.status == STATUS.ASSIGNED and super().can_unassign(user, task)

    def can_execute(self, user, task):
        return is_owner(task.owner, user) and self.allows(user, task)


class Function(SeedCarrying, flow.Function):
    pass


class SwitchKeepingSeed(SwitchActivation):
    @Activation.status.super()
    def create_next(self):
        yield self.next_task._create(self, self.task.token, seed=self.task.seed)


class Switch(flow.Switch):
    activation_class = SwitchKeepingSeed


class SplitPerItemActivation(SplitActivation):
    @Activation.status.super()
    def activate(self):
        for node, case, items in self.flow_task._branches:
            if case and not case(self):
                continue
            seeds = [None] if items is None else items(self)
            self.next_tasks.extend((node, seed) for seed in seeds)
        if not self.next_tasks:
            raise FlowRuntimeError(f"No next task available for {self.flow_task.name}")

    @Activation.status.super()
    def create_next(self):
        tokens = Token.split_token_source(self.task.token, self.task.pk)
        # joins last, so that a join reached directly sees every branch already created
        ordered = sorted(self.next_tasks, key=lambda pair: isinstance(pair[0], Join))
        for node, seed in ordered:
            yield node._create(prev_activation=self, token=next(tokens), seed=seed)


class SplitPerItem(flow.Split):
    """A parallel split with one branch per item: `.Each(node, items)` starts `node` once
    for every object `items(activation)` returns, with the object as the task's seed.

    viewflow's own Split documents a `data_source` but does not use it (2.4)."""

    activation_class = SplitPerItemActivation

    def Each(self, node, items):
        self._activate_next.append((node, None, items))
        return self


__all__ = ["Function", "SplitPerItem", "Step", "Switch", "flow", "human_steps"]


def human_steps(flow_class):
    return [node for node in flow_class.instance.nodes() if isinstance(node, Step)]


class ScopedByUnit:
    """Flow mixin: what a person sees of a flow is decided by its `access` module
    (visible_processes, visible_tasks, can_see, may_take), which the scoped lists, the menu
    counts and every process page ask through these methods. The access functions are given
    the flow class, so that they read its steps' declarations without importing the flow."""

    access = None

    @classmethod
    def visible(cls, user, processes):
        return cls.access.visible_processes(user, processes, cls)

    @classmethod
    def visible_tasks(cls, user, tasks):
        return cls.access.visible_tasks(user, tasks, cls)

    @classmethod
    def used_by(cls, user):
        """Whether `user` takes part in this flow: holds the role of one of its steps."""
        roles = {step.holders.role for step in human_steps(cls)}
        return user.is_superuser or any(user.has_role(role) for role in roles)

    def has_view_permission(self, user, obj=None):
        if not (user.is_authenticated and self.used_by(user)):
            return False
        if obj is None:
            return True
        # a process page asks once per task it lists: remember the answer for this request's
        # user (a new user object each request, so a changed right is seen at the next one)
        answers = user.__dict__.setdefault("_sees_process", {})
        key = (type(self), obj.pk)
        if key not in answers:
            answers[key] = self.access.can_see(user, obj, type(self))
        return answers[key]

    def has_manage_permission(self, user, obj=None):
        return user.is_superuser

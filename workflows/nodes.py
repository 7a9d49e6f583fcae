"""Flow nodes shared by Gongkai's flows.

Parallel branches over a varying number of things (one per assigned unit) are built with
`SplitPerItem`: each branch's task gets the item as its *seed*, and `Step`, `Function` and
`Switch` here hand the seed on to the next task, so every task of a branch knows its item.
"""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.utils import is_owner
from viewflow.workflow import flow
from viewflow.workflow.activation import Activation
from viewflow.workflow.exceptions import FlowRuntimeError
from viewflow.workflow.flow import utils
from viewflow.workflow.flow.nodes import View
from viewflow.workflow.flow.views import AssignTaskView, UserIndexTaskView
from viewflow.workflow.nodes.join import Join
from viewflow.workflow.nodes.split import SplitActivation
from viewflow.workflow.nodes.switch import SwitchActivation
from viewflow.workflow.status import STATUS
from viewflow.workflow.token import Token

from workflows import delegation
from workflows.reassign import ReassignView


def same_seed(activation):
    return activation.task.seed


class SeedCarrying:
    """`.Next()` hands this task's seed to the next one unless told otherwise."""

    def Next(self, node, task_data=None, task_seed=same_seed):
        return super().Next(node, task_data=task_data, task_seed=task_seed)


class TaskIndex(UserIndexTaskView):
    """viewflow sends people who may not see a task to "/"; they get a plain 403 instead. A
    delegate opening a task their delegator holds is offered to take it for them."""

    def get_redirect_url(self, *args, **kwargs):
        activation = self.request.activation
        task, user = activation.task, self.request.user
        if not activation.flow_task.can_view(user, task):
            raise PermissionDenied
        if task.status == STATUS.ASSIGNED and (
            delegation.acting_for(user, task) or delegation.may_take_back(user, task)
        ):
            return activation.flow_task.reverse("reassign", args=[task.process_id, task.pk])
        return super().get_redirect_url(*args, **kwargs)


class AssignOnBehalf(AssignTaskView):
    """viewflow's assign page; a task taken only with a delegator's rights is marked
    代某某办理 (workflows.delegation)."""

    def form_valid(self, *args, **kwargs):
        task = self.request.activation.task
        delegator = delegation.acting_for(self.request.user, task)
        response = super().form_valid(*args, **kwargs)
        delegation.mark_if_on_behalf(self.request.user, task, delegator)
        return response


class Step(SeedCarrying, View):
    """A human task that only the people its declaration names may take and do.

    viewflow grants a task to anyone holding its permission anywhere; here the flow's access
    module must also find the person among the step's `holders` for this item, so that a unit
    leader signs off only their own unit's packages; a colleague standing in for such a
    person (委托办理) acts with their rights (`workflows.delegation`). `deadline` says when it
    is due (`workflows.steps`); both are read by the catalogue (`workflows.catalogue`).
    """

    index_view_class = TaskIndex
    assign_view_class = AssignOnBehalf

    def __init__(self, view, *, holders, deadline=None, **kwargs):
        super().__init__(view, **kwargs)
        self.holders, self.deadline = holders, deadline

    def may_take(self, person, task):
        """The step's own rule for `person`, in their own right."""
        return self.flow_class.access.may_take(person, task, self.holders)

    def allows(self, user, task):
        """In their own right, or for someone they stand in for (workflows.delegation)."""
        # viewflow resolves a task by its pk alone; a URL naming another step is refused
        same_step = task.flow_task == self
        return (
            same_step
            and user.is_authenticated
            and (
                self.may_take(user, task)
                or delegation.may_take_for_someone(user, task, self.may_take)
            )
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

    # viewflow's reassign page (off by default): a delegate taking the task their delegator
    # holds, the delegator taking it back, 改派 by a unit leader (workflows.delegation)
    reassign_view_class = ReassignView

    def can_reassign(self, user, task):
        if task.flow_task != self or task.status not in (STATUS.NEW, STATUS.ASSIGNED):
            return False
        if task.status == STATUS.ASSIGNED and delegation.acting_for(user, task):
            return self.allows(user, task)
        return delegation.may_take_back(user, task) or delegation.may_reassign(user, task)

    @property
    def reassign_path(self):
        view = utils.wrap_task_view(self, self.reassign_view, permission=self.can_reassign)
        return path(f"<int:process_pk>/{self.name}/<int:task_pk>/reassign/", view, name="reassign")

    def reassign_action(self, user, task):
        """(label, address) of the task's reassign page when it opens for `user`, else None:
        代某某办理 for a delegate, 收回 for the delegator, 改派 for a unit leader."""
        if not self.can_reassign(user, task):
            return None
        behalf = task.status == STATUS.ASSIGNED and delegation.acting_for(user, task)
        if behalf:
            label = delegation.on_behalf_text(delegation.name_of(behalf))
        else:
            label = _("收回") if delegation.may_take_back(user, task) else _("改派")
        return label, self.reverse("reassign", args=[task.process_id, task.pk])

    def get_available_actions(self, activation, user):
        """viewflow offers its reassign transition to the holder and managers; here it is
        offered to whoever its page admits, named for what it does."""
        for label, url in super().get_available_actions(activation, user):
            if not url.endswith("/reassign/"):
                yield label, url
        action = self.reassign_action(user, activation.task)
        if action is not None:
            yield action


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

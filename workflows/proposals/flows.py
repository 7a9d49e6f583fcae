"""建议提案办理: an NPC deputy's suggestion or a CPPCC member's proposal, from assignment to
the reply, the proposer's feedback and the disclosure decision.

    start → assign → units[sign_for per unit] → signed → (an adjustment? decide → units)
          → opinions[opinion per co-unit] → opinions_in
          → replies[per replying unit: contact → draft_reply → check → leader → sign → send
                    → feedback → (dissatisfied: handle_again → contact) → disclose
                    → publish]
          → replied → end

With a lead unit there is one reply branch and the co-units give opinions; split handling
(分办) has no co-units and one reply branch per unit. Every task of a branch carries the
unit's Assignment as its seed. Until the reply is sent, each step of a branch marks the share
overdue after its due date (a timer, `workflow_timers`); reminders before and after the due
date are sent by the supervision pipeline (`supervision.reminders`, `deadline-reminders`).
"""

from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from base.organisation.models import UnitKind
from base.organisation.roles import Role
from base.workdays.deadlines import end_of
from proposals import publishing, replies, rules
from proposals.models import AssignmentRole, AssignmentState
from workflows.models import ProposalProcess
from workflows.nodes import Function, ScopedByUnit, SplitPerItem, Step, Switch
from workflows.proposals import access, views
from workflows.steps import SHARE_REMINDED, SHARE_WATCHED, Holders, Reach

ACTOR = "flow:proposals"
SUMMARY = "{{ process.artifact.label }} {{ process.artifact.title }}"
RETURNED = _("是否退回")
OFFICE = Holders(Role.PROPOSAL_CLERK, unit_kind=UnitKind.PROPOSAL_OFFICE)
CLERK = Role.HANDLING_CLERK


def host_assignment(activation):
    """The assignment of the step a timer is attached to (timer → host)."""
    task = activation.task
    while task.seed is None and task.previous.exists():
        task = task.previous.get()
    return task.seed


def overdue_moment(activation):
    return end_of(host_assignment(activation).due_on)


def watched(step):
    """A branch step before the reply: the share is marked overdue after its due date."""
    return step.OnTimeout(
        overdue_moment, this.mark_overdue, interrupting=False, title=_("办理期限")
    )


def office_step(view, title, permission):
    """A step of the proposal office's, with no deadline of its own."""
    return (
        Step(view.as_view(), holders=OFFICE)
        .Annotation(title=title, summary_template=SUMMARY)
        .Permission(f"workflows.{permission}")
    )


def unit_step(view, title, role, permission="handle_proposal", deadline=SHARE_WATCHED):
    """A step of a unit's branch, for `role` in the unit of the branch's share, due when the
    share is."""
    return (
        Step(view.as_view(), holders=Holders(role, Reach.ITEM_UNIT), deadline=deadline)
        .Annotation(title=title, summary_template=SUMMARY)
        .Permission(f"workflows.{permission}")
    )


class ProposalFlow(ScopedByUnit, flow.Flow):
    """建议提案办理"""

    access = access
    process_class = ProposalProcess
    lock_impl = lock.select_for_update_lock
    process_title = _("建议提案办理")
    process_description = _("交办、签收、会办、沟通、答复、反馈、重新办理与办理结果公开")
    process_summary_template = "{{ process.artifact }}"

    start = flow.StartHandle(this.register).Annotation(title=_("登记")).Next(this.assign)
    assign = office_step(views.AssignView, _("交办"), "assign_proposal").Next(this.units)

    units = SplitPerItem().Each(this.sign_for, this.unsigned).Annotation(title=_("各单位签收"))
    sign_for = unit_step(views.SignForView, _("签收"), CLERK, deadline=SHARE_REMINDED).Next(
        this.signed
    )
    signed = flow.Join().Annotation(title=_("签收完毕")).Next(this.after_signing)
    after_signing = (
        Switch()
        .Annotation(title=_("有无调整申请"))
        .Case(this.decide_adjustment, this.adjusting)
        .Default(this.opinions)
    )
    decide_adjustment = office_step(
        views.AdjustmentView, _("处理调整申请"), "assign_proposal"
    ).Next(this.units)

    opinions = (
        SplitPerItem()
        .Each(this.opinion, this.co_units)
        .Always(this.opinions_in)
        .Annotation(title=_("会办单位提出意见"))
    )
    opinion = unit_step(views.OpinionView, _("会办意见"), CLERK, deadline=SHARE_REMINDED).Next(
        this.opinions_in
    )
    opinions_in = flow.Join().Annotation(title=_("会办意见汇齐")).Next(this.replies)

    replies = SplitPerItem().Each(this.contact, this.replying).Annotation(title=_("答复"))
    contact = watched(unit_step(views.ContactView, _("沟通联系"), CLERK)).Next(this.draft_reply)
    draft_reply = watched(unit_step(views.DraftReplyView, _("起草答复"), CLERK)).Next(this.check)
    check = watched(
        unit_step(views.LetterReviewView, _("办公室核稿"), Role.REPLY_CHECKER, "check_reply")
    ).Next(this.after_check)
    after_check = (
        Switch()
        .Annotation(title=RETURNED)
        .Case(this.draft_reply, this.returned)
        .Default(this.leader)
    )
    leader = watched(
        unit_step(
            views.LetterReviewView, _("分管领导审核"), Role.RESPONSIBLE_LEADER, "approve_reply"
        )
    ).Next(this.after_leader)
    after_leader = (
        Switch().Annotation(title=RETURNED).Case(this.draft_reply, this.returned).Default(this.sign)
    )
    sign = watched(
        unit_step(views.LetterReviewView, _("主要领导签发"), Role.UNIT_LEADER, "sign_reply")
    ).Next(this.after_sign)
    after_sign = (
        Switch().Annotation(title=RETURNED).Case(this.draft_reply, this.returned).Default(this.send)
    )
    send = Function(this.send_reply).Annotation(title=_("答复代表委员")).Next(this.feedback)
    feedback = office_step(views.FeedbackView, _("登记满意度"), "follow_up_proposal").Next(
        this.after_feedback
    )
    after_feedback = (
        Switch()
        .Annotation(title=_("是否满意"))
        .Case(this.handle_again, this.dissatisfied)
        .Default(this.disclose)
    )
    handle_again = Function(this.start_again).Annotation(title=_("重新办理")).Next(this.contact)
    disclose = office_step(views.DisclosureView, _("办理结果公开决定"), "follow_up_proposal").Next(
        this.publish
    )
    publish = Function(this.publish_reply).Annotation(title=_("同步发布")).Next(this.replied)
    replied = flow.Join().Annotation(title=_("各单位办结")).Next(this.end)
    end = flow.End().Annotation(title=_("办结"))

    mark_overdue = (
        flow.Function(this.record_overdue).Annotation(title=_("记录逾期")).Next(this.overdue_noted)
    )
    overdue_noted = flow.End().Annotation(title=_("逾期已记录"))

    def register(self, activation, proposal):
        activation.process.artifact = proposal
        return activation.process

    # which units get a branch
    def unsigned(self, activation):
        return list(self._shares(activation).filter(state=AssignmentState.ASSIGNED))

    def co_units(self, activation):
        return list(self._shares(activation).filter(role=AssignmentRole.CO))

    def replying(self, activation):
        return list(self._shares(activation).exclude(role=AssignmentRole.CO))

    @staticmethod
    def _shares(activation):
        proposal = activation.process.artifact
        return proposal.assignments.live().order_by("pk")

    # conditions
    def adjusting(self, activation):
        return self._shares(activation).filter(state=AssignmentState.ADJUSTING).exists()

    def returned(self, activation):
        return replies.last_review_returned(replies.current_letter(activation.task.seed))

    def dissatisfied(self, activation):
        return replies.dissatisfied(replies.current_letter(activation.task.seed))

    # automatic steps
    def send_reply(self, activation):
        replies.send(replies.current_letter(activation.task.seed), ACTOR)

    def publish_reply(self, activation):
        """A disclosed reply goes into the outbox with the decision; the pipeline sends it."""
        publishing.publish(replies.current_letter(activation.task.seed), ACTOR)

    def start_again(self, activation):
        replies.handle_again(replies.current_letter(activation.task.seed), ACTOR)

    def record_overdue(self, activation):
        rules.mark_overdue(host_assignment(activation), ACTOR)

"""依申请公开办理: an application for government information, from its registration to the
answer sent (条例第二十九条至第四十二条).

    start → confirm → assign → search → decide ─┬ completion → await_completion ─┬ → decide
                                               │                                └ lapsed → closed
                                               ├ consultation → await_opinion → decide
                                               ├ extension (recorded) → decide
                                               └ answer → answer → sign ─┬ returned → answer
                                                                         └ send → end

The government office (its 政府信息公开工作机构, the openness reviewers) confirms receipt,
assigns the unit that holds the information, decides and drafts the answer; the unit's
handling clerk searches and proposes. Waiting for a completion or a third party's opinion is
a step of the office's too (it registers what arrived), so that the board shows who is
waited for. Every step is due on the answer's date (applications.deadlines.answer_due).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from viewflow import this
from viewflow.workflow import flow, lock

from applications import handling
from base.organisation.models import UnitKind
from base.organisation.roles import Role
from workflows.applications import access, views
from workflows.models import ApplicationProcess
from workflows.nodes import Function, ScopedByUnit, Step, Switch
from workflows.steps import ANSWER_DUE, Holders, Reach

ACTOR = "flow:applications"
SUMMARY = "{{ process.artifact.receipt_number }}"
OFFICE = Holders(Role.OPENNESS_REVIEWER, unit_kind=UnitKind.GOVERNMENT_OFFICE)
UNIT_CLERK = Holders(Role.HANDLING_CLERK, Reach.ITEM_UNIT)
LEADER = Holders(Role.ISSUING_LEADER)  # or the office's own head: access.may_take


def step(view, title, holders, permission):
    return (
        Step(view.as_view(), holders=holders, deadline=ANSWER_DUE)
        .Annotation(title=title, summary_template=SUMMARY)
        .Permission(f"workflows.{permission}")
    )


def choice(activation):
    return (activation.process.data or {}).get("choice")


class ApplicationFlow(ScopedByUnit, flow.Flow):
    """依申请公开办理"""

    access = access
    process_class = ApplicationProcess
    lock_impl = lock.select_for_update_lock
    process_title = _("依申请公开办理")
    process_description = _(
        "登记、确认收到、分办、检索拟办、审核（补正、征求意见、延期）、答复与签发"
    )
    process_summary_template = "{{ process.artifact.receipt_number }}"

    start = flow.StartHandle(this.register).Annotation(title=_("登记")).Next(this.confirm)
    confirm = step(views.ConfirmView, _("确认收到申请"), OFFICE, "receive_application").Next(
        this.assign
    )
    # 分办 here is handing the application to the unit that holds the information, not a
    # proposal's split handling: the same word, told apart for the English page
    assign = step(
        views.AssignView, pgettext_lazy("申请办理步骤", "分办"), OFFICE, "receive_application"
    ).Next(this.search)
    search = step(views.SearchView, _("检索拟办"), UNIT_CLERK, "search_application").Next(
        this.decide
    )
    decide = step(views.DecideView, _("审核决定"), OFFICE, "decide_application").Next(
        this.after_decide
    )
    after_decide = (
        Switch()
        .Annotation(title=_("补正、征求意见、延期或答复"))
        .Case(this.await_completion, this.asks_completion)
        .Case(this.await_opinion, this.consults)
        .Case(this.decide, this.extended)
        .Default(this.answer)
    )
    await_completion = step(
        views.CompletionView, _("等待补正"), OFFICE, "receive_application"
    ).Next(this.after_completion)
    after_completion = (
        Switch()
        .Annotation(title=_("是否按期补正"))
        .Case(this.closed, this.lapsed)
        .Default(this.decide)
    )
    closed = flow.End().Annotation(title=_("逾期不补正，不再处理"))
    await_opinion = step(
        views.OpinionView, _("等待第三方意见"), OFFICE, "receive_application"
    ).Next(this.decide)
    answer = step(views.AnswerView, _("起草答复"), OFFICE, "decide_application").Next(this.sign)
    sign = step(views.SignView, _("签发"), LEADER, "sign_application_answer").Next(this.after_sign)
    after_sign = (
        Switch().Annotation(title=_("是否退回")).Case(this.answer, this.returned).Default(this.send)
    )
    send = Function(this.send_answer).Annotation(title=_("答复申请人")).Next(this.end)
    end = flow.End().Annotation(title=_("办结"))

    @classmethod
    def used_by(cls, user):
        """The steps' roles, and the head of an organ's office, who may sign."""
        return super().used_by(user) or user.has_role(Role.UNIT_LEADER)

    def register(self, activation, application):
        activation.process.artifact = application
        return activation.process

    # the decision taken at the last 审核决定 or 签发, kept on the process
    def asks_completion(self, activation):
        return choice(activation) == views.Choice.COMPLETION

    def consults(self, activation):
        return choice(activation) == views.Choice.CONSULT

    def extended(self, activation):
        return choice(activation) == views.Choice.EXTEND

    def lapsed(self, activation):
        return choice(activation) == views.Choice.LAPSED

    def returned(self, activation):
        return choice(activation) == views.Choice.RETURN

    # automatic steps
    def send_answer(self, activation):
        handling.send_answer(activation.process.artifact, ACTOR)

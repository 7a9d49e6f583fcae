"""谁起草、谁解读: a policy document and its interpretation, drafted, reviewed and approved
together.

    start → draft → sign_off → openness_review → [legal_review] → issue → publish → end

Every review step may return the whole package to its original drafter. Each human step has
a working-day deadline; when it passes, the package is marked overdue (the step stays open).
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from viewflow import this
from viewflow.workflow import flow, lock

from base import audit
from base.organisation.models import UnitKind
from base.organisation.roles import Role
from base.workdays.deadlines import end_of
from interpretation import publishing, rules
from interpretation.models import Decision
from workflows.interpretation import access, views
from workflows.models import InterpretationProcess
from workflows.nodes import ScopedByUnit, Step
from workflows.steps import PACKAGE_STEP_DAYS, Holders, Reach


def step_due(activation):
    """End of the last working day of the host step, for its timeout boundary."""
    host = activation.task.previous.get()
    return end_of(rules.step_deadline(host.flow_task.name, host.created).due)


SUMMARY = "{{ process.artifact.number }} {{ process.artifact.title }}"
RETURNED = _("是否退回")


def timed(step):
    """Each human step has a working-day deadline; passing it marks the package overdue."""
    return step.OnTimeout(step_due, this.mark_overdue, interrupting=False, title=_("办理时限"))


def review_step(title, permission, holders):
    return timed(
        Step(views.ReviewView.as_view(), holders=holders, deadline=PACKAGE_STEP_DAYS)
        .Annotation(title=title, summary_template=SUMMARY)
        .Permission(f"workflows.{permission}")
    )


class InterpretationFlow(ScopedByUnit, flow.Flow):
    """政策文件及解读"""

    access = access
    process_class = InterpretationProcess
    lock_impl = lock.select_for_update_lock
    process_title = _("政策文件及解读")
    process_description = _("谁起草、谁解读：政策文件与解读材料同步报批、同步推进、同步公开")
    process_summary_template = "{{ process.artifact }}"

    start = (
        flow.Start(views.RegisterView.as_view())
        .Annotation(title=_("登记政策文件"))
        .Available(
            lambda user: user.unit_id is not None and user.has_perm("workflows.draft_package")
        )
        .Next(this.draft)
    )

    draft = timed(
        Step(
            views.DraftView.as_view(),
            holders=Holders(Role.DRAFTER, Reach.DRAFTER),
            deadline=PACKAGE_STEP_DAYS,
        )
        .Annotation(title=_("起草文件及解读"), summary_template=SUMMARY)
        .Assign(lambda activation: activation.process.artifact.drafter)
    ).Next(this.sign_off)

    sign_off = review_step(
        _("单位负责人审签"), "sign_off_package", Holders(Role.UNIT_LEADER, Reach.ITEM_UNIT)
    ).Next(this.after_sign_off)
    after_sign_off = (
        flow.Switch()
        .Annotation(title=RETURNED)
        .Case(this.draft, this.returned)
        .Default(this.openness_review)
    )

    openness_review = review_step(
        _("公开审查"),
        "review_openness",
        Holders(Role.OPENNESS_REVIEWER, unit_kind=UnitKind.GOVERNMENT_OFFICE),
    ).Next(this.after_openness_review)
    after_openness_review = (
        flow.Switch()
        .Annotation(title=_("退回或需合法性审查"))
        .Case(this.draft, this.returned)
        .Case(this.legal_review, this.needs_legal_review)
        .Default(this.issue)
    )

    legal_review = review_step(
        _("合法性审查"),
        "review_legality",
        Holders(Role.LEGAL_REVIEWER, unit_kind=UnitKind.LEGAL_OFFICE),
    ).Next(this.after_legal_review)
    after_legal_review = (
        flow.Switch().Annotation(title=RETURNED).Case(this.draft, this.returned).Default(this.issue)
    )

    issue = review_step(_("签发"), "issue_package", Holders(Role.ISSUING_LEADER)).Next(
        this.after_issue
    )
    after_issue = (
        flow.Switch()
        .Annotation(title=RETURNED)
        .Case(this.draft, this.returned)
        .Default(this.publish)
    )

    publish = flow.Function(this.approve).Annotation(title=_("同步发布")).Next(this.end)
    end = flow.End().Annotation(title=_("完成"))

    mark_overdue = (
        flow.Function(this.record_overdue).Annotation(title=_("记录逾期")).Next(this.overdue_noted)
    )
    overdue_noted = flow.End().Annotation(title=_("逾期已记录"))

    def returned(self, activation):
        last = activation.process.artifact.reviews.order_by("-at", "-id").first()
        return last is not None and last.decision == Decision.RETURN

    def needs_legal_review(self, activation):
        return rules.needs_legal_review(activation.process.artifact)

    def approve(self, activation):
        document = activation.process.artifact
        when = rules.approve_for_publication(document)
        audit.record(
            "flow:interpretation", "interpretation.approved", document, at=when.isoformat()
        )
        # into the outbox in this same transaction; the publish pipeline sends it
        publishing.publish(document, "flow:interpretation")

    def record_overdue(self, activation):
        host = activation.task.previous.get().previous.get()
        document = activation.process.artifact
        document.overdue_since = timezone.now()
        document.save(update_fields=["overdue_since"])
        audit.record(
            "flow:interpretation",
            "interpretation.step_overdue",
            document,
            step=host.flow_task.name,
            task=host.pk,
        )

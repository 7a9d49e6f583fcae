from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from viewflow.workflow.models import Process, Task
from viewflow.workflow.status import STATUS

from base.validation import no_markup

OPEN = [STATUS.NEW, STATUS.ASSIGNED, STATUS.STARTED]


def open_tasks(steps):
    """The open tasks of `steps` (nodes or catalogue entries): selected by status and step
    only, which the (status, flow_task) index answers from the open tasks alone."""
    nodes = [getattr(step, "node", step) for step in steps]
    return Task.objects.filter(status__in=OPEN, flow_task__in=nodes)


class InterpretationProcess(Process):
    """A policy package on its way through review; its artifact is the PolicyDocument."""

    class Meta:
        proxy = True
        verbose_name = _("政策解读流程")
        verbose_name_plural = _("政策解读流程")
        permissions = [
            ("draft_package", _("起草政策文件及解读")),
            ("sign_off_package", _("单位负责人审签（第一解读人）")),
            ("review_openness", _("公开审查")),
            ("review_legality", _("合法性审查")),
            ("issue_package", _("签发")),
        ]

    @property
    def document(self):
        return self.artifact


class ProposalProcess(Process):
    """One suggestion or proposal being handled; its artifact is the Proposal."""

    class Meta:
        proxy = True
        verbose_name = _("建议提案办理流程")
        verbose_name_plural = _("建议提案办理流程")
        permissions = [
            ("assign_proposal", _("交办建议提案、处理调整申请")),
            ("handle_proposal", _("签收、会办、沟通、起草答复")),
            ("check_reply", _("答复函核稿")),
            ("approve_reply", _("答复函分管领导审核")),
            ("sign_reply", _("答复函签发")),
            ("follow_up_proposal", _("登记反馈、决定公开")),
        ]


class ApplicationProcess(Process):
    """One application for disclosure being handled; its artifact is the Application."""

    class Meta:
        proxy = True
        verbose_name = _("依申请公开办理流程")
        verbose_name_plural = _("依申请公开办理流程")
        permissions = [
            ("receive_application", _("登记、确认收到、分办依申请公开申请")),
            ("search_application", _("检索、拟办依申请公开申请")),
            ("decide_application", _("审核依申请公开申请、起草答复")),
            ("sign_application_answer", _("依申请公开答复签发")),
        ]


class Note(models.Model):
    """An internal note on an item (a policy package or a proposal), for the people working on
    it: shown on the item's staff page only, never published, never exported (workflows/notes.py
    holds the rules)."""

    item_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    item_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("item_type", "item_id")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作者"),
        on_delete=models.PROTECT,
        related_name="notes_written",
    )
    text = models.TextField(_("备注"), max_length=2000, validators=[no_markup])
    mentions = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("提及"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("内部备注")
        verbose_name_plural = _("内部备注")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["item_type", "item_id"], name="note_by_item")]

    def __str__(self):
        return self.text[:40]


class DelegationQuerySet(models.QuerySet):
    def on(self, day):
        """The delegations in force on `day` (a date in Asia/Shanghai): not revoked, and the
        day within their dates, both ends included."""
        return self.filter(revoked_at__isnull=True, starts_on__lte=day, ends_on__gte=day)


class Delegation(models.Model):
    """委托办理: a person away for a while hands their work to a colleague of the same unit who
    holds the same roles. The rules are in workflows/delegation.py."""

    delegator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("委托人"),
        on_delete=models.PROTECT,
        related_name="delegations_given",
    )
    delegate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("被委托人"),
        on_delete=models.PROTECT,
        related_name="delegations_received",
    )
    starts_on = models.DateField(_("开始日期"))
    ends_on = models.DateField(_("结束日期"))
    reason = models.CharField(_("事由"), max_length=200, validators=[no_markup])
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登记人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("撤销时间"), null=True, blank=True)

    objects = DelegationQuerySet.as_manager()

    class Meta:
        verbose_name = _("委托办理")
        verbose_name_plural = _("委托办理")
        ordering = ["-starts_on", "-pk"]
        indexes = [
            models.Index(fields=["delegate", "ends_on"], name="delegation_by_delegate"),
            models.Index(fields=["delegator", "ends_on"], name="delegation_by_delegator"),
        ]

    def __str__(self):
        return f"{self.delegator} → {self.delegate}（{self.starts_on}至{self.ends_on}）"

"""Reminders sent and the notices people read in the staff site.

A Reminder is the record that one person was told about one piece of open work at one
threshold (N working days before its due date, or overdue). Its unique constraint is what
makes the daily run idempotent: a run inserts first and sends only what it inserted, so a
second run, or two runs at once, send nothing twice. The e-mail's fate is kept on the row
(sent, failed with the error, retried by a later run).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from base.organisation.models import Unit


class Source(models.TextChoices):
    PROPOSAL = "proposal", _("建议提案承办")  # object_id: the unit's Assignment
    INTERPRETATION = "interpretation", _("政策文件及解读")  # object_id: the open viewflow Task
    APPLICATION = "apply", _("依申请公开")  # object_id: the open viewflow Task


class Stage(models.TextChoices):
    BEFORE = "before", _("到期提醒")
    OVERDUE = "overdue", _("逾期督办")


class Audience(models.TextChoices):
    ASSIGNEE = "assignee", _("经办人")
    CANDIDATE = "candidate", _("可办理人员")
    LEADER = "leader", _("单位负责人")
    OFFICE = "office", _("督办部门")


class Reminder(models.Model):
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    due_on = models.DateField(_("办理期限"))
    stage = models.CharField(_("提醒类型"), max_length=10, choices=Stage.choices)
    # the threshold in working days before the due date; 0 for the overdue notice
    working_days = models.PositiveSmallIntegerField(_("提前工作日"), default=0)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    audience = models.CharField(_("接收身份"), max_length=10, choices=Audience.choices)
    # what the item was at the time, so that a notice reads the same later
    kind = models.CharField(_("类别"), max_length=10)
    label = models.CharField(_("编号"), max_length=80)
    title = models.CharField(_("标题"), max_length=200)
    unit = models.ForeignKey(Unit, verbose_name=_("责任单位"), on_delete=models.PROTECT)
    step = models.CharField(_("环节"), max_length=60, blank=True)
    days_left = models.SmallIntegerField(_("剩余工作日"), null=True, blank=True)
    process_id = models.PositiveBigIntegerField(_("流程编号"), null=True, blank=True)
    created_at = models.DateTimeField(_("提醒时间"), auto_now_add=True)
    # e-mail: the run that holds the row, since when, and how it went
    email = models.EmailField(_("电子邮箱"), blank=True)
    run = models.CharField(max_length=32, db_index=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(_("邮件发送时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    mail_error = models.TextField(_("邮件错误"), blank=True)

    class Meta:
        verbose_name = _("督办提醒")
        verbose_name_plural = _("督办提醒")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "object_id", "due_on", "stage", "working_days", "recipient"],
                name="one_reminder_per_threshold_and_person",
            )
        ]
        permissions = [("view_board", _("查看督办台"))]

    def __str__(self):
        return f"{self.label} · {self.get_stage_display()} · {self.recipient}"


class NoticeQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notice(models.Model):
    """A message to one person in the staff site (我的提醒), read or not."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        on_delete=models.CASCADE,
        related_name="notices",
    )
    reminder = models.OneToOneField(
        Reminder, null=True, blank=True, on_delete=models.CASCADE, related_name="notice"
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"))
    # the staff-site page of what it is about (a path: an item's page, 我的待办), shown as a
    # link; a reminder's is found when it is shown, for whoever may still open the item
    link = models.CharField(_("链接"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = _("提醒消息")
        verbose_name_plural = _("提醒消息")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notice_by_recipient_read")]

    def __str__(self):
        return self.title


class Due(models.TextChoices):
    REPLY = "reply", _("答复期限")
    OPINION = "opinion", _("会办意见期限")
    STEP = "step", _("环节办理时限")


class MovedDueDate(models.Model):
    """A due date of open work counted again because a year's holiday schedule was entered
    or corrected (`supervision.due_dates`): the board shows it beside the item."""

    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    object_id = models.PositiveBigIntegerField(_("对象编号"))
    due = models.CharField(_("期限"), max_length=10, choices=Due.choices)
    before = models.DateField(_("原期限"))
    after = models.DateField(_("新期限"))
    why = models.CharField(_("原因"), max_length=200)
    moved_at = models.DateTimeField(_("调整时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("期限调整")
        verbose_name_plural = _("期限调整")
        ordering = ["-moved_at", "-pk"]
        indexes = [models.Index(fields=["source", "object_id"], name="moved_due_by_item")]

    def __str__(self):
        return f"{self.get_source_display()} {self.object_id}: {self.before} → {self.after}"


class CalendarFeed(models.Model):
    """A person's secret address for their due dates in a calendar app (我的期限订阅). Only a
    hash of the address's key is kept: the person sees the address once, when it is made, and
    replaces or revokes it here."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    key_hash = models.CharField(_("订阅密钥摘要"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("生成时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("期限日历订阅")
        verbose_name_plural = _("期限日历订阅")

    def __str__(self):
        return str(self.person)

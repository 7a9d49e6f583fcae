"""Event notices and their outbox (事件通知).

An `Event` is something that happened which somebody should hear of (a task arrived, a
package was returned, a reply letter went out…), written in the transaction of the action
itself under a unique key, so an action raises it once whatever retries it. Each `Message`
is one delivery of one event to one recipient through one channel — a person's staff-site
notice or e-mail, a unit's work-chat robot, a proposer's SMS or e-mail — and is the outbox
row the `notices` pipeline leases, sends and marks (`notifications.dispatch`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from base.organisation.models import Unit


class Kind(models.TextChoices):
    TASK = "task", _("新待办")
    RETURNED = "returned", _("退回修改")
    APPROVED = "approved", _("审批通过")
    PUBLISHED = "published", _("已发布")
    WITHDRAWN = "withdrawn", _("已撤回")
    DELIVERY_FAILED = "delivery_failed", _("发布失败")
    ADJUSTMENT_REQUESTED = "adjustment_requested", _("申请调整")
    ADJUSTMENT_DECIDED = "adjustment_decided", _("调整决定")
    FEEDBACK = "feedback", _("收到反馈")
    DUE_MOVED = "due_moved", _("期限调整")
    REPLY_SENT = "reply_sent", _("答复已发出")
    FEEDBACK_REMINDER = "feedback_reminder", _("反馈提醒")
    TEST = "test", _("测试消息")


class Channel(models.TextChoices):
    SITE = "site", _("工作平台")
    EMAIL = "email", _("电子邮件")
    ROBOT = "robot", _("工作群机器人")
    SMS = "sms", _("短信")


class Frequency(models.TextChoices):
    INSTANT = "instant", _("即时")
    DAILY = "daily", _("每日汇总")
    OFF = "off", _("不发送")


class State(models.TextChoices):
    PENDING = "pending", _("待发送")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class Event(models.Model):
    key = models.CharField(_("事件标识"), max_length=120, unique=True)
    kind = models.CharField(_("类型"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=500, blank=True)
    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("通知事件")
        verbose_name_plural = _("通知事件")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.title


class Message(models.Model):
    """One event to one recipient by one channel; sent once (`key` is unique)."""

    event = models.ForeignKey(
        Event, verbose_name=_("事件"), on_delete=models.CASCADE, related_name="messages"
    )
    key = models.CharField(_("消息标识"), max_length=200, unique=True)
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("接收人"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    robot = models.ForeignKey(
        "UnitRobot", verbose_name=_("机器人"), null=True, blank=True, on_delete=models.CASCADE
    )
    # an e-mail address or a telephone number (a proposer's: shown masked everywhere)
    address = models.CharField(_("地址"), max_length=254, blank=True)
    # a proposer's own words (from the office's template); staff messages read the event's
    subject = models.CharField(_("标题"), max_length=200, blank=True)
    text = models.TextField(_("内容"), blank=True)
    digest = models.BooleanField(_("每日汇总"), default=False)
    state = models.CharField(_("状态"), max_length=10, choices=State.choices, default=State.PENDING)
    not_before = models.DateTimeField(_("计划发送时间"))
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    claimed_by = models.CharField(max_length=80, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)
    last_error = models.TextField(_("最近错误"), blank=True)

    class Meta:
        verbose_name = _("通知消息")
        verbose_name_plural = _("通知消息")
        ordering = ["-pk"]
        indexes = [models.Index(fields=["state", "not_before"], name="message_due")]

    def __str__(self):
        return self.key


class Preference(models.Model):
    """How one person wants their notices besides the staff site (always, at once)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("人员"),
        on_delete=models.CASCADE,
        related_name="notice_preference",
    )
    email = models.CharField(
        _("电子邮件"), max_length=10, choices=Frequency.choices, default=Frequency.INSTANT
    )

    class Meta:
        verbose_name = _("通知设置")
        verbose_name_plural = _("通知设置")

    def __str__(self):
        return str(self.person)


class RobotKind(models.TextChoices):
    WECOM = "wecom", _("企业微信")
    GOVWECOM = "govwecom", _("政务微信")
    DINGTALK = "dingtalk", _("钉钉")
    FEISHU = "feishu", _("飞书")
    WEBHOOK = "webhook", _("通用回调地址（JSON）")


class UnitRobot(models.Model):
    """A unit's work-chat group robot: the unit's events are posted into the group."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="robots"
    )
    name = models.CharField(_("名称"), max_length=60)
    kind = models.CharField(_("类型"), max_length=10, choices=RobotKind.choices)
    token = models.CharField(
        _("密钥或地址"),
        max_length=300,
        help_text=_(
            "企业微信、政务微信机器人地址中的密钥，钉钉机器人的访问令牌，飞书机器人的令牌；"
            "通用回调地址填写完整网址"
        ),
    )
    secret = models.CharField(
        _("签名密钥"), max_length=200, blank=True, help_text=_("钉钉安全设置中“加签”的密钥")
    )
    base_url = models.CharField(
        _("服务地址"),
        max_length=200,
        blank=True,
        help_text=_(
            "留空使用官方地址；政务微信等私有部署填写其地址，例如 https://zwwx.example.gov.cn"
        ),
    )
    frequency = models.CharField(
        _("发送方式"), max_length=10, choices=Frequency.choices, default=Frequency.INSTANT
    )
    kinds = models.JSONField(_("事件类型"), default=list, blank=True, help_text=_("留空为全部"))
    active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("工作群机器人")
        verbose_name_plural = _("工作群机器人")

    def __str__(self):
        return f"{self.unit} · {self.name}"

    def wants(self, kind):
        return (
            self.active
            and self.frequency != Frequency.OFF
            and (not self.kinds or kind in self.kinds)
        )


class ProposerText(models.Model):
    """The words sent to a proposer, which the proposal office edits: {姓名} {称谓} {标题}
    {链接} {单位} {编号} are filled in (`notifications.proposers`)."""

    kind = models.CharField(
        _("用途"),
        max_length=24,
        unique=True,
        choices=[
            (Kind.REPLY_SENT, Kind.REPLY_SENT.label),
            (Kind.FEEDBACK_REMINDER, Kind.FEEDBACK_REMINDER.label),
        ],
    )
    sms = models.TextField(_("短信内容"))
    email_subject = models.CharField(_("邮件标题"), max_length=200)
    email_body = models.TextField(_("邮件正文"))

    class Meta:
        verbose_name = _("代表委员通知模板")
        verbose_name_plural = _("代表委员通知模板")

    def __str__(self):
        return self.get_kind_display()

    def clean(self):
        """The text message and the e-mail each carry the personal feedback link: without
        it the proposer could not answer (checked here so the admin's form refuses it too)."""
        missing = {
            name: _("短信和邮件正文必须包含{链接}，代表委员凭此链接反馈满意度。")
            for name in ("sms", "email_body")
            if "{链接}" not in getattr(self, name)
        }
        if missing:
            raise ValidationError(missing)

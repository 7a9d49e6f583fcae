"""What was published, when, with what content, and where it has arrived."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from base.organisation.models import Unit


class Kind(models.TextChoices):
    POLICY = "policy", _("政策文件")
    INTERPRETATION = "interpretation", _("政策解读")
    REPLY = "reply", _("建议提案办理结果")


# What the public sees: an item the portal target pointed at a version and nobody withdrew. A
# withdrawal counts the moment it is decided, before the pipeline has told the portal.
PUBLIC = Q(live__isnull=False, withdrawn_at__isnull=True)


class PublicationQuerySet(models.QuerySet):
    def public(self):
        """The items the portal, feeds, API, sitemap and export may show (web/portal)."""
        return self.filter(PUBLIC)


class Publication(models.Model):
    """One public item. `live` is the version the built-in portal shows: set by the portal
    target when the pipeline delivers a version, emptied by a withdrawal."""

    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    source_id = models.PositiveBigIntegerField(_("来源编号"))
    unit = models.ForeignKey(Unit, verbose_name=_("发布单位"), on_delete=models.PROTECT)
    companion = models.ForeignKey(
        "self",
        verbose_name=_("同步公开的关联发布"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    live = models.ForeignKey(
        "Version",
        verbose_name=_("门户当前版本"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    # when `live` or `withdrawn_at` last changed: what the public pages' ETag is made of
    changed_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("发布")
        verbose_name_plural = _("发布")
        constraints = [
            models.UniqueConstraint(fields=["kind", "source_id"], name="one_publication_a_source")
        ]
        indexes = [
            models.Index(fields=["unit", "kind"]),
            models.Index(
                fields=["kind", "live"],
                condition=PUBLIC,
                name="publication_shown_kind",
            ),
        ]
        # who holds them, and for which publications, is decided in publications.rules
        permissions = [
            ("view_publications", _("查看信息发布及同步情况")),
            ("withdraw_publication", _("撤回发布")),
            ("resync_publication", _("重新同步发布")),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.source_id}"

    def get_absolute_url(self):
        return reverse(f"portal:{self.kind}", args=[self.source_id])

    @property
    def key(self):
        """Stable across versions and targets: `policy-12`."""
        return f"{self.kind}-{self.source_id}"


class Version(models.Model):
    """An approved content of a publication, never changed afterwards."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    title = models.CharField(_("标题"), max_length=300)
    summary = models.TextField(_("摘要"), blank=True)
    body = models.TextField(_("正文"), blank=True)
    # what a kind shows beside the body: document number, issuing body, dates, figures...
    fields = models.JSONField(_("字段"), default=dict, blank=True)
    # [{"name", "path" (under MEDIA_ROOT), "sha256", "size", "content_type"}]
    attachments = models.JSONField(_("附件"), default=list, blank=True)
    search_text = models.TextField(editable=False, blank=True)
    content_hash = models.CharField(max_length=64)
    published_at = models.DateTimeField(_("发布时间"), db_index=True)

    class Meta:
        verbose_name = _("发布版本")
        verbose_name_plural = _("发布版本")
        ordering = ["publication", "number"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "number"], name="one_number_a_version")
        ]

    def __str__(self):
        return f"{self.title}（{self.number}）"


class Rendition(models.Model):
    """A file made from a version by the pipeline (the infographic PDF, a preview, a letter):
    reproducible from the version, so kept apart from it."""

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="renditions")
    name = models.CharField(max_length=100)
    path = models.CharField(max_length=300)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("生成文件")
        verbose_name_plural = _("生成文件")
        constraints = [
            models.UniqueConstraint(fields=["version", "name"], name="one_rendition_a_name")
        ]

    def __str__(self):
        return f"{self.version} · {self.name}"


class Action(models.TextChoices):
    PUBLISH = "publish", _("发布")
    WITHDRAW = "withdraw", _("撤回")


class Event(models.Model):
    """An outbox entry: written in the transaction that approves or withdraws."""

    publication = models.ForeignKey(Publication, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(_("操作"), max_length=10, choices=Action.choices)
    version = models.ForeignKey(
        Version, null=True, blank=True, on_delete=models.PROTECT, related_name="events"
    )
    reason = models.TextField(_("理由"), blank=True)
    created_at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("发布事件")
        verbose_name_plural = _("发布事件")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action="withdraw") | Q(version__isnull=False),
                name="publish_names_its_version",
            )
        ]

    def __str__(self):
        return f"{self.get_action_display()} {self.publication}"

    @property
    def sequence(self):
        """1, 2, 3… for the events of one publication, in the order they happened: events are
        never deleted and their ids only grow, so the number never changes. A receiver keeps
        the highest it has applied and drops anything lower (docs/sync-protocol.md)."""
        return Event.objects.filter(publication_id=self.publication_id, pk__lte=self.pk).count()

    @property
    def idempotency_key(self):
        """The same for every attempt of this event at any target, never for two events."""
        if self.action == Action.PUBLISH:
            return f"{self.publication.key}-v{self.version.number}"
        return f"{self.publication.key}-withdraw-{self.pk}"


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("待同步")
    DELIVERED = "delivered", _("已同步")
    FAILED = "failed", _("同步失败")


class Delivery(models.Model):
    """One event at one sync target: its state, attempts and last error.

    `claimed_until` is a lease: a worker that dies mid-delivery leaves it behind, and the next
    sweep takes the delivery over once it has run out."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    target = models.CharField(_("同步目标"), max_length=50)
    state = models.CharField(
        _("状态"), max_length=10, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveIntegerField(_("尝试次数"), default=0)
    last_error = models.TextField(_("最近错误"), blank=True)
    claimed_by = models.CharField(max_length=64, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    delivered_at = models.DateTimeField(_("同步时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("同步记录")
        verbose_name_plural = _("同步记录")
        ordering = ["event_id", "target"]
        constraints = [
            models.UniqueConstraint(fields=["event", "target"], name="one_delivery_a_target")
        ]
        indexes = [models.Index(fields=["state", "target"])]

    def __str__(self):
        return f"{self.event} → {self.target}"

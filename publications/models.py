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


class Topic(models.TextChoices):
    """主题分类 of the 政府信息公开目录: the national list every government site files by."""

    GENERAL = "general", _("综合政务")
    ECONOMY = "economy", _("国民经济管理、国有资产监管")
    FINANCE = "finance", _("财政、金融、审计")
    LAND = "land", _("国土资源、能源")
    AGRICULTURE = "agriculture", _("农业、林业、水利")
    INDUSTRY = "industry", _("工业、交通")
    COMMERCE = "commerce", _("商贸、海关、旅游")
    MARKET = "market", _("市场监管、安监")
    URBAN = "urban", _("城乡建设、环境保护")
    EDUCATION = "education", _("科技、教育")
    CULTURE = "culture", _("文化、广电、新闻出版")
    HEALTH = "health", _("卫生、体育")
    POPULATION = "population", _("人口与计划生育、妇女儿童工作")
    LABOUR = "labour", _("劳动、人事、监察")
    SECURITY = "security", _("公安、安全、司法")
    CIVIL = "civil", _("民政、扶贫、救灾")
    ETHNIC = "ethnic", _("民族、宗教")
    FOREIGN = "foreign", _("对外事务")
    COMPATRIOTS = "compatriots", _("港澳台侨工作")
    DEFENCE = "defence", _("国防")
    OTHER = "other", _("其他")


class CatalogueEntry(models.Model):
    """An item's place in the 政府信息公开目录, keyed like its publication (kind, source id)
    so that the drafter or clerk can file it under a 主题分类 before it is published.

    `index_number` (索引号) is given once, when the item is first published, and never
    changed: a withdrawn item published again keeps it (publications.catalogue)."""

    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    source_id = models.PositiveBigIntegerField(_("来源编号"))
    publication = models.OneToOneField(
        Publication,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="catalogue_entry",
        editable=False,
    )
    # empty: the default publications.catalogue.default_topic reads from title and unit
    topic = models.CharField(_("主题分类"), max_length=20, choices=Topic.choices, blank=True)
    # empty: the reply's date, or the day the item was first published
    written_on = models.DateField(_("成文日期"), null=True, blank=True)
    index_number = models.CharField(
        _("索引号"), max_length=60, unique=True, null=True, blank=True, editable=False
    )
    numbered_at = models.DateTimeField(_("编号时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("公开目录条目")
        verbose_name_plural = _("公开目录条目")
        constraints = [
            models.UniqueConstraint(fields=["kind", "source_id"], name="one_entry_a_source")
        ]

    def __str__(self):
        return self.index_number or f"{self.get_kind_display()} {self.source_id}"


class IndexSerial(models.Model):
    """The last serial given under one scope: the 索引号 with its serial left out (for the
    usual rule, one unit code and year). Its row is locked while a number is taken."""

    scope = models.CharField(max_length=80, unique=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("索引号流水号")
        verbose_name_plural = _("索引号流水号")

    def __str__(self):
        return f"{self.scope} {self.last}"

"""What reviewers decided about personal data in a text, and the confidentiality checklists
of reviews that have no record of their own to carry it.

A RedactionDecision belongs to one text: an object, one of its fields, and the span it was
made on (offsets, the span's own characters and a few characters on either side). It is
tied to those characters, not to the offsets alone: `base.privacy.redaction` finds each
decision again in whatever text it is given (at the same place, or moved with its
neighbours), and a decision it cannot find no longer counts. Nothing here knows a flow or a
domain model: objects are referred to by content type and primary key.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# characters kept on either side of a decided span, to find it again after the text moved
CONTEXT_CHARS = 12


class Kind(models.TextChoices):
    ID_NUMBER = "id_number", _("身份证号")
    MOBILE = "mobile", _("手机号码")
    LANDLINE = "landline", _("固定电话")
    EMAIL = "email", _("电子邮箱")
    BANK_CARD = "bank_card", _("银行卡号")
    PLATE = "plate", _("车牌号")
    ADDRESS = "address", _("住址")
    POSTCODE = "postcode", _("邮政编码")
    NAME = "name", _("姓名")
    OTHER = "other", _("其他")


class Decision(models.TextChoices):
    MASK = "mask", _("遮盖")
    KEEP = "keep", _("保留")


class Source(models.TextChoices):
    FINDING = "finding", _("自动识别")
    MARKED = "marked", _("人工标记")


class RedactionDecision(models.Model):
    """One reviewer's decision on one span of one text: mask it or keep it.

    A finding of the detector is masked or kept; a span the reviewer marked is always
    masked. The latest decision on a span wins."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    field = models.CharField(_("字段"), max_length=100)
    start = models.PositiveIntegerField(_("起"))
    end = models.PositiveIntegerField(_("止"))
    text = models.TextField(_("文字"))
    before = models.CharField(max_length=CONTEXT_CHARS, blank=True)
    after = models.CharField(max_length=CONTEXT_CHARS, blank=True)
    kind = models.CharField(_("类别"), max_length=20, choices=Kind.choices)
    confidence = models.FloatField(_("识别可信度"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=10, choices=Source.choices)
    decision = models.CharField(_("处理"), max_length=10, choices=Decision.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("处理人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("处理时间"), default=timezone.now)

    class Meta:
        verbose_name = _("个人信息处理意见")
        verbose_name_plural = _("个人信息处理意见")
        ordering = ["decided_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "field"])]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="span_not_empty"),
            models.CheckConstraint(
                condition=Q(source="finding") | Q(decision="mask"), name="marked_span_is_masked"
            ),
        ]

    def __str__(self):
        return f"{self.field}[{self.start}:{self.end}] {self.get_decision_display()}"

    @classmethod
    def of(cls, obj, field=None):
        """The decisions on `obj` (on one of its fields if given), oldest first."""
        if obj is None or obj.pk is None:
            return cls.objects.none()
        decisions = cls.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        )
        return decisions if field is None else decisions.filter(field=field)


class Outcome(models.TextChoices):
    FULL = "full", _("全文公开")
    PARTIAL = "partial", _("部分公开（已去除不予公开的内容）")
    NONE = "none", _("不公开")


class ConfidentialityCheck(models.Model):
    """保密审查: the four questions answered with a review decision, where the decision's own
    record has no fields for them (the interpretation's openness review keeps its Review
    as it is; this belongs to that Review, one to one)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)
    state_secret = models.BooleanField(_("涉及国家秘密"))
    trade_secret = models.BooleanField(_("涉及商业秘密"))
    personal_privacy = models.BooleanField(_("涉及个人隐私"))
    process_info = models.BooleanField(_("属于过程性信息"))
    outcome = models.CharField(_("公开结论"), max_length=10, choices=Outcome.choices)
    note = models.TextField(_("保密审查说明"), blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审查人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    checked_at = models.DateTimeField(_("审查时间"), default=timezone.now)

    class Meta:
        verbose_name = _("保密审查")
        verbose_name_plural = _("保密审查")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="one_check_per_decision"
            ),
            models.CheckConstraint(
                condition=Q(state_secret=False) | Q(outcome="none"),
                name="state_secrets_never_published",
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()}（{self.checked_at:%Y-%m-%d}）"

    @classmethod
    def of(cls, obj):
        if obj is None or obj.pk is None:
            return None
        return cls.objects.filter(
            content_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
        ).first()


class FileText(models.Model):
    """The text read out of one file (by its content), kept so that a review page does not
    read a file again each time it is shown. `problem` is why it could not be read."""

    sha256 = models.CharField(max_length=64)
    reader = models.PositiveSmallIntegerField()  # the reader's version: a new one reads again
    content = models.JSONField(default=dict, blank=True)
    problem = models.CharField(max_length=20, blank=True)
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("附件文字")
        verbose_name_plural = _("附件文字")
        constraints = [
            models.UniqueConstraint(fields=["sha256", "reader"], name="one_text_per_file")
        ]

    def __str__(self):
        return self.sha256[:12]


class RedactedFile(models.Model):
    """The public copy of a file with the reviewed personal data masked. One per original
    and set of masks; the original's path is kept so that whoever serves the original
    finds its replacement."""

    source_path = models.CharField(max_length=500, db_index=True)
    source_sha256 = models.CharField(max_length=64)
    masks = models.CharField(max_length=64)  # digest of the reviewed texts and their masks
    file = models.FileField(upload_to="redacted/%Y/", max_length=300)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveBigIntegerField()
    content_type = models.CharField(max_length=100)
    made_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("去标识化副本")
        verbose_name_plural = _("去标识化副本")
        ordering = ["made_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_path", "masks"], name="one_copy_per_file_and_masks"
            )
        ]

    def __str__(self):
        return self.file.name

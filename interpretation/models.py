"""Policy documents and their interpretations (谁起草、谁解读).

A document and its interpretation are one package: drafted by one unit, versioned together,
reviewed together and approved for publication with one shared timestamp. The rules that
govern them live in rules.py; this module only says what is stored.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from base.organisation.models import Unit
from base.validation import no_markup


class DocumentType(models.TextChoices):
    REGULATION = "regulation", _("规章")
    NORMATIVE = "normative", _("行政规范性文件")
    OTHER = "other", _("其他政策文件")


class Disclosure(models.TextChoices):
    PROACTIVE = "proactive", _("主动公开")
    ON_REQUEST = "on_request", _("依申请公开")
    WITHHELD = "withheld", _("不予公开")


class InterpretationForm(models.TextChoices):
    TEXT = "text", _("文字解读")
    GRAPHIC = "graphic", _("图文/图解")
    QA = "qa", _("问答")
    VIDEO = "video", _("视频/音频")
    PRESS = "press", _("新闻发布会")
    ARTICLE = "article", _("负责人/专家解读")


def text(label, **kwargs):
    return models.TextField(label, blank=True, validators=[no_markup], **kwargs)


def line(label, max_length=200, **kwargs):
    return models.CharField(label, max_length=max_length, validators=[no_markup], **kwargs)


class PolicyDocument(models.Model):
    title = line(_("标题"), 200)
    number = line(_("发文字号"), 60, help_text=_("例如：湛府办〔2018〕22号"))
    issuing_body = line(_("发文机关"), 100)
    doc_type = models.CharField(_("文件类型"), max_length=20, choices=DocumentType.choices)
    drafting_unit = models.ForeignKey(
        Unit, verbose_name=_("起草单位"), on_delete=models.PROTECT, related_name="+"
    )
    drafter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("起草人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    summary = text(_("内容摘要"))
    body = text(_("正文"))
    livelihood = models.BooleanField(
        _("涉及群众切身利益"),
        default=False,
        help_text=_("涉及群众切身利益的文件，解读须包含图解形式"),
    )
    disclosure = models.CharField(
        _("公开属性"), max_length=20, choices=Disclosure.choices, default=Disclosure.PROACTIVE
    )
    disclosure_reason = text(_("不公开或依申请公开的理由"))
    effective_from = models.DateField(_("施行日期"), null=True, blank=True)
    expires_on = models.DateField(_("有效期至"), null=True, blank=True)
    repealed_on = models.DateField(_("废止日期"), null=True, blank=True)
    approved_at = models.DateTimeField(_("批准发布时间"), null=True, blank=True, editable=False)
    overdue_since = models.DateTimeField(_("逾期时间"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("政策文件")
        verbose_name_plural = _("政策文件")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_body", "number"],
                name="document_number_unique_per_issuer",
                violation_error_message=_("该发文机关已有相同发文字号的文件，请核对发文字号。"),
            ),
            models.CheckConstraint(
                condition=Q(disclosure="proactive") | ~Q(disclosure_reason=""),
                name="non_disclosure_needs_reason",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(effective_from__isnull=True)
                | Q(expires_on__gte=models.F("effective_from")),
                name="expiry_after_effect",
            ),
        ]
        indexes = [models.Index(fields=["drafting_unit", "-created_at"])]

    def __str__(self):
        return f"{self.title}（{self.number}）"


class Interpretation(models.Model):
    """The interpretation material and its plan (解读方案). Always the document's unit's."""

    document = models.OneToOneField(
        PolicyDocument, on_delete=models.CASCADE, related_name="interpretation"
    )
    forms = models.JSONField(_("解读形式"), default=list, blank=True)
    channel = line(_("解读渠道"), blank=True, help_text=_("例如：政府网站、两微一端、新闻发布会"))
    timing = line(_("解读时间安排"), blank=True)
    interpreter = line(_("解读人"), 50, blank=True)
    interpreter_title = line(_("解读人职务"), 100, blank=True)
    contact = line(_("联系人及电话"), 100, blank=True)
    background = text(_("背景依据"))
    aims = text(_("目标任务"))
    main_content = text(_("主要内容"))
    scope = text(_("适用范围"))
    standards = text(_("执行标准"))
    notes = text(_("注意事项"))
    key_terms = text(_("关键词注释"))
    benefits = text(_("惠民利民举措"))
    differences = text(_("新旧政策差异"))
    qa = models.JSONField(_("问答"), default=list, blank=True)
    key_figures = models.JSONField(_("关键数据"), default=list, blank=True)
    timeline = models.JSONField(_("时间轴"), default=list, blank=True)
    chart = models.JSONField(_("图表数据"), default=dict, blank=True)
    video_url = models.URLField(_("视频链接"), blank=True)
    audio_url = models.URLField(_("音频链接"), blank=True)
    later_forms = models.JSONField(_("发布后补充的解读形式"), default=list, blank=True)
    approved_at = models.DateTimeField(_("批准发布时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("解读材料")
        verbose_name_plural = _("解读材料")

    def __str__(self):
        return _("《%(title)s》解读") % {"title": self.document.title}

    @property
    def form_labels(self):
        return [InterpretationForm(code).label for code in self.forms]


class Attachment(models.Model):
    document = models.ForeignKey(
        PolicyDocument, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to="interpretation/%Y/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self):
        return self.name


class PackageVersion(models.Model):
    """What was submitted: document and interpretation together, never changed afterwards."""

    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("版本"))
    snapshot = models.JSONField()
    content_hash = models.CharField(max_length=64)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("报批版本")
        verbose_name_plural = _("报批版本")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="one_number_per_version")
        ]

    def __str__(self):
        return _("第%(number)d版") % {"number": self.number}


class VersionSeen(models.Model):
    """The last version a person looked at, so that they are shown what changed since."""

    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="+")
    version = models.ForeignKey(PackageVersion, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("已查看的版本")
        verbose_name_plural = _("已查看的版本")
        constraints = [
            models.UniqueConstraint(fields=["person", "document"], name="one_seen_per_person")
        ]

    def __str__(self):
        return f"{self.person} · {self.version}"


class Decision(models.TextChoices):
    APPROVE = "approve", _("同意")
    RETURN = "return", _("退回修改")


class Review(models.Model):
    """One reviewer's decision at one step of the chain, on one version."""

    document = models.ForeignKey(PolicyDocument, on_delete=models.CASCADE, related_name="reviews")
    version = models.ForeignKey(PackageVersion, on_delete=models.PROTECT, related_name="reviews")
    step = models.CharField(_("环节"), max_length=40)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("意见"), max_length=10, choices=Decision.choices)
    comment = text(_("审核意见"))
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("审核记录")
        verbose_name_plural = _("审核记录")
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="approve") | ~Q(comment=""), name="return_needs_comment"
            )
        ]

    def __str__(self):
        return f"{self.step} · {self.get_decision_display()} · {self.reviewer}"

"""NPC deputies' suggestions and CPPCC members' proposals (建议提案), as registered.

A proposer's contact data (phone, address, postcode) is needed to reach them and must never
be published: it lives in its own fields of Proposer and nothing public reads them.
Result classes and handling deadlines are data, with domain.md's defaults, because
provinces differ.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from base.organisation.models import Unit
from base.validation import no_markup
from proposals.sittings import sitting

PHONE = RegexValidator(r"^[0-9 +\-()（）、,，/转]*$", _("联系电话只能包含数字和分隔符。"))


class Kind(models.TextChoices):
    NPC = "npc", _("人大建议")
    CPPCC = "cppcc", _("政协提案")


class Handling(models.TextChoices):
    LEAD = "lead", _("主办")
    SPLIT = "split", _("分办")


class ResultClass(models.Model):
    code = models.CharField(_("代码"), max_length=4, unique=True)
    label = models.CharField(_("名称"), max_length=40)
    is_active = models.BooleanField(_("启用"), default=True)
    rank = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("办理结果分类")
        verbose_name_plural = _("办理结果分类")
        ordering = ["rank", "code"]

    def __str__(self):
        # the default classes' names are in the catalogue (proposals/defaults.py); a class a
        # city adds in the admin keeps the language it was entered in
        return _("%(code)s类 %(label)s") % {"code": self.code, "label": gettext(self.label)}


class HandlingDeadline(models.Model):
    """How long a unit has to reply, per kind: months from assignment, and the ceiling an
    extension may never pass."""

    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, unique=True)
    months = models.PositiveSmallIntegerField(_("办理期限（月）"), default=3)
    max_months = models.PositiveSmallIntegerField(_("延期上限（月）"), default=6)

    class Meta:
        verbose_name = _("办理期限")
        verbose_name_plural = _("办理期限")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_months__gte=models.F("months")),
                name="extension_ceiling_after_deadline",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.months}个月（最长{self.max_months}个月）"


class Proposal(models.Model):
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices)
    # 届 and 次 are written in Chinese numerals (十五届, 五次) and a 编号 in four digits (0213):
    # ranges a congress or committee actually uses, the same on every database
    term = models.PositiveSmallIntegerField(
        _("届"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    session = models.PositiveSmallIntegerField(
        _("次"), validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    number = models.PositiveIntegerField(
        _("编号"), validators=[MinValueValidator(1), MaxValueValidator(9999)]
    )
    title = models.CharField(_("标题"), max_length=200, validators=[no_markup])
    body = models.TextField(_("内容"), validators=[no_markup])
    category = models.CharField(_("分类"), max_length=40, blank=True, validators=[no_markup])
    key_item = models.BooleanField(_("重点建议提案"), default=False)
    consent_to_publish = models.BooleanField(_("提出人同意公开"), default=True)
    submitted_on = models.DateField(_("提出日期"), null=True, blank=True)
    handling = models.CharField(
        _("办理方式"), max_length=10, choices=Handling.choices, default=Handling.LEAD
    )
    suggested_lead_unit = models.ForeignKey(
        Unit,
        verbose_name=_("建议主办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    suggested_co_units = models.ManyToManyField(
        Unit, verbose_name=_("建议会办单位"), blank=True, related_name="+"
    )
    batch = models.ForeignKey(
        "ImportBatch",
        verbose_name=_("导入批次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    # 并案: a joined item is handled within its main item (主办件), whose one reply letter
    # answers both (proposals/merging.py)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("并入"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="joined",
    )

    class Meta:
        verbose_name = _("建议提案")
        verbose_name_plural = _("建议提案")
        ordering = ["kind", "term", "session", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "term", "session", "number"],
                name="proposal_number_unique_per_session",
                violation_error_message=_("本届次已有相同编号的建议提案。"),
            )
        ]

    def __str__(self):
        return f"{self.label}《{self.title}》"

    @property
    def label(self):
        """人大建议第0012号: an identifier, written the same in every UI language."""
        with translation.override(None):
            return f"{self.get_kind_display()}第{self.number:04d}号"

    @property
    def sitting(self):
        """市十五届人大五次会议, in the active language."""
        return sitting(self.term, self.session, self.kind)

    @property
    def lead_proposer(self):
        return next((p for p in self.proposers.all() if p.is_lead), None)


class Proposer(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="proposers")
    name = models.CharField(_("姓名"), max_length=50, validators=[no_markup])
    is_lead = models.BooleanField(_("领衔"), default=False)
    rank = models.PositiveSmallIntegerField(default=0)
    # private: for reaching the proposer, never published
    phone = models.CharField(_("联系电话"), max_length=40, blank=True, validators=[PHONE])
    # where the reply's notice and the feedback link may also go (notifications.proposers)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通讯地址"), max_length=200, blank=True, validators=[no_markup])
    postcode = models.CharField(_("邮政编码"), max_length=10, blank=True)

    class Meta:
        verbose_name = _("提出人")
        verbose_name_plural = _("提出人")
        ordering = ["proposal", "rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal"], condition=models.Q(is_lead=True), name="one_lead_proposer"
            )
        ]

    def __str__(self):
        return self.name


class ImportBatch(models.Model):
    """One imported file: who, when, what it was (by hash) and what it added."""

    name = models.CharField(_("文件名"), max_length=200)
    sha256 = models.CharField(max_length=64, unique=True)
    rows = models.PositiveIntegerField(_("数据行数"))
    created = models.PositiveIntegerField(_("新增条数"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    imported_at = models.DateTimeField(_("导入时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("导入记录")
        verbose_name_plural = _("导入记录")
        ordering = ["-imported_at"]

    def __str__(self):
        return f"{self.name}（{self.imported_at:%Y-%m-%d %H:%M}）"


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("主办")
    CO = "co", _("会办")
    SPLIT = "split", _("分办")


class AssignmentState(models.TextChoices):
    ASSIGNED = "assigned", _("已交办")
    SIGNED = "signed", _("已签收")
    ADJUSTING = "adjusting", _("申请调整")
    WITHDRAWN = "withdrawn", _("已调整撤回")
    REPLIED = "replied", _("已答复")


class AssignmentQuerySet(models.QuerySet):
    def live(self):
        """The shares that count: all but those withdrawn by an adjustment (调整撤回)."""
        return self.exclude(state=AssignmentState.WITHDRAWN)

    def owing(self):
        """The shares that still owe their part: a reply, or for a co-unit its opinion. A
        co-unit never replies itself, so "not replied" alone would turn every co-unit red at
        the due date however long ago it gave its opinion."""
        return self.exclude(state=AssignmentState.REPLIED).exclude(
            role=AssignmentRole.CO, opinion__isnull=False
        )


class Assignment(models.Model):
    """One unit's share of an item: lead, co-handling, or its part of a split item."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, verbose_name=_("承办单位"), on_delete=models.PROTECT)
    role = models.CharField(_("承办方式"), max_length=10, choices=AssignmentRole.choices)
    state = models.CharField(
        _("状态"), max_length=12, choices=AssignmentState.choices, default=AssignmentState.ASSIGNED
    )
    assigned_at = models.DateTimeField(_("交办时间"))
    due_on = models.DateField(_("办理期限"))
    adjustment_reason = models.TextField(_("申请调整理由"), blank=True, validators=[no_markup])
    signed_at = models.DateTimeField(_("签收时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("答复时间"), null=True, blank=True)
    overdue_since = models.DateTimeField(_("逾期时间"), null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["proposal", "role", "unit__rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "unit"],
                condition=~models.Q(state="withdrawn"),
                name="one_live_assignment_per_unit",
            ),
            models.UniqueConstraint(
                fields=["proposal"],
                condition=models.Q(role="lead") & ~models.Q(state="withdrawn"),
                name="one_live_lead_unit",
            ),
        ]
        indexes = [models.Index(fields=["unit", "state", "due_on"])]

    def __str__(self):
        return f"{self.proposal.label} · {self.unit} · {self.get_role_display()}"

    @property
    def is_live(self):
        """One share as `live()` counts them: not withdrawn by an adjustment."""
        return self.state != AssignmentState.WITHDRAWN


class Opinion(models.Model):
    """会办意见: a co-unit's written opinion, which the lead unit reads beside its draft."""

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="opinion")
    text = models.TextField(_("会办意见"), validators=[no_markup])
    contact = models.CharField(_("联系人及电话"), max_length=100, validators=[no_markup])
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会办意见")
        verbose_name_plural = _("会办意见")

    def __str__(self):
        return f"{self.assignment.unit}的会办意见"


class ContactMethod(models.TextChoices):
    MEETING = "meeting", _("当面沟通")
    PHONE = "phone", _("电话沟通")
    VISIT = "visit", _("走访调研")
    LETTER = "letter", _("书面沟通")


class ContactRecord(models.Model):
    """沟通/面商: the lead unit talks with the proposer before replying."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="contacts")
    method = models.CharField(_("沟通方式"), max_length=10, choices=ContactMethod.choices)
    contacted_on = models.DateField(_("沟通日期"))
    summary = models.TextField(_("沟通情况"), validators=[no_markup])
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("沟通记录")
        verbose_name_plural = _("沟通记录")
        ordering = ["contacted_on", "pk"]

    def __str__(self):
        return f"{self.contacted_on} {self.get_method_display()}"


class ReplyLetter(models.Model):
    """答复函: one per unit and round; round 2 is the reply after 重新办理."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="letters")
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    number = models.CharField(_("文号"), max_length=50, blank=True, validators=[no_markup])
    title = models.CharField(_("标题"), max_length=200, blank=True, validators=[no_markup])
    result_class = models.ForeignKey(
        ResultClass,
        verbose_name=_("办理结果分类"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        limit_choices_to={"is_active": True},
    )
    body = models.TextField(_("正文"), blank=True, validators=[no_markup])
    signer = models.CharField(_("签发领导"), max_length=50, blank=True, validators=[no_markup])
    contact_person = models.CharField(
        _("联系人"), max_length=50, blank=True, validators=[no_markup]
    )
    contact_phone = models.CharField(
        _("联系电话"), max_length=40, blank=True, validators=[no_markup]
    )
    copy_to = models.CharField(_("抄送"), max_length=300, blank=True, validators=[no_markup])
    sent_at = models.DateTimeField(_("答复时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("答复函")
        verbose_name_plural = _("答复函")
        ordering = ["assignment", "round"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "round"], name="one_letter_per_round")
        ]

    def __str__(self):
        return self.title or f"{self.assignment}（第{self.round}轮）"

    @property
    def feedback(self):
        """The feedback of the letter's own item (None until given); a merged letter has one
        for each joined item too (`feedbacks`)."""
        own = self.assignment.proposal_id
        return next((f for f in self.feedbacks.all() if f.proposal_id == own), None)


class LetterVersion(models.Model):
    """What reviewers saw: a frozen copy of the letter each time it goes to review."""

    letter = models.ForeignKey(ReplyLetter, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    content = models.JSONField()
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    saved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("答复函送审稿")
        verbose_name_plural = _("答复函送审稿")
        ordering = ["letter", "number"]
        constraints = [
            models.UniqueConstraint(fields=["letter", "number"], name="letter_version_unique")
        ]

    def __str__(self):
        return f"{self.letter} 第{self.number}稿"


class LetterReview(models.Model):
    """核稿, 分管领导审核, 主要领导签发: each approves or returns the letter with a comment."""

    letter = models.ForeignKey(ReplyLetter, on_delete=models.CASCADE, related_name="reviews")
    version = models.ForeignKey(LetterVersion, on_delete=models.PROTECT, related_name="+")
    step = models.CharField(max_length=20)
    approved = models.BooleanField(_("同意"))
    comment = models.TextField(_("意见"), blank=True, validators=[no_markup])
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("答复函审核意见")
        verbose_name_plural = _("答复函审核意见")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.letter} · {self.step}"


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY = "basically", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class Feedback(models.Model):
    """The proposer's view of a reply, entered by the office or through a personal link: one
    per item the letter answers (a merged letter answers its joined items too)."""

    letter = models.ForeignKey(
        ReplyLetter,
        on_delete=models.CASCADE,
        related_name="feedbacks",
        related_query_name="feedback",
    )
    proposal = models.ForeignKey(
        Proposal, verbose_name=_("建议提案"), on_delete=models.CASCADE, related_name="+"
    )
    satisfaction = models.CharField(_("满意度"), max_length=12, choices=Satisfaction.choices)
    comment = models.TextField(_("意见"), blank=True, validators=[no_markup])
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("为空表示提出人本人通过专属链接填写"),
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("办理反馈")
        verbose_name_plural = _("办理反馈")
        constraints = [
            models.UniqueConstraint(
                fields=["letter", "proposal"], name="one_feedback_per_letter_and_item"
            )
        ]

    def __str__(self):
        return f"{self.letter} · {self.get_satisfaction_display()}"

    def save(self, *args, **kwargs):
        if self.proposal_id is None:  # the letter's own item
            self.proposal_id = self.letter.assignment.proposal_id
        super().save(*args, **kwargs)


class DisclosureDecision(models.TextChoices):
    FULL = "full", _("全文公开")
    PARTIAL = "partial", _("部分公开")
    NONE = "none", _("不予公开")


class Disclosure(models.Model):
    """The publication decision for a reply letter, with its reason; a partial disclosure
    publishes only the released text."""

    letter = models.OneToOneField(ReplyLetter, on_delete=models.CASCADE, related_name="disclosure")
    decision = models.CharField(_("公开方式"), max_length=10, choices=DisclosureDecision.choices)
    reason = models.TextField(_("理由"), validators=[no_markup])
    released_body = models.TextField(_("公开文本"), blank=True, validators=[no_markup])
    # 保密审查, answered with the decision; None in decisions taken before it was asked
    state_secret = models.BooleanField(_("涉及国家秘密"), null=True)
    trade_secret = models.BooleanField(_("涉及商业秘密"), null=True)
    personal_privacy = models.BooleanField(_("涉及个人隐私"), null=True)
    process_info = models.BooleanField(_("属于过程性信息"), null=True)
    confidentiality_note = models.TextField(_("保密审查说明"), blank=True, validators=[no_markup])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("公开决定")
        verbose_name_plural = _("公开决定")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state_secret=False)
                | models.Q(state_secret__isnull=True)
                | models.Q(decision="none"),
                name="state_secret_replies_not_disclosed",
            )
        ]

    def __str__(self):
        return f"{self.letter} · {self.get_decision_display()}"


class Extension(models.Model):
    """A later due date, approved by the office; never beyond the kind's ceiling."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="extensions")
    reason = models.TextField(_("延期理由"), validators=[no_markup])
    new_due_on = models.DateField(_("延期至"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("批准人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("延期")
        verbose_name_plural = _("延期")

    def __str__(self):
        return f"{self.assignment} → {self.new_due_on}"


class ReplyTemplate(models.Model):
    """A unit's reply template (答复模板): the text a letter's body starts from, with fields
    such as {代表姓名} filled in for the item (proposals/reply_templates.py)."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("单位"), on_delete=models.CASCADE, related_name="reply_templates"
    )
    name = models.CharField(_("模板名称"), max_length=60, validators=[no_markup])
    text = models.TextField(_("模板正文"), validators=[no_markup])
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("答复模板")
        verbose_name_plural = _("答复模板")
        ordering = ["unit", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="reply_template_name_unique_per_unit",
                violation_error_message=_("本单位已有同名的答复模板。"),
            )
        ]

    def __str__(self):
        return self.name


class ReplyDefault(models.Model):
    """What a new reply letter of a kind starts with, set by the city: the offices it is
    copied to (抄送) besides the item's co-units. Created with the usual offices
    (proposals/defaults.py)."""

    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, unique=True)
    copy_to = models.CharField(
        _("默认抄送机关"),
        max_length=300,
        blank=True,
        validators=[no_markup],
        help_text=_("以顿号分隔；会办单位另行自动列入。"),
    )

    class Meta:
        verbose_name = _("答复函默认设置")
        verbose_name_plural = _("答复函默认设置")
        ordering = ["kind"]

    def __str__(self):
        return str(self.get_kind_display())

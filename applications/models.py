"""依申请公开: applications for government information, from receipt to answer, with what
the regulation lets the clock do on the way (补正, a third party's opinion, an extension) and
what came after the answer (行政复议, 行政诉讼).

Nothing of an application is ever public: it names a person, and what they asked is theirs.
The applicant follows it through a personal link (`status_digest`), never an id.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from applications.categories import PLAIN, labels
from base.organisation.models import Unit

EXTENSION_LIMIT = 20  # working days, 条例第三十三条


class ApplicantKind(models.TextChoices):
    NATURAL = "natural", pgettext_lazy("applicant", "自然人")
    BUSINESS = "business", _("商业企业")
    RESEARCH = "research", _("科研机构")
    PUBLIC_INTEREST = "public_interest", _("社会公益组织")
    LEGAL_SERVICE = "legal_service", _("法律服务机构")
    OTHER_ORG = "other_org", pgettext_lazy("applicant", "其他组织")


class IdType(models.TextChoices):
    RESIDENT = "resident", _("居民身份证")
    HK_MACAO = "hk_macao", _("港澳居民来往内地通行证")
    TAIWAN = "taiwan", _("台湾居民来往大陆通行证")
    PASSPORT = "passport", _("护照")
    FOREIGN_RESIDENT = "foreign_resident", _("外国人永久居留身份证")
    OTHER = "other", pgettext_lazy("id type", "其他证件")


class Channel(models.TextChoices):
    """How the application came: it decides the date of receipt (条例第三十一条)."""

    IN_PERSON = "in_person", _("当面提交")
    POST = "post", _("邮寄（须签收）")
    LETTER = "letter", _("平常信函")
    ONLINE = "online", _("网上申请")
    FAX = "fax", _("传真")


class Provision(models.TextChoices):
    PAPER = "paper", _("纸质")
    ELECTRONIC = "electronic", _("电子文档")
    OTHER = "other", pgettext_lazy("provision", "其他形式")


class Collection(models.TextChoices):
    POST = "post", _("邮寄")
    EMAIL = "email", _("电子邮件")
    ONLINE = "online", _("网上获取")
    IN_PERSON = "in_person", _("当面领取")
    FAX = "fax", _("传真")


class AnswerCategory(models.Model):
    """One way an application is answered (applications/categories.py): the codes are the
    annual report's lines; the wording of the legal basis is the office's."""

    code = models.CharField(_("代码"), max_length=40, unique=True)
    legal_basis = models.CharField(_("法律依据"), max_length=200, blank=True)
    is_active = models.BooleanField(_("启用"), default=True)
    rank = models.PositiveSmallIntegerField(_("排序"), default=0)

    class Meta:
        verbose_name = _("答复类型")
        verbose_name_plural = _("答复类型")
        ordering = ["rank", "code"]

    def __str__(self):
        return str(labels().get(self.code, self.code))

    @property
    def plain(self):
        """部分公开: how the applicant is told the outcome (the letter gives the reason)."""
        return PLAIN[self.code.partition(".")[0]]

    @property
    def basis_text(self):
        """《中华人民共和国政府信息公开条例》第十四条, for the letter."""
        if not self.legal_basis:
            return ""
        return gettext("《中华人民共和国政府信息公开条例》%(article)s") % {
            "article": gettext(self.legal_basis)
        }


class ReceiptSerial(models.Model):
    """The last receipt number given in a year to one organ; its row is locked while a
    number is taken."""

    organ = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("受理编号流水号")
        verbose_name_plural = _("受理编号流水号")
        constraints = [
            models.UniqueConstraint(fields=["organ", "year"], name="one_receipt_serial_a_year")
        ]

    def __str__(self):
        return f"{self.organ_id} {self.year} {self.last}"


class Application(models.Model):
    # the organ applied to, and the unit that holds the information (assigned by the office)
    organ = models.ForeignKey(
        Unit, verbose_name=_("受理机关"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("承办单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    receipt_number = models.CharField(_("受理编号"), max_length=40, unique=True)
    status_digest = models.CharField(max_length=64, unique=True)  # sha256 of the link's key

    # the applicant
    applicant_kind = models.CharField(_("申请人类型"), max_length=20, choices=ApplicantKind)
    name = models.CharField(_("姓名或名称"), max_length=100)
    id_type = models.CharField(_("证件类型"), max_length=20, choices=IdType, blank=True)
    id_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    org_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True)
    legal_representative = models.CharField(_("法定代表人或负责人"), max_length=50, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = models.CharField(_("联系电话"), max_length=40)
    email = models.EmailField(_("电子邮箱"), blank=True)
    address = models.CharField(_("通信地址"), max_length=200, blank=True)
    postcode = models.CharField(_("邮政编码"), max_length=6, blank=True)

    # what is asked, and how it is to be given
    description = models.TextField(_("所需政府信息的名称、文号或者便于查询的其他特征性描述"))
    provision = models.CharField(_("提供形式"), max_length=20, choices=Provision)
    collection = models.CharField(_("获取方式"), max_length=20, choices=Collection)

    # receipt (条例第三十一条)
    channel = models.CharField(_("申请方式"), max_length=20, choices=Channel)
    submitted_on = models.DateField(_("提交日期"))
    received_on = models.DateField(_("收到申请日期"), null=True, blank=True)
    registered_at = models.DateTimeField(_("登记时间"), auto_now_add=True)

    # the answer
    category = models.ForeignKey(
        AnswerCategory,
        verbose_name=_("答复类型"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    withheld_grounds = models.TextField(_("不予公开部分及理由"), blank=True)
    # 条例第三十六条第（五）项: the organ that holds information this one does not, when known
    holder = models.CharField(_("负责公开该信息的机关"), max_length=100, blank=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True)
    # 主动公开: the information is proposed for active publication, under a subject that
    # brings together what several applicants asked for
    subject = models.CharField(_("所申请信息（归类）"), max_length=200, blank=True)
    propose_active = models.BooleanField(_("建议转为主动公开"), default=False)

    class Meta:
        verbose_name = _("政府信息公开申请")
        verbose_name_plural = _("政府信息公开申请")
        indexes = [
            models.Index(fields=["organ", "received_on"]),
            models.Index(fields=["organ", "answered_on"]),
            models.Index(fields=["subject"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True) | models.Q(category__isnull=False),
                name="an_answer_has_its_category",
            ),
            models.CheckConstraint(
                condition=models.Q(answered_on__isnull=True)
                | models.Q(answered_on__gte=models.F("received_on")),
                name="answered_after_received",
            ),
        ]

    def __str__(self):
        return self.receipt_number


class Correction(models.Model):
    """补正: the applicant asked, once, to make an unclear application clear (条例第三十条).
    The answer's 20 working days count from the day the completed application arrives."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="correction"
    )
    asked_on = models.DateField(_("告知补正日期"))
    what = models.TextField(_("需要补正的事项"))
    reply_by = models.DateField(_("补正期限"))
    received_on = models.DateField(_("收到补正日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("补正")
        verbose_name_plural = _("补正")

    def __str__(self):
        return gettext("补正（%(day)s告知）") % {"day": self.asked_on.isoformat()}


class Consultation(models.Model):
    """A third party asked for its opinion (条例第三十二条): 15 working days for it; the time
    until it answers is not counted in the application's own days (第三十三条第二款)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="consultations"
    )
    third_party = models.CharField(_("第三方"), max_length=100)
    sent_on = models.DateField(_("征求意见日期"))
    answered_on = models.DateField(_("收到意见日期"), null=True, blank=True)
    opinion = models.TextField(_("第三方意见"), blank=True)

    class Meta:
        verbose_name = _("征求第三方意见")
        verbose_name_plural = _("征求第三方意见")

    def __str__(self):
        return self.third_party


class Extension(models.Model):
    """延期答复: at most 20 working days, with the consent of the head of the office's
    openness work and a notice to the applicant (条例第三十三条)."""

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="extension"
    )
    working_days = models.PositiveSmallIntegerField(
        _("延长工作日数"), validators=[MinValueValidator(1), MaxValueValidator(EXTENSION_LIMIT)]
    )
    approved_by = models.CharField(_("批准人"), max_length=50)
    approved_on = models.DateField(_("批准日期"))
    reason = models.TextField(_("延期理由"))
    notified_on = models.DateField(_("告知申请人日期"))

    class Meta:
        verbose_name = _("延期答复")
        verbose_name_plural = _("延期答复")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(working_days__gte=1, working_days__lte=EXTENSION_LIMIT),
                name="an_extension_is_at_most_20_working_days",
            )
        ]

    def __str__(self):
        return gettext("延长%(days)d个工作日") % {"days": self.working_days}


class Remedy(models.Model):
    """An administrative reconsideration or lawsuit about an answer, and how it ended: what
    table 四 of the annual report counts."""

    class Kind(models.TextChoices):
        REVIEW = "review", _("行政复议")
        DIRECT = "direct", _("行政诉讼（未经复议直接起诉）")
        AFTER_REVIEW = "after_review", _("行政诉讼（复议后起诉）")

    class Result(models.TextChoices):
        UPHELD = "upheld", _("结果维持")
        CORRECTED = "corrected", _("结果纠正")
        OTHER = "other", _("其他结果")
        PENDING = "pending", _("尚未审结")

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="remedies")
    kind = models.CharField(_("类型"), max_length=20, choices=Kind)
    filed_on = models.DateField(_("立案日期"))
    result = models.CharField(_("结果"), max_length=20, choices=Result, default=Result.PENDING)
    decided_on = models.DateField(_("审结日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("行政复议和行政诉讼")
        verbose_name_plural = _("行政复议和行政诉讼")

    def __str__(self):
        return f"{self.get_kind_display()} {self.get_result_display()}"


class AnswerFile(models.Model):
    """A file the applicant is given with the answer (the information itself, or the part of
    it that may be disclosed). Checked by its content when uploaded and read by the
    personal-data detector before it leaves (applications/answer_files.py)."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="answer_files"
    )
    # not under a public path: nothing of an application is public
    file = models.FileField(upload_to="applications/answers/%Y/")
    name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("答复提供的文件")
        verbose_name_plural = _("答复提供的文件")
        ordering = ["application", "pk"]

    def __str__(self):
        return self.name


class AnswerSetup(models.Model):
    """What an organ's answer letters say of it beyond its name: where a reconsideration goes
    and whom the applicant may call. Without a row, the letter names the people's government
    of the organ's level (applications/letter.py) and no contact."""

    organ = models.OneToOneField(
        Unit, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="+"
    )
    reconsideration_body = models.CharField(
        _("行政复议机关"),
        max_length=100,
        blank=True,
        help_text=_("留空则为本级人民政府，如“湛江市人民政府”"),
    )
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("答复书设置")
        verbose_name_plural = _("答复书设置")

    def __str__(self):
        return str(self.organ)


class ProactiveDecision(models.Model):
    """The office's decision on a subject applied for three times or more (applications/
    proactive.py): to publish it actively (主动公开) or not, and why. One per organ and
    subject, the latest; each decision is audited with the one before."""

    organ = models.ForeignKey(
        Unit, verbose_name=_("机关"), on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("所申请信息（归类）"), max_length=200)  # as normalised
    publish = models.BooleanField(_("转为主动公开"))
    reason = models.TextField(_("理由"))
    decided_by = models.ForeignKey(
        "organisation.Person",
        verbose_name=_("决定人"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("决定时间"))

    class Meta:
        verbose_name = _("转为主动公开的决定")
        verbose_name_plural = _("转为主动公开的决定")
        constraints = [
            models.UniqueConstraint(
                fields=["organ", "subject"], name="one_proactive_decision_a_subject"
            )
        ]

    def __str__(self):
        return self.subject

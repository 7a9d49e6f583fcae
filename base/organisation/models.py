"""Units of the city government and the people who work in them.

A person belongs to exactly one unit (administrators may belong to none): "a unit sees only
its own work" is decided from `Person.unit`, so every scoping rule starts here.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from base.organisation.codes import validate_credit_code


class UnitKind(models.TextChoices):
    GOVERNMENT_OFFICE = "government_office", _("政府办公室")
    LEGAL_OFFICE = "legal_office", _("法制（司法）机构")
    PROPOSAL_OFFICE = "proposal_office", _("建议提案办理机构")
    DEPARTMENT = "department", _("政府部门")
    DISTRICT = "district", _("县（市、区）政府")


class Unit(models.Model):
    name = models.CharField(
        _("全称"),
        max_length=100,
        unique=True,
        help_text=_("机关全称，公文的发文机关标志和署名使用，如“湛江市教育局”"),
    )
    short_name = models.CharField(
        _("规范化简称"), max_length=30, blank=True, help_text=_("如“市教育局”")
    )
    code = models.CharField(
        _("统一社会信用代码"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("18位，用于政府信息公开目录的索引号"),
    )
    kind = models.CharField(_("类型"), max_length=32, choices=UnitKind.choices)
    parent_unit = models.ForeignKey(
        "self",
        verbose_name=_("上级单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    rank = models.PositiveSmallIntegerField(
        _("排序"), default=100, help_text=_("较小的排在前面，如公文中单位的排列顺序")
    )
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["rank", "name"]

    def __str__(self):
        return self.name

    def organ_code(self):
        """The 统一社会信用代码 the unit publishes under: its own, else its nearest parent's.
        An internal section (建议提案办理科) is no legal person and has no code of its own;
        what it publishes is its organ's."""
        unit, seen = self, set()
        while unit is not None and unit.pk not in seen:
            if unit.code.strip():
                return unit.code.strip().upper()
            seen.add(unit.pk)
            unit = unit.parent_unit
        return ""

    def clean(self):
        # stored as the certificate prints it: the validator accepts lower case as the same code
        self.code = (self.code or "").strip().upper()


class Person(AbstractUser):
    """A member of staff. Roles are Django groups (see roles.py)."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    job_title = models.CharField(_("职务"), max_length=50, blank=True)
    phone = models.CharField(_("办公电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("工作人员")
        verbose_name_plural = _("工作人员")
        ordering = ["unit__name", "username"]

    def __str__(self):
        name = self.get_full_name() or self.username
        return f"{name}（{self.unit}）" if self.unit_id else name

    def get_full_name(self):
        # Chinese names read family name first, with no space.
        return f"{self.last_name}{self.first_name}".strip()

    @cached_property
    def role_names(self):
        return set(self.groups.values_list("name", flat=True))

    def has_role(self, role):
        from base.organisation.roles import group_name

        return group_name(role) in self.role_names


class ProviderAccount(models.Model):
    """A person's account at an identity provider (the province's 统一身份认证, OpenID
    Connect): the provider's `sub`, stable and unique per issuer, is what a sign-in there is
    matched by (base/organisation/identity.py). Made by an administrator in /admin/ or at the
    first sign-in by the configured claim; never a new person."""

    person = models.ForeignKey(
        Person,
        verbose_name=_("工作人员"),
        on_delete=models.CASCADE,
        related_name="provider_accounts",
    )
    issuer = models.CharField(_("认证服务"), max_length=255, help_text=_("签发方（issuer）地址"))
    subject = models.CharField(
        _("账号标识"), max_length=255, help_text=_("统一身份认证的用户唯一标识（sub）")
    )
    linked_at = models.DateTimeField(_("关联时间"), auto_now_add=True)
    last_login = models.DateTimeField(_("最近登录"), null=True, blank=True)

    class Meta:
        verbose_name = _("统一身份认证账号")
        verbose_name_plural = _("统一身份认证账号")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="one_person_per_account"),
            models.UniqueConstraint(fields=["person", "issuer"], name="one_account_per_provider"),
        ]

    def __str__(self):
        return f"{self.person.get_username()} ← {self.subject}"

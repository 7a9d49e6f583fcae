"""Statistics are computed from the domains' records: `Statistics` only carries the
permissions (apps.py gives them to the roles that may; access.py narrows viewing to a unit
where the rules say so). What the office writes into a year's annual report — the text of its
parts, the figures of the tables no record here can give — is kept as `AnnualReportPart`s."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Statistics(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [
            ("view_statistics", _("查看统计与政府信息公开工作年度报告")),
            ("edit_annual_report", _("填写政府信息公开工作年度报告")),
        ]
        verbose_name = _("统计与报告")
        verbose_name_plural = _("统计与报告")

    def __str__(self):
        return str(self._meta.verbose_name)


class AnnualReportPart(models.Model):
    """One part of one year's report as the office last saved it (reports.office_parts says
    what `content` holds for each part). One row per part, so that two people finishing two
    parts never overwrite each other; every save is audited with the content before and
    after."""

    year = models.PositiveSmallIntegerField(_("年度"))
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("空：全市（政府办公室编制的）年度报告"),
    )
    part = models.CharField(_("部分"), max_length=20)
    content = models.JSONField(_("内容"), default=dict, blank=True)
    updated_at = models.DateTimeField(_("保存时间"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("保存人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        default_permissions = ()
        verbose_name = _("年度报告填写内容")
        verbose_name_plural = _("年度报告填写内容")
        constraints = [
            # NULL units are distinct in SQL: the city-wide report needs its own rule
            models.UniqueConstraint(
                fields=["year", "part"], condition=Q(unit__isnull=True), name="one_city_part"
            ),
            models.UniqueConstraint(
                fields=["year", "unit", "part"],
                condition=Q(unit__isnull=False),
                name="one_unit_part",
            ),
        ]

    def __str__(self):
        return f"{self.year} {self.unit or ''} {self.part}".replace("  ", " ")

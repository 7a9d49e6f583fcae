"""No tables: statistics are computed from the domains' records. This model only carries the
permission to see them, which apps.py gives to the roles that may (access.py narrows it to
a unit where the rules say so)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Statistics(models.Model):
    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_statistics", _("查看统计与政府信息公开工作年度报告"))]
        verbose_name = _("统计与报告")
        verbose_name_plural = _("统计与报告")

    def __str__(self):
        return str(self._meta.verbose_name)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from base.organisation.roles import Role


class AuditConfig(AppConfig):
    name = "base.audit"
    label = "audit"
    verbose_name = _("操作日志")
    # Which of this app's permissions each role gets; base.organisation.roles assigns them.
    role_permissions = {Role.ADMINISTRATOR: ["view_auditrecord"]}

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from base.organisation.roles import Role


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("统计与报告")
    # Which of this app's permissions each role gets; base.organisation.roles assigns them.
    role_permissions = {
        Role.UNIT_LEADER: ["view_statistics"],  # the government office's: all units; else its own
        # in the government office (reports.access); they write the annual report's own parts
        # (reports.office_parts.may_edit says why them)
        Role.OPENNESS_REVIEWER: ["view_statistics", "edit_annual_report"],
        Role.PROPOSAL_CLERK: ["view_statistics"],  # in the proposal office (reports.access)
        Role.ADMINISTRATOR: ["view_statistics"],
    }

    def ready(self):
        from reports import cache

        cache.watch()  # the kept statistics follow every change of their records

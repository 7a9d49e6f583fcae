from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _

from base.organisation.roles import Role


class PublicationsConfig(AppConfig):
    name = "publications"
    verbose_name = _("发布")
    # Which of this app's permissions each role gets; base.organisation.roles assigns them.
    role_permissions = {
        Role.UNIT_LEADER: ["view_publications"],  # its own unit's (publications.rules)
        # every unit's publications (publications.rules)
        Role.OPENNESS_REVIEWER: [
            "view_publications",
            "withdraw_publication",
            "resync_publication",
        ],
        # the published replies only (publications.rules)
        Role.PROPOSAL_CLERK: [
            "view_publications",
            "withdraw_publication",
            "resync_publication",
        ],
    }

    def ready(self):
        from publications.catalogue import check_codes

        checks.register(check_codes)

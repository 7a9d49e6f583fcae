from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from base.organisation.roles import Role


class OrganisationConfig(AppConfig):
    name = "base.organisation"
    label = "organisation"
    verbose_name = _("组织机构")
    # Which of this app's permissions each role gets; base.organisation.roles assigns them.
    role_permissions = {
        Role.DRAFTER: ["view_unit"],
        Role.UNIT_LEADER: ["view_unit", "view_person"],
        Role.OPENNESS_REVIEWER: ["view_unit"],
        Role.LEGAL_REVIEWER: ["view_unit"],
        Role.ISSUING_LEADER: ["view_unit"],
        Role.PROPOSAL_CLERK: ["view_unit", "view_person"],
        Role.HANDLING_CLERK: ["view_unit"],
        Role.REPLY_CHECKER: ["view_unit"],
        Role.RESPONSIBLE_LEADER: ["view_unit"],
        Role.ADMINISTRATOR: [
            "add_unit",
            "change_unit",
            "view_unit",
            "add_person",
            "change_person",
            "view_person",
            "auth.view_group",  # the roles themselves (Django's auth declares nothing)
        ],
    }

    def ready(self):
        from base.organisation.roles import sync_role_groups

        # After every migrate, so that a permission added by a later migration reaches its role.
        post_migrate.connect(sync_role_groups, dispatch_uid="organisation.sync_role_groups")

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from base.organisation.roles import Role


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("建议提案办理")
    # Which of this app's permissions each role gets; base.organisation.roles assigns them.
    role_permissions = {
        Role.PROPOSAL_CLERK: ["add_proposal", "view_proposal", "view_importbatch"],
        Role.ADMINISTRATOR: [
            "view_resultclass",
            "change_resultclass",
            "add_resultclass",
            "view_handlingdeadline",
            "change_handlingdeadline",
            "view_replydefault",
            "change_replydefault",
        ],
    }

    def ready(self):
        from proposals.defaults import ensure_defaults

        post_migrate.connect(ensure_defaults, sender=self, dispatch_uid="proposals.defaults")

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "proposals"
    verbose_name = _("建议提案办理")

    def ready(self):
        from proposals.defaults import ensure_defaults

        post_migrate.connect(ensure_defaults, sender=self, dispatch_uid="proposals.defaults")

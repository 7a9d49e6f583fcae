from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "applications"
    verbose_name = _("依申请公开")

    def ready(self):
        from applications.categories import ensure_defaults

        post_migrate.connect(ensure_defaults, sender=self, dispatch_uid="applications.defaults")

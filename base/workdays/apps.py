from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class WorkdaysConfig(AppConfig):
    name = "base.workdays"
    label = "workdays"
    verbose_name = _("工作日历")

    def ready(self):
        from base.workdays.seed import seed_after_migrate

        post_migrate.connect(seed_after_migrate, sender=self, dispatch_uid="workdays.seed")

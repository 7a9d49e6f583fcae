from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

from base.organisation.roles import Role


class WorkdaysConfig(AppConfig):
    name = "base.workdays"
    label = "workdays"
    verbose_name = _("工作日历")
    # Which of this app's permissions each role gets; base.organisation.roles assigns them.
    role_permissions = {
        Role.ADMINISTRATOR: [
            "add_calendaryear",
            "change_calendaryear",
            "view_calendaryear",
            "add_calendarday",
            "change_calendarday",
            "delete_calendarday",
            "view_calendarday",
        ],
    }

    def ready(self):
        from base.workdays.seed import seed_after_migrate

        post_migrate.connect(seed_after_migrate, sender=self, dispatch_uid="workdays.seed")

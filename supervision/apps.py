from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("督办")

    def ready(self):
        from base.workdays.signals import schedule_changed
        from supervision.due_dates import on_schedule_changed

        schedule_changed.connect(on_schedule_changed, dispatch_uid="supervision.due_dates")

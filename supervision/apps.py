from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from base.organisation.roles import Role


class SupervisionConfig(AppConfig):
    name = "supervision"
    verbose_name = _("督办")
    # Which of this app's permissions each role gets; base.organisation.roles assigns them.
    role_permissions = {
        Role.UNIT_LEADER: ["view_board"],  # the government office's: all units; else its own
        Role.OPENNESS_REVIEWER: ["view_board"],  # in the government office (supervision.access)
        Role.PROPOSAL_CLERK: ["view_board"],  # in the proposal office (supervision.access)
    }

    def ready(self):
        from base.workdays.signals import schedule_changed
        from supervision.due_dates import on_schedule_changed

        schedule_changed.connect(on_schedule_changed, dispatch_uid="supervision.due_dates")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from base.organisation.roles import Role


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("事件通知")
    # Which of this app's permissions each role gets; base.organisation.roles assigns them.
    role_permissions = {
        Role.ADMINISTRATOR: [
            "view_event",
            "view_message",
            "view_preference",
            "add_preference",
            "change_preference",
            "view_unitrobot",
            "add_unitrobot",
            "change_unitrobot",
            "delete_unitrobot",
            "view_proposertext",
            "change_proposertext",
        ],
        # the proposal office edits the words sent to proposers
        Role.PROPOSAL_CLERK: ["view_proposertext", "change_proposertext"],
    }

    def ready(self):
        """Events are heard where they happen (notifications.sources)."""
        from django.db.models.signals import post_save
        from viewflow.workflow.models import Task

        from base.audit.models import AuditRecord
        from notifications import sources
        from supervision.due_dates import dates_moved

        post_save.connect(sources.on_task_saved, sender=Task, dispatch_uid="notices.task")
        post_save.connect(sources.on_audit_saved, sender=AuditRecord, dispatch_uid="notices.audit")
        dates_moved.connect(sources.on_dates_moved, dispatch_uid="notices.due_dates")

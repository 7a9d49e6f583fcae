from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from base.organisation.roles import Role


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("业务流程")
    # Which of this app's permissions each role gets; base.organisation.roles assigns them.
    role_permissions = {
        Role.DRAFTER: ["draft_package"],
        Role.UNIT_LEADER: ["sign_off_package", "sign_reply", "sign_application_answer"],
        Role.OPENNESS_REVIEWER: [
            "review_openness",
            "receive_application",
            "decide_application",
        ],
        Role.LEGAL_REVIEWER: ["review_legality"],
        Role.ISSUING_LEADER: ["issue_package", "sign_application_answer"],
        Role.PROPOSAL_CLERK: ["assign_proposal", "follow_up_proposal"],
        Role.HANDLING_CLERK: ["handle_proposal", "search_application"],
        Role.REPLY_CHECKER: ["check_reply"],
        Role.RESPONSIBLE_LEADER: ["approve_reply"],
    }

    def ready(self):
        # Import the flows once, at start-up: runserver's reloader imports the URLconf in
        # one thread while system checks import viewflow's nodes in another, and the two
        # half-imports of viewflow.workflow collide.
        from publications.outbox import queued
        from workflows.applications import flows as application_flows  # noqa: F401
        from workflows.interpretation import flows  # noqa: F401
        from workflows.pipelines.trigger import request_publish_run
        from workflows.proposals import flows as proposal_flows  # noqa: F401

        queued.connect(request_publish_run, dispatch_uid="request_publish_run")

        from django.db.models.signals import pre_save
        from viewflow.workflow.models import Task
        from viewflow.workflow.signals import task_finished

        from workflows.delegation import record_done, unmark_put_back

        task_finished.connect(record_done, dispatch_uid="delegation_record_done")
        pre_save.connect(unmark_put_back, sender=Task, dispatch_uid="delegation_unmark")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("业务流程")

    def ready(self):
        # Import the flows once, at start-up: runserver's reloader imports the URLconf in
        # one thread while system checks import viewflow's nodes in another, and the two
        # half-imports of viewflow.workflow collide.
        from publications.outbox import queued
        from workflows.interpretation import flows  # noqa: F401
        from workflows.pipelines.trigger import request_publish_run
        from workflows.proposals import flows as proposal_flows  # noqa: F401

        queued.connect(request_publish_run, dispatch_uid="request_publish_run")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowsConfig(AppConfig):
    name = "workflows"
    verbose_name = _("业务流程")

    def ready(self):
        # Import the flows once, at start-up: runserver's reloader imports the URLconf in
        # one thread while system checks import viewflow's nodes in another, and the two
        # half-imports of viewflow.workflow collide.
        from workflows.interpretation import flows  # noqa: F401
        from workflows.proposals import flows as proposal_flows  # noqa: F401

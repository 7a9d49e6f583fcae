"""viewflow's timers (reminders and overdue marks of both flows) fired every minute."""

from workflows.pipelines import closing_connection, django_setup

django_setup()

from django.core.management import call_command  # noqa: E402
from prefect import flow  # noqa: E402


@flow(name="workflow-timers")
@closing_connection
def workflow_timers():
    call_command("workflow_timers")

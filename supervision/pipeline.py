"""Deadline reminders and overdue notices of both processes, once a day
(`supervision.reminders.send_due`): in the staff site and by e-mail, each exactly once.
The Prefect flow `deadline-reminders`, served by `python -m web.pipelines` and deployed by
deploy/prefect.yaml; it sets Django up with the helpers of `workflows.pipelines`."""

from workflows.pipelines import closing_connection, django_setup

django_setup()

from django.utils import timezone  # noqa: E402
from prefect import flow, get_run_logger  # noqa: E402

from supervision import reminders  # noqa: E402


@flow(name="deadline-reminders")
@closing_connection
def deadline_reminders():
    summary = reminders.send_due(timezone.localdate())
    get_run_logger().info("deadline-reminders: %s", summary)
    return summary

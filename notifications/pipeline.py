"""The `notices` deployment: every minute, one sweep of the outbox (`notifications.dispatch`)
after the proposers' feedback reminders that have come due (`notifications.proposers`).
Served by `python -m web.pipelines` and deployed by deploy/prefect.yaml. Nothing is sent
from a web request: an action only writes the outbox."""

from workflows.pipelines import closing_connection, django_setup

django_setup()

from django.utils import timezone  # noqa: E402
from prefect import flow, get_run_logger  # noqa: E402

from notifications import dispatch, proposers  # noqa: E402


@flow(name="notices")
@closing_connection
def notices():
    reminded = proposers.remind_due(timezone.localdate())
    summary = {"proposers_reminded": reminded, **dispatch.sweep()}
    get_run_logger().info("notices: %s", summary)
    return summary

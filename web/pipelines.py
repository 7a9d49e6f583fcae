"""Serves the pipelines' deployments from this process: `python -m web.pipelines`.

It names every layer's flows (`workflows.pipelines`' publish and timers, supervision's
reminders), so it sits at the top. `make run` starts it beside a local Prefect server;
production runs workers on a work pool instead (deploy/prefect.yaml, docs/deploy.md).
"""

from web.env import read_file

read_file()  # a development checkout's settings (var/dev.env), before Django is set up

from prefect import serve  # noqa: E402
from prefect.schedules import Cron  # noqa: E402

from notifications.pipeline import notices  # noqa: E402
from supervision.pipeline import deadline_reminders  # noqa: E402
from workflows.pipelines.publish import publish, rebuild_export  # noqa: E402
from workflows.pipelines.timers import workflow_timers  # noqa: E402

if __name__ == "__main__":
    serve(
        publish.to_deployment(name="publish", interval=60, concurrency_limit=1),
        workflow_timers.to_deployment(name="workflow-timers", interval=60, concurrency_limit=1),
        notices.to_deployment(name="notices", interval=60, concurrency_limit=1),
        # every morning at 8, Beijing time (a cron schedule is in UTC unless it says otherwise)
        deadline_reminders.to_deployment(
            name="deadline-reminders",
            schedule=Cron("0 8 * * *", timezone="Asia/Shanghai"),
            concurrency_limit=1,
        ),
        rebuild_export.to_deployment(
            name="rebuild-export",
            schedule=Cron("30 3 * * *", timezone="Asia/Shanghai"),
            concurrency_limit=1,
        ),
    )

"""After a commit that queued messages to send at once, the web app asks the Prefect server
for a `notices` run instead of waiting up to a minute for the scheduled one — the way the
publish pipeline is asked (`workflows.pipelines.trigger`): two short HTTP calls, never
Prefect itself, nothing when no server is configured. One request a second at most per
process: a flow step that raises several events asks once."""

import time

from workflows.pipelines.trigger import request_run

DEPLOYMENT = "notices/notices"  # flow name / deployment name (web/pipelines.py, prefect.yaml)
_last = {"second": None}


def request_notices_run():
    second = int(time.time())
    if _last["second"] == second:
        return None
    _last["second"] = second
    return request_run(DEPLOYMENT)

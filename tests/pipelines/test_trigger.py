"""The run request after a commit, against a server that is busy for a moment: it asks again
for "try again" answers only, and a few times at most (workflows/pipelines/trigger.py). The
real Prefect server's answer is tested in test_publish.py."""

from workflows.pipelines import trigger


def test_a_busy_server_is_asked_again(prefect_api):
    prefect_api.answers = [503, 503]
    assert trigger.request_publish_run() == "run-1"
    assert prefect_api.posts == 3


def test_a_server_busy_for_long_is_left_to_the_sweep(prefect_api):
    prefect_api.answers = [503] * 10
    assert trigger.request_publish_run() is None
    assert prefect_api.posts == 4


def test_a_refusal_is_not_asked_again(prefect_api):
    prefect_api.answers = [422]
    assert trigger.request_publish_run() is None
    assert prefect_api.posts == 1

"""Prefect pipelines: what runs without a person (publish, viewflow's timers; the reminders
are supervision's, `supervision/pipeline.py`, and `web/pipelines.py` serves them all).

A worker imports these modules without Django running, so each sets Django up first with
`django_setup`. Prefect itself is imported only by the pipeline modules and `web.pipelines`,
never on the web app's start-up path (it costs about two seconds).
"""

import os


def django_setup():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "web.settings")
    import django

    django.setup()


def closing_connection(function):
    """Prefect runs tasks in worker threads; each thread's database connection is closed
    when its task ends, as a request's would be."""
    from functools import wraps

    from django.db import connection

    @wraps(function)
    def run(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        finally:
            connection.close()

    return run

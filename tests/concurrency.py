"""Doing things at the same moment in tests: each call in its own thread and database
connection, all released together."""

import threading

from django.db import connection


def at_once(*calls):
    """Runs each call in its own thread and connection, released together by a barrier;
    returns their results in the order of the calls. If a call raised, the first such
    exception is raised here once every thread has finished."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)
    errors = []

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=item) for item in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return results

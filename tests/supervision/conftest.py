from datetime import date, datetime

import pytest
import time_machine

from tests.supervision import world as generated

# Monday 16 November 2026, 8 o'clock: when the daily reminders run
TODAY = date(2026, 11, 16)
MORNING = datetime(2026, 11, 16, 8, tzinfo=generated.SHANGHAI)


@pytest.fixture
def frozen():
    with time_machine.travel(MORNING, tick=False):
        yield


@pytest.fixture
def world(db, frozen):
    """A generated year: 300 suggestions and proposals, 60 policy packages."""
    generated.members.cache_clear()
    return generated.build(TODAY, proposals=300, packages=60)


@pytest.fixture(scope="session")
def prefect_server():
    """A real, temporary Prefect server for the session (Prefect's own test harness)."""
    from prefect.settings import PREFECT_API_URL
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield PREFECT_API_URL.value()

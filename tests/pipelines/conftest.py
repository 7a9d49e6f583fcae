from contextlib import contextmanager

import pytest
from django.test import override_settings

from tests.pipelines.receiver import Receiver

SECRET = "shared-secret-for-tests"


@pytest.fixture(scope="session")
def prefect_server():
    """A real, temporary Prefect server for the session (Prefect's own test harness)."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_DATABASE_TIMEOUT,
        temporary_settings,
    )
    from prefect.testing.utilities import prefect_test_harness

    # The harness keeps its runs in SQLite: on a loaded machine (CI runs two suites side by
    # side) a write can wait longer than Prefect's 10 s, and the API then answers 503.
    with temporary_settings({PREFECT_SERVER_DATABASE_TIMEOUT: 60}):
        with prefect_test_harness(server_startup_timeout=120):
            yield PREFECT_API_URL.value()


@pytest.fixture
def receiver():
    site = Receiver(SECRET)
    site.start()
    yield site
    site.release.set()
    site.stop()


def push_to(receiver):
    return {
        "ENGINE": "publications.targets.http.Push",
        "URL": receiver.url,
        "SECRET": SECRET,
        "TIMEOUT": 0.5,
    }


@pytest.fixture
def site_target(receiver, tmp_path):
    """Publications go to the portal and to the receiver; retries are quick."""
    with targets_are({"site": push_to(receiver)}, tmp_path):
        yield receiver


@pytest.fixture
def every_target(receiver, tmp_path):
    """The portal, the receiver and a static export (under tmp_path/export)."""
    export = {"ENGINE": "web.portal.export.StaticExport", "ROOT": str(tmp_path / "export")}
    with targets_are({"site": push_to(receiver), "export": export}, tmp_path):
        yield receiver


@contextmanager
def targets_are(targets, tmp_path):
    with override_settings(
        PUBLICATION_TARGETS=targets,
        PUBLICATION_RETRIES=3,
        PUBLICATION_RETRY_SECONDS=0.05,
        MEDIA_ROOT=tmp_path / "media",
    ):
        yield

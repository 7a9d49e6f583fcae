import pytest
from django.db import connection


def pytest_report_header(config):
    from django.conf import settings

    return f"database: {settings.DATABASES['default']['ENGINE']}"


@pytest.fixture(scope="session", autouse=True)
def release_test_database(django_db_setup, django_db_blocker):
    """Threads of the browser tests' live server may still hold a PostgreSQL session when
    the run ends; PostgreSQL will not drop a database in use, so end those sessions first."""
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(scope="session", autouse=True)
def test_databases_can_be_emptied():
    """Transactional tests empty the database after each test (Django's flush); on SQLite
    that is a DELETE, which the audit log's triggers refuse (base/audit/immutable.py). The
    flush lifts them around its own statements, and only there."""
    from base.audit.immutable import INSTALL, REMOVE, TABLE

    if connection.vendor != "sqlite":  # PostgreSQL empties with TRUNCATE, which is allowed
        yield
        return
    DatabaseOperations = type(connection.ops)
    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, **kwargs):
        statements = original(self, style, tables, **kwargs)
        if TABLE not in tables:
            return statements
        return [*REMOVE["sqlite"], *statements, *INSTALL["sqlite"]]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache: a total the portal kept (web/portal/public.py)
    belongs to another test's data, whose state may carry the same time stamp."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def listener():
    """A web server on 127.0.0.1 that counts the requests it gets: renders must leave it
    untouched."""
    import http.server
    import threading

    hits = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


@pytest.fixture
def prefect_api(settings):
    """A stand-in for Prefect's REST API (tests/local_http.py) that the web app asks for runs."""
    from tests.local_http import PrefectAPI

    api = PrefectAPI().start()
    settings.PREFECT_API_URL = api.url
    yield api
    api.stop()


@pytest.fixture(autouse=True)
def product_language():
    """Each test starts in the product's language: a request in English (the language
    cookie) leaves English active in the thread, as LocaleMiddleware does not undo it, and
    the next test's messages would come out in English."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()

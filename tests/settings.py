"""Settings for the test suite: the product's settings, with a development-mode environment
(the test client speaks plain HTTP) and a fast password hasher. DATABASE_URL is honoured,
so the same suite runs on SQLite and on PostgreSQL."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
# no static export unless a test asks for one (tests/pipelines' every_target, test_export)
os.environ.setdefault("STATIC_EXPORT_ROOT", "")

from web.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# An in-memory SQLite shares one cache between threads and answers "table is locked" instead
# of waiting; a file behaves like production (one writer at a time, the others wait).
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # one file per run, so that two runs side by side do not share it
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}  # noqa: F405

# Connections from the test's own threads (live server, races) close after each request, so
# PostgreSQL can drop the test database at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405

# The suite's clients all come from 127.0.0.1 and crawl the portal: the public rate limits
# are the product's business only in tests/web/test_rate_limits.py, which sets its own.
PUBLIC_RATE_LIMITS = dict.fromkeys(PUBLIC_RATE_LIMITS, "100000/m")  # noqa: F405

# The suite's people log in with force_login and passwords; the second factor is tested on
# its own (tests/security/test_two_factor.py), which turns it on.
TWO_FACTOR_ADMINISTRATORS = False

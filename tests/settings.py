"""Settings for the test suite: the product's settings, with a development-mode environment
(the test client speaks plain HTTP) and a fast password hasher. DATABASE_URL is honoured,
so the same suite runs on SQLite and on PostgreSQL."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from web.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

"""Browser tests: Playwright's sync API runs an event loop in the test thread, and Django
refuses ORM calls from a thread with a running loop unless told it is safe here."""

import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import expect  # noqa: E402

# CI runs the SQLite and PostgreSQL suites side by side on two cores, and their browser tests
# meet: a page that takes 6 s there is slow, not wrong. What is asserted stays the same.
expect.set_options(timeout=15_000)

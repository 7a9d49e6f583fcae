"""Browser tests: Playwright's sync API runs an event loop in the test thread, and Django
refuses ORM calls from a thread with a running loop unless told it is safe here."""

import os

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

"""gunicorn for the web container: `gunicorn --config deploy/gunicorn.conf.py web.wsgi`.

nginx is the only client (deploy/nginx.conf); it terminates TLS and passes
X-Forwarded-Proto, which Django trusts with BEHIND_TLS_PROXY=true. Threads suit the load:
pages wait on the database, and a PDF rendered in a request (a reply letter, an infographic
preview) keeps WeasyPrint's state per thread (base/rendering/pdf.py).

Environment: GUNICORN_BIND (0.0.0.0:8000), WEB_CONCURRENCY (worker processes, default
2 × CPUs + 1, at most 8), GUNICORN_THREADS (4), GUNICORN_TIMEOUT (120 s),
GUNICORN_MAX_REQUESTS (20,000: a worker is renewed after about so many).
"""

import multiprocessing
import os
import re

from gunicorn.glogging import Logger

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 8)))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A request that renders a PDF takes about a second; anything near this is stuck.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5
# WeasyPrint and Pillow grow a process's memory: renew each worker now and then. Not too
# often: a worker's start costs over a second of CPU, and at 1,000 requests readers of
# cached pages renewed every worker every few seconds (bench/readers.py: p95 of the home
# page at 16 readers 0.6-1.4 s with it, 31 ms without).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 20000))
max_requests_jitter = max_requests // 10
# The heartbeat file on tmpfs: a container's overlay disk can stall it.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# Only nginx reaches this port (the compose network); Django itself reads X-Forwarded-Proto.
forwarded_allow_ips = "*"
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
access_log_format = '%({x-forwarded-for}i)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s %(L)ss'


class KeyHidingLogger(Logger):
    """An applicant's status link and a proposer's feedback link are their keys: the access
    log keeps the path up to the key, never the key itself."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in ("r", "U"):
            atoms[name] = PERSONAL_LINK.sub(r"\1…", atoms[name])
        return atoms


PERSONAL_LINK = re.compile(r"(/(?:apply/status|feedback)/)[^ ?]*")
logger_class = KeyHidingLogger

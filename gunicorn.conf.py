"""gunicorn's settings for the portal: `gunicorn` in the project folder reads this file.

Every value can be changed without editing it: gunicorn also reads
GUNICORN_CMD_ARGS (e.g. GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000"), and
WEB_CONCURRENCY sets the number of workers.
"""

import multiprocessing
import os

wsgi_app = "samarbejdsplan.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers, the usual (2 × cores) + 1: a request is a few milliseconds of
# CPU and one or two short queries, so a worker per request in flight is enough,
# and one stuck request cannot hold up the others in its process.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# A worker silent for longer is killed and replaced: no request hangs past this.
# The database gives up connecting after DATABASE_CONNECT_TIMEOUT (3 s) first.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Replace each worker now and then, so a slow leak can never grow without bound.
max_requests = 5000
max_requests_jitter = 500
# Load the application once before forking: workers start faster and share memory.
# Safe with Django, which opens no database connection at import.
preload_app = True

# Logs to stdout/stderr, where systemd or the container runtime collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

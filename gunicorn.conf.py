"""gunicorn's settings for the portal: `gunicorn` in the project folder reads this file.

Every value can be changed without editing it: gunicorn also reads
GUNICORN_CMD_ARGS (e.g. GUNICORN_CMD_ARGS="--bind 0.0.0.0:8000"), and
WEB_CONCURRENCY sets the number of workers.
"""

import multiprocessing
import os

wsgi_app = "samarbejdsplan.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers, one per core plus one. A cached page is pure CPU apart from
# one short query, so more workers than cores only adds switching: on the
# 2-core benchmark machine 3 workers served the plan page about 15 % faster
# than the usual (2 × cores) + 1 = 5 (`make bench`, README). A stuck request
# holds up only its own worker, and is killed after `timeout`.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() + 1))
worker_class = "sync"
# A worker silent for longer is killed and replaced: no request hangs past this.
# Public pages give up on the database long before: a connection attempt after
# DATABASE_CONNECT_TIMEOUT (2 s), a query after DATABASE_QUERY_TIMEOUT (2 s).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
# Replace each worker now and then, so a slow leak can never grow without bound;
# rarely, because a new worker starts with an empty page cache and renders each
# page once more (a large plan page takes about half a second).
max_requests = 100_000
max_requests_jitter = 10_000
# Load the application once before forking: workers start faster and share memory.
# Safe with Django, which opens no database connection at import.
preload_app = True

# Logs to stdout/stderr, where systemd or the container runtime collects them.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# No control socket: gunicorn's default is one path per user (~/.gunicorn), so
# two instances on one machine (bench beside a running portal) would take it
# from each other. Nothing here uses it; signals (HUP, TERM) still work.
control_socket_disable = True
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

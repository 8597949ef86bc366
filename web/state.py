"""The plans' content state, asked at most once per PAGE_STATE_INTERVAL in each process.

Every content change moves some plan's `opdateret` (samarbejdsplan/signals.py),
and adding or deleting a plan changes how many there are, so one small query,
the newest `opdateret` and the number of plans, tells whether anything a public
page shows may have changed. The page cache (web/caching.py) keys on
it.

Asking on every request made that query most of a cached page's cost. Each
process (gunicorn worker) now keeps the answer for PAGE_STATE_INTERVAL (1 s):
a visitor sees an edit made anywhere within about a second, and one made in
this process at once (the signals call `forget`). Logged-in readers never use
it: their pages are rendered fresh.

It is also where the portal learns that the database does not answer. A failed
check is remembered: until the next try, requests are told at once
(DatabaseUnavailable) instead of each waiting for a timeout, and the page cache
serves the copies it has. A try first asks whether the server answers at all
(`server_answers`, half a second at most) before it reconnects, which would
wait two seconds for a hung server. The next try comes after
PAGE_STATE_INTERVAL, or, when the failed one had to wait for a timeout (a hung
database), after four times that wait but at most two seconds: after the first
timeout, a hung database costs a worker at most a quarter of its time.
"""

from datetime import UTC
from time import monotonic, time

from django.apps import apps
from django.conf import settings
from django.db import OperationalError, connection
from django.utils import timezone

from .database import CONNECTION_ERRORS, QueryTimeout, query_deadline, server_answers

# How long a try waits for the server to answer at all (DATABASE_QUERY_TIMEOUT if shorter).
PROBE_TIMEOUT = 0.5


def probe_timeout():
    return min(PROBE_TIMEOUT, settings.DATABASE_QUERY_TIMEOUT)


class DatabaseUnavailable(OperationalError):
    """The database did not answer the last check, and the next is not due yet."""


class StateCheck:
    """This process's view of the content state and of the database's health."""

    def __init__(self):
        self.reset()

    def reset(self):
        self.value = None
        self.checked_at = None  # monotonic time of the last successful check
        self.checked_wall = None  # the same, as wall time (for Age and the notice)
        self.retry_at = None  # set while the database does not answer
        self.failure = None

    def current(self, fresh=False):
        """((newest `opdateret`, number of plans), asked): from memory, or asked
        now (one query) when the interval has passed or `fresh` is wanted."""
        now = monotonic()
        self.raise_if_known_down(now)
        due = self.checked_at is None or now - self.checked_at >= settings.PAGE_STATE_INTERVAL
        if not (due or fresh):
            return self.value, False
        try:
            value = ask_with_reconnect()
        except CONNECTION_ERRORS as error:
            self.failed(now, error)
            raise
        self.value, self.checked_at, self.checked_wall = value, monotonic(), time()
        self.retry_at = self.failure = None
        return value, True

    def raise_if_known_down(self, now):
        """DatabaseUnavailable while the last check failed, until the next try is
        due; then, unless the server answers at all, another failed try."""
        if self.retry_at is None:
            return
        if now >= self.retry_at:
            if server_answers(probe_timeout()):
                return
            self.failed(now, self.failure)
        raise DatabaseUnavailable(f"the database did not answer: {self.failure}")

    def failed(self, started, error):
        waited = monotonic() - started
        pause = max(settings.PAGE_STATE_INTERVAL, min(4 * waited, 4 * probe_timeout()))
        self.retry_at = monotonic() + pause
        self.failure = str(error).strip().splitlines()[0] if str(error).strip() else repr(error)

    def answered(self):
        """The database answered (a health check): the next request may ask it again."""
        self.retry_at = self.failure = None

    def forget(self):
        """Content changed in this process: the next request asks again."""
        self.checked_at = None


state = StateCheck()


def content_state(fresh=False):
    """(content state, whether it was asked now) for this request: see StateCheck.current."""
    return state.current(fresh)


def forget_content_state():
    state.forget()


def ping():
    """SELECT 1 for /healthz/, with the query deadline; told at once while known to be down."""
    now = monotonic()
    state.raise_if_known_down(now)
    try:
        with query_deadline(), connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except CONNECTION_ERRORS as error:
        state.failed(now, error)
        raise
    state.answered()


def ask_with_reconnect():
    """The state query. The first query of a request that asks, so it is also where a
    kept database connection that died (PostgreSQL restarted) is noticed: it then
    reconnects once and asks again, and the visitor never sees the outage that
    has passed. Not after a timeout: a database that hangs would hang again.
    """
    try:
        return query_content_state()
    except QueryTimeout:
        raise
    except CONNECTION_ERRORS:
        if connection.in_atomic_block:
            raise
        connection.close()
        return query_content_state()


def query_content_state():
    """Plain SQL: the ORM's aggregate() spends more time building the query
    (~0.5 ms) than the database answering it.

    Which table and column: `settings.CONTENT_STATE` ("app_label.Model", "field"),
    the plans and their last change, so this module imports no app of the portal.
    """
    model_name, field_name = settings.CONTENT_STATE
    model = apps.get_model(model_name)
    field = model._meta.get_field(field_name)
    column, table = map(connection.ops.quote_name, (field.column, model._meta.db_table))
    with query_deadline(), connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({column}), COUNT(*) FROM {table}")
        last_change, count = cursor.fetchone()
    # SQLite returns text; convert as the ORM would (an aware datetime).
    last_change = field.to_python(last_change) if last_change else None
    if last_change is not None and timezone.is_naive(last_change):
        last_change = timezone.make_aware(last_change, UTC)
    return last_change, count

"""What a lost or refused database connection looks like to Django, and a deadline for queries."""

import contextlib
import os
import socket
import struct
import threading

from django.conf import settings
from django.db import InterfaceError, OperationalError, connection

# PostgreSQL stopped, restarting or unreachable, or a kept connection that died:
# the visitor should simply try again (503), and the connection be replaced.
CONNECTION_ERRORS = (OperationalError, InterfaceError)


class QueryTimeout(OperationalError):
    """The database did not answer a query within DATABASE_QUERY_TIMEOUT; the connection is cut."""


@contextlib.contextmanager
def query_deadline(seconds=None):
    """Give up on any query in this block that gets no answer within `seconds`.

    For a database that neither answers nor refuses (a hung host, a frozen
    process). psycopg has no client-side timeout for a query on a sync
    connection, and neither `statement_timeout` (enforced by the server, which
    is the part not answering) nor TCP keepalives / `tcp_user_timeout` (the
    server's kernel still acknowledges every packet) end the wait: measured with
    `make fault`, all three left the query waiting. So a timer shuts the
    connection's socket down when the deadline passes; psycopg then reports
    the connection lost at once, and this raises QueryTimeout. The connection
    is unusable after that and is closed. No effect on SQLite (a local file).
    """
    if connection.vendor != "postgresql" or any(
        isinstance(wrapper, _Deadline) for wrapper in connection.execute_wrappers
    ):
        yield  # SQLite, or already inside a deadline (a page's state check)
        return
    limit = settings.DATABASE_QUERY_TIMEOUT if seconds is None else seconds
    with connection.execute_wrapper(_Deadline(limit)):
        yield


class _Deadline:
    """An execute wrapper (Django's hook around every query) that arms a watchdog."""

    def __init__(self, limit):
        self.limit = limit

    def __call__(self, execute, sql, params, many, context):
        return _with_deadline(self.limit, execute, sql, params, many, context)


def _with_deadline(limit, execute, sql, params, many, context):
    try:
        fileno = context["connection"].connection.fileno()
    except Exception:  # a connection already lost: the query itself says so, wrapped by Django
        return execute(sql, params, many, context)
    watchdog = _Watchdog(fileno, limit)
    try:
        return execute(sql, params, many, context)
    except CONNECTION_ERRORS as error:
        if watchdog.fired:
            context["connection"].close()
            raise QueryTimeout(f"no answer from the database within {limit} s") from error
        raise
    finally:
        watchdog.disarm()


class _Watchdog:
    """Shuts a socket down after `seconds`, unless disarmed first."""

    def __init__(self, fileno, seconds):
        self.fileno, self.fired, self.armed = fileno, False, True
        self.lock = threading.Lock()
        self.timer = threading.Timer(seconds, self.fire)
        self.timer.daemon = True
        self.timer.start()

    def fire(self):
        with self.lock:
            if not self.armed:
                return  # the query finished just in time: the connection is fine
            self.fired = True
            # A duplicate of the descriptor: shutting it down ends the socket
            # for psycopg too, while psycopg's own descriptor stays valid (and
            # is closed by psycopg), so no other file can take its number.
            with contextlib.suppress(OSError), socket.socket(fileno=os.dup(self.fileno)) as sock:
                sock.shutdown(socket.SHUT_RDWR)

    def disarm(self):
        with self.lock:
            self.armed = False
        self.timer.cancel()


def server_answers(seconds):
    """Whether the PostgreSQL server answers at all, asked without logging in.

    Before reconnecting to a database that did not answer: a connection
    attempt to a hung server waits for the connect timeout (2 s at least, in
    libpq and psycopg), this for `seconds`. It sends the SSLRequest that opens
    every libpq connection; a live server answers it with one byte at once, a
    hung one (whose kernel still accepts the TCP connection) says nothing, a
    stopped one refuses. The server logs nothing for a client that then leaves.
    """
    if connection.vendor != "postgresql":
        return True
    host = connection.settings_dict["HOST"]
    port = int(connection.settings_dict["PORT"] or 5432)
    if not host:
        return True  # libpq's default socket: let the connection attempt find out
    if host.startswith("/"):
        family, address = socket.AF_UNIX, f"{host}/.s.PGSQL.{port}"
    else:
        family, address = socket.AF_INET6 if ":" in host else socket.AF_INET, (host, port)
    try:
        with socket.socket(family, socket.SOCK_STREAM) as sock:
            sock.settimeout(seconds)
            sock.connect(address)
            sock.sendall(struct.pack("!ii", 8, 80877103))  # SSLRequest
            return len(sock.recv(1)) == 1
    except OSError:  # refused, unreachable, timed out
        return False

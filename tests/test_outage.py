"""Readable through a database outage: pages already rendered are served, marked
as possibly stale; pages never rendered get the Danish 503; /healthz/ says 503;
a database that does not answer is given up on after a short deadline."""

import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from tests.test_production_server import ROOT, free_port, production_env, running_gunicorn
from web import state

NOTICE = re.compile(r'<div class="stale-banner" role="note">.*?</div>')


class Database:
    """Switches the content-state query between the real one and a refused connection."""

    def __init__(self, real):
        self.real, self.down, self.asked = real, False, 0

    def __call__(self):
        self.asked += 1
        if self.down:
            raise OperationalError("connection failed: Connection refused")
        return self.real()


@pytest.fixture
def database(monkeypatch):
    switch = Database(state.query_content_state)
    monkeypatch.setattr(state, "query_content_state", switch)
    return switch


@pytest.mark.django_db
def test_while_the_database_does_not_answer_rendered_pages_are_served_marked(
    client, plan2020, clock, database
):
    fresh = client.get("/2020/")
    export = client.get("/2020/eksport/")
    database.down = True
    clock.advance(1.1)  # the state is due to be read again

    stale = client.get("/2020/?r=1")
    assert stale.status_code == 200
    assert stale.headers["Cache-Control"] == "no-store"  # no proxy or browser keeps this copy
    assert int(stale.headers["Age"]) >= 1
    assert "ETag" not in stale.headers and "Last-Modified" not in stale.headers
    body = stale.content.decode()
    assert "Måske forældet" in body and "portalen kan ikke nå sin database lige nu" in body
    # Otherwise the very page that was rendered, security headers included.
    assert NOTICE.sub("<!-- stale-notice -->", body) == fresh.content.decode()
    assert stale.headers["X-Frame-Options"] == "DENY"
    assert stale.headers["Content-Security-Policy"] == fresh.headers["Content-Security-Policy"]

    # The export is a file to keep: its bytes unchanged, marked by its headers only.
    stale_export = client.get("/2020/eksport/")
    assert stale_export.status_code == 200 and stale_export.content == export.content
    assert stale_export.headers["Content-Disposition"] == export.headers["Content-Disposition"]
    assert stale_export.headers["Cache-Control"] == "no-store" and "Age" in stale_export.headers

    client.raise_request_exception = False
    never = client.get("/2020/boligomraader/")
    assert never.status_code == 503
    assert "Portalen er midlertidigt utilgængelig" in never.content.decode()
    assert client.get("/healthz/").status_code == 503


@pytest.mark.django_db
def test_while_known_down_no_request_waits_for_the_database(client, plan2020, clock, database):
    client.get("/2020/")
    database.down = True
    clock.advance(1.1)
    assert client.get("/2020/").status_code == 200  # the check that finds it down
    asked = database.asked
    client.raise_request_exception = False
    with CaptureQueriesContext(connection) as queries:
        for url in ("/2020/", "/2020/kommuner/kolding/", "/healthz/", "/2020/"):
            client.get(url)
    assert database.asked == asked and len(queries) == 0

    # When the next try is due and the database answers, the pages are current again.
    database.down = False
    clock.advance(1.1)
    back = client.get("/2020/")
    assert back.status_code == 200 and "ETag" in back.headers
    assert "Måske forældet" not in back.content.decode()
    assert client.get("/healthz/").status_code == 200


@pytest.mark.django_db
def test_a_page_that_is_gone_leaves_no_outage_copy(client, plan2020, draft2021, clock, database):
    draft2021.status = "offentliggjort"
    draft2021.offentliggjort = plan2020.offentliggjort
    draft2021.save()
    assert client.get("/2021/").status_code == 200
    draft2021.delete()
    assert client.get("/2021/").status_code == 404
    database.down = True
    clock.advance(1.1)
    client.raise_request_exception = False
    assert client.get("/2021/").status_code == 503  # not the deleted plan's page


@pytest.mark.django_db(transaction=True)
def test_a_query_without_an_answer_is_given_up_after_the_deadline():
    from web.database import QueryTimeout, query_deadline

    if connection.vendor != "postgresql":
        pytest.skip("the deadline is PostgreSQL's: SQLite is a local file and always answers")
    with pytest.raises(QueryTimeout), query_deadline(0.2), connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(5)")  # gets no answer within the deadline
    assert connection.connection is None  # cut, and closed
    with connection.cursor() as cursor:  # the next query has a new connection
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)


def test_a_server_that_accepts_but_never_answers_is_told_from_a_live_one():
    from web.database import server_answers

    if connection.vendor != "postgresql":
        pytest.skip("asks a PostgreSQL server: SQLite has none")
    assert server_answers(2)  # the tests' PostgreSQL
    saved = dict(connection.settings_dict)
    try:
        # A hung server: its kernel accepts the connection, nothing ever answers.
        with socket.socket() as silent:
            silent.bind(("127.0.0.1", 0))
            silent.listen()
            connection.settings_dict.update(HOST="127.0.0.1", PORT=silent.getsockname()[1])
            assert not server_answers(0.2)
        connection.settings_dict["PORT"] = free_port()  # a stopped server: refused
        assert not server_answers(0.2)
    finally:
        connection.settings_dict.update(saved)


def fetch(base, path):
    """(status, headers, body); a hang would end in the 10 s client timeout and fail."""
    request = urllib.request.Request(base + path, headers={"X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def wait_for(base, path, status, seconds=30):
    deadline = time.monotonic() + seconds
    while fetch(base, path)[0] != status:
        assert time.monotonic() < deadline, f"{path} never answered {status}"
        time.sleep(0.2)


def test_a_hung_or_stopped_postgresql_leaves_rendered_pages_readable(tmp_path, monkeypatch):
    """gunicorn against a PostgreSQL of the test's own, frozen (SIGSTOP: it neither
    answers nor refuses) and then stopped."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "starts a PostgreSQL server of its own, so it runs once: in the PostgreSQL "
            "pass, where PostgreSQL is known to be installed"
        )
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    from pg_fault import Postgres

    server = Postgres(port=free_port())
    try:
        server.start()
        env = production_env(
            tmp_path,
            DATABASE_URL=f"postgres://postgres@127.0.0.1:{server.port}/postgres",
            WEB_CONCURRENCY="1",  # one worker, one page cache: what it rendered is known
            PAGE_STATE_INTERVAL="0.2",
            DATABASE_QUERY_TIMEOUT="0.5",
        )
        for command in (["migrate", "-v0"], ["load_initial_plan"]):
            subprocess.run(
                [sys.executable, "manage.py", *command],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        with running_gunicorn(env) as base:
            for path in ("/2020/", "/2020/kommuner/kolding/"):
                assert fetch(base, path)[0] == 200

            server.signal_all(signal.SIGSTOP)
            time.sleep(0.3)  # the state is due to be read again
            status, headers, body = fetch(base, "/2020/")  # gives up after the deadline
            assert status == 200 and "Måske forældet" in body
            assert headers["Cache-Control"] == "no-store" and int(headers["Age"]) >= 1
            assert fetch(base, "/2020/kommuner/kolding/?r=2")[0] == 200
            status, _, body = fetch(base, "/2020/boligomraader/")  # never rendered
            assert status == 503 and "Portalen er midlertidigt utilgængelig" in body
            assert fetch(base, "/healthz/")[0] == 503

            server.signal_all(signal.SIGCONT)
            wait_for(base, "/healthz/", 200)  # the worker's next try finds it back
            status, headers, body = fetch(base, "/2020/")
            assert status == 200 and "ETag" in headers and "Måske forældet" not in body

            server.stop()
            time.sleep(0.3)
            status, headers, body = fetch(base, "/2020/")
            assert status == 200 and "Måske forældet" in body
            assert fetch(base, "/2020/afsnit/3.1.2/")[0] == 503
            assert fetch(base, "/healthz/")[0] == 503
    finally:
        server.remove()

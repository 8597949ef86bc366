"""`make fault`: PostgreSQL stops while the portal is under load, then comes back.

Starts its own PostgreSQL (initdb into a temporary folder, port 25432: below
the ephemeral port range, so no client socket holds it), so it never touches
the server the tests and CI use; migrates it and loads the 2020
plan; starts gunicorn (gunicorn.conf.py, production settings) against it; and
while eight client threads request pages and /healthz/ without pause:

  phase "før"      5 s   PostgreSQL up
  phase "nede"     8 s   PostgreSQL stopped (pg_ctl stop -m fast)
  phase "efter"   10 s   PostgreSQL started again; no restart of gunicorn
  phase "fryst"   40 s   every PostgreSQL process stopped with SIGSTOP: the
                         server neither answers nor refuses (a hung host)
  phase "tøet"    10 s   SIGCONT

It prints per phase the status codes, how many pages were served as an
outage copy (the page as last rendered, marked with `Age` and a notice), the
slowest request, whether every failure was the Danish 503 page, and how long
after PostgreSQL came back the portal served again. While PostgreSQL is down or
frozen, a public page already rendered is served as such a copy; a query that
gets no answer is given up after DATABASE_QUERY_TIMEOUT (2 s), a connection
attempt after DATABASE_CONNECT_TIMEOUT (2 s).
"""

import collections
import contextlib
import glob
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from serving import gunicorn

ROOT = Path(__file__).resolve().parent.parent
PG_PORT = int(os.environ.get("FAULT_PG_PORT", "25432"))
WEB_PORT = int(os.environ.get("FAULT_WEB_PORT", "8124"))
URLS = ["/2020/", "/2020/kommuner/kolding/", "/2020/indsatser/?q=indbrud", "/healthz/"]
CLIENT_TIMEOUT = 60  # longer than gunicorn's timeout, so a hang would show as one


def pg_bin(name):
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if not found:
        sys.exit(f"{name} not found: apt-get install postgresql")
    return found[-1]


def as_postgres(args, **kwargs):
    """initdb and postgres refuse to run as root: run them as the postgres user."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    return subprocess.run(args, check=True, capture_output=True, text=True, **kwargs)


class Postgres:
    """A PostgreSQL server of its own in a temporary folder (also used by tests/test_outage.py)."""

    def __init__(self, port=PG_PORT):
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="pg-fault-"))
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        self.data = self.dir / "data"
        as_postgres([pg_bin("initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"])

    def start(self):
        options = f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
        log = self.dir / "log"
        try:
            as_postgres(
                [
                    pg_bin("pg_ctl"),
                    "-D",
                    str(self.data),
                    "-o",
                    options,
                    "-l",
                    str(log),
                    "-w",
                    "start",
                ]
            )
        except subprocess.CalledProcessError:
            sys.exit(f"PostgreSQL did not start:\n{log.read_text() if log.exists() else ''}")

    def stop(self):
        as_postgres([pg_bin("pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])

    def signal_all(self, signum):
        """Send a signal to the postmaster and all its children (freeze, thaw)."""
        postmaster = int((self.data / "postmaster.pid").read_text().split()[0])
        children = subprocess.run(
            ["pgrep", "-P", str(postmaster)], capture_output=True, text=True
        ).stdout.split()
        for pid in [postmaster, *map(int, children)]:
            os.kill(pid, signum)

    def remove(self):
        with contextlib.suppress(OSError, ValueError):
            self.signal_all(signal.SIGCONT)
        with contextlib.suppress(subprocess.CalledProcessError):
            self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)


def client(base, stop, results, phase):
    i = 0
    while not stop.is_set():
        url = URLS[i % len(URLS)]
        i += 1
        request = urllib.request.Request(base + url, headers={"X-Forwarded-Proto": "https"})
        started = time.monotonic()
        try:
            with urllib.request.urlopen(request, timeout=CLIENT_TIMEOUT) as response:
                status, body = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, body = error.code, error.read()
        except OSError as error:  # refused, reset, timed out
            status, body = type(error).__name__, b""
        results.append((phase[0], time.monotonic(), url, status, time.monotonic() - started, body))
        time.sleep(0.01)


def current(result):
    """A 200 that is not an outage copy."""
    return result[3] == 200 and b'class="stale-banner"' not in result[5]


def main():
    pg = Postgres()
    static_root = Path(tempfile.mkdtemp(prefix="fault-static-"))
    stack = contextlib.ExitStack()
    try:
        pg.start()
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-p",
                str(PG_PORT),
                "-U",
                "postgres",
                "-qc",
                "CREATE DATABASE samarbejdsplan",
            ],
            check=True,
        )
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "samarbejdsplan.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PG_PORT}/samarbejdsplan",
            "STATIC_ROOT": str(static_root),
            "BEHIND_PROXY": "true",
            "LOG_LEVEL": "CRITICAL",  # the expected connection errors, once per request
        }
        python = str(ROOT / ".venv/bin/python")
        for command in (
            ["migrate", "-v0"],
            ["load_initial_plan"],
            ["collectstatic", "--noinput", "-v0"],
        ):
            subprocess.run(
                [python, "manage.py", *command],
                cwd=ROOT,
                env=env,
                check=True,
                stdout=subprocess.DEVNULL,
            )
        base = stack.enter_context(gunicorn(WEB_PORT, env))

        results, stop, phase = [], threading.Event(), ["før"]
        threads = [
            threading.Thread(target=client, args=(base, stop, results, phase)) for _ in range(8)
        ]
        for thread in threads:
            thread.start()
        time.sleep(5)
        phase[0] = "nede"
        stopped_at = time.monotonic()
        pg.stop()
        print(f"PostgreSQL stopped ({time.monotonic() - stopped_at:.1f} s to stop)", flush=True)
        time.sleep(8)
        started_at = time.monotonic()
        pg.start()
        print(
            f"PostgreSQL started again ({time.monotonic() - started_at:.1f} s until ready)",
            flush=True,
        )
        phase[0] = "efter"
        time.sleep(10)
        phase[0] = "fryst"
        pg.signal_all(signal.SIGSTOP)
        print("PostgreSQL frozen (SIGSTOP)", flush=True)
        time.sleep(40)
        pg.signal_all(signal.SIGCONT)
        thawed_at = time.monotonic()
        phase[0] = "tøet"
        print("PostgreSQL thawed (SIGCONT)", flush=True)
        time.sleep(10)
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        stack.close()  # gunicorn first, then PostgreSQL
        pg.remove()
        shutil.rmtree(static_root, ignore_errors=True)

    print(
        "\n| phase | requests | status codes | 200 as outage copy | slowest "
        "| failures that were the Danish 503 page |"
    )
    print("|---|---|---|---|---|---|")
    for name in ("før", "nede", "efter", "fryst", "tøet"):
        rows = [r for r in results if r[0] == name]
        codes = collections.Counter(str(r[3]) for r in rows)
        failures = [r for r in rows if r[3] != 200]
        danish = [
            r
            for r in failures
            if r[3] == 503
            and (b"midlertidigt utilg" in r[5] or b'"database": "svarer ikke"' in r[5])
        ]
        slowest = max((r[4] for r in rows), default=0)
        stale = sum(1 for r in rows if r[3] == 200 and b'class="stale-banner"' in r[5])
        print(
            f"| {name} | {len(rows)} | {dict(sorted(codes.items()))} | {stale} "
            f"| {slowest * 1000:.0f} ms | {len(danish)} of {len(failures)} |"
        )
    print()
    events = (("efter", "the start command", started_at), ("tøet", "SIGCONT", thawed_at))
    for name, event, since in events:
        back = [r for r in results if r[1] >= since and r[0] == name]
        first_ok = next((r[1] for r in back if current(r)), None)
        last_bad = max((r[1] for r in back if not current(r)), default=None)
        if first_ok is not None:
            print(f"First current page after {event}: {first_ok - since:.2f} s")
        if last_bad is not None:
            print(f"Last failure or outage copy after {event}: {last_bad - since:.2f} s")
        else:
            print(f"No failure or outage copy after {event}.")
    for name in ("nede", "efter", "fryst", "tøet"):
        healthz = [r for r in results if r[0] == name and r[2] == "/healthz/"]
        print(f"/healthz/ ({name}): {dict(collections.Counter(r[3] for r in healthz))}")
        pages = [r for r in results if r[0] == name and r[2] != "/healthz/"]
        print(f"public pages ({name}): {dict(collections.Counter(r[3] for r in pages))}")


if __name__ == "__main__":
    main()

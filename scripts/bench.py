"""`make bench`: the portal under load on PostgreSQL, against a static file of the same size.

1. Builds a large synthetic data set in its own database (BENCH_DATABASE_URL,
   default samarbejdsplan_bench on 127.0.0.1:5432): 98 municipalities and ten
   published plans, nine of about 300 initiatives and the 2020 plan.
2. Measures, in process: queries per page for the 2020 plan (1×) and the
   largest plan (10×), and `export_plan`'s time for 1×, 7× and 10×.
3. Starts gunicorn with the repository's gunicorn.conf.py and the production
   settings (DEBUG off, HTTPS via a proxy header, manifest static files), and
   loads it with wrk from another process: 16 connections, plain GETs, then
   revalidating GETs (If-None-Match) as browsers send them.
4. Prints one table: requests/s, p50, p99, errors per page, and the same for a
   static file holding the very bytes of that page, served by WhiteNoise in
   the same gunicorn; the ratio page/static.
5. The 2020 plan as a visitor meets it, on PostgreSQL and then on the embedded
   SQLite (a fresh file with the 2020 plan, as `make db` makes it): the plan
   page and a municipality against their static twins, and the plan page with
   random junk parameters (a new name and value on every request, as anyone
   can send) against the plain plan page.

BENCH_PARTS=2020 skips the 10× table (and its data set, if BENCH_REUSE_DATA is set).

Nothing here asserts a time: the numbers are for people (issue notes, README).
"""

import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from functools import partial
from pathlib import Path

from serving import gunicorn

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/samarbejdsplan_bench"
)
PORT = int(os.environ.get("BENCH_PORT", "8123"))
DURATION = os.environ.get("BENCH_DURATION", "5s")
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
STATIC_ROOT = Path(tempfile.mkdtemp(prefix="bench-static-"))

ENV = {
    "DJANGO_SETTINGS_MODULE": "samarbejdsplan.settings",
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DATABASE_URL": DATABASE_URL,
    "STATIC_ROOT": str(STATIC_ROOT),
    # As behind the TLS proxy: wrk speaks HTTP and says the client used HTTPS.
    "BEHIND_PROXY": "true",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(ENV)

BIG_YEAR = 2029  # ten times the 2020 plan; the pages are measured on it
PAGES = {
    "plan": "/{aar}/",
    "kommune": "/{aar}/kommuner/kolding/",
    "filtreret liste": "/{aar}/indsatser/?kommune=kolding&q=indbrud",
    "eksport": "/{aar}/eksport/",
    "opfoelgning": "/{aar}/opfoelgning/",  # ASCII: the name is its static twin's file name
}
PARTS = set(os.environ.get("BENCH_PARTS", "10x,2020").split(","))
# The 2020 plan as visitors meet it; "junk" is the plan page with a random
# parameter name and value on every request (wrk's Lua script below). The
# plain page it is compared with goes through the same script (argument
# "plain"), so that both pay wrk's Lua cost per request on this shared machine.
PAGES_2020 = {"plan": "/2020/", "kommune": "/2020/kommuner/kolding/"}
JUNK_SCRIPT = """
local counter, junk = 0, true
function init(args)
  junk = args[1] ~= "plain"
  local f = io.open("/dev/urandom", "rb")
  local b = f:read(4)
  f:close()
  math.randomseed(((b:byte(1) * 256 + b:byte(2)) * 256 + b:byte(3)) * 256 + b:byte(4))
end
function request()
  counter = counter + 1
  local path = wrk.path .. "?p" .. math.random(1, 1000000000) .. "=" .. math.random(1, 1000000000)
    .. "-" .. counter
  if not junk then
    path = wrk.path
  end
  return wrk.format(nil, path)
end
"""


def recreate_database():
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1].split("?")[0]
    admin_url = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def build_data():
    """98 municipalities, the 2020 plan and nine generated plans (7× and one 10×)."""
    import random

    import django

    django.setup()
    from django.core.management import call_command

    from kommuner.models import Kommune
    from samarbejdsplan.models import Samarbejdsplan
    from samarbejdsplan.publishing import store_snapshot
    from tests.factories import scaled_copy, status_updates

    call_command("migrate", verbosity=0)  # Denmark's 98 municipalities come with it
    call_command("load_initial_plan", verbosity=0)
    alle = list(Kommune.objects.all())
    source = Samarbejdsplan.objects.get(aar=2020)
    status_updates(source)  # ten per initiative, as the follow-up's query-count test has them
    rng = random.Random(2020)
    for aar in range(2021, BIG_YEAR + 1):
        plan = scaled_copy(source, aar, factor=10 if aar == BIG_YEAR else 7)
        plan.kommuner.set(alle)
        # Items for some municipalities only also concern a few of the 92 others.
        for indsats in plan.indsatser.filter(alle_kommuner=False):
            indsats.kommuner.add(*rng.sample(alle, 3))
        store_snapshot(plan)
        status_updates(plan)
        print(f"  plan {aar}: {plan.indsatser.count()} indsatser, {len(alle)} kommuner")


def measure_in_process():
    """Query counts per page (1× and 10×), page bytes, export times."""
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from samarbejdsplan.export import render_export
    from samarbejdsplan.models import Samarbejdsplan

    client = Client(headers={"x-forwarded-proto": "https", "host": "127.0.0.1"})
    counts, bodies = {}, {}
    for name, template in PAGES.items():
        for aar in (2020, BIG_YEAR):
            cache.clear()
            with CaptureQueriesContext(connection) as rendered:
                response = client.get(template.format(aar=aar))
            assert response.status_code == 200, (name, aar, response.status_code)
            with CaptureQueriesContext(connection) as cached:
                client.get(template.format(aar=aar))
            counts.setdefault(name, []).extend([len(rendered), len(cached)])
            bodies[name] = response.content
    exports = []
    for aar in (2020, 2028, BIG_YEAR):
        plan = Samarbejdsplan.objects.get(aar=aar)
        render_export(plan)  # warm
        started = time.perf_counter()
        runs = 5
        for _ in range(runs):
            data = render_export(plan)
        exports.append(
            (aar, plan.indsatser.count(), len(data), (time.perf_counter() - started) / runs)
        )
    return counts, bodies, exports


def wrk(url, *headers, script=None, script_args=()):
    args = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{DURATION}", "--latency", "--timeout", "5s"]
    if script:
        args += ["-s", script]
    for header in headers:
        args += ["-H", header]
    args += [url, *(["--", *script_args] if script_args else [])]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+([\d.]+\w+)", out, re.M))
    errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    non_ok = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(non_ok.group(1)) if non_ok else 0
    return rps, latency["50"], latency["99"], errors


def median_run(runs):
    """The run with the median requests/s, and the worst p99 and all errors of all runs."""
    ordered = sorted(runs, key=lambda run: run[0])
    middle = ordered[len(ordered) // 2]
    worst_p99 = max((run[2] for run in runs), key=to_ms)
    return middle[0], middle[1], worst_p99, sum(run[3] for run in runs)


def to_ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def measure_under_load(base, bodies):
    """wrk on each page and on its static twin; rows for the table."""
    https = "X-Forwarded-Proto: https"
    rows = []
    for name, template in PAGES.items():
        url = base + template.format(aar=BIG_YEAR)
        static_url = f"{base}/static/bench/{name.replace(' ', '-')}.html"
        request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
        with urllib.request.urlopen(request) as response:
            etag = response.headers["ETag"]
        wrk(url, https)  # warm every worker's cache
        page, static = alternate(partial(wrk, url, https), partial(wrk, static_url, https))
        revalidated = wrk(url, https, f"If-None-Match: {etag}")
        rows.append((name, len(bodies[name]), page, static, revalidated))
    return rows


def alternate(first, second):
    """Two wrk runs in turns, ROUNDS times: the median run of each.

    The machine's speed drifts between runs more than the difference being
    measured, so the two are always measured close together.
    """
    firsts, seconds = [], []
    for _ in range(ROUNDS):
        firsts.append(first())
        seconds.append(second())
    return median_run(firsts), median_run(seconds)


def measure_2020(base, static_prefix, junk_script):
    """Rows (name, size, measured, compared with, its run, ratio) for the 2020 plan."""
    https = "X-Forwarded-Proto: https"
    rows = []
    for name, path in PAGES_2020.items():
        url, static_url = base + path, f"{base}{static_prefix}-{name}.html"
        wrk(url, https)  # warm every worker's cache
        page, static = alternate(partial(wrk, url, https), partial(wrk, static_url, https))
        rows.append((name, path, page, "static twin", static))
    url = base + PAGES_2020["plan"]

    def junk_run():
        run = wrk(url, https, script=junk_script)
        settle(base)
        return run

    plain_run = partial(wrk, url, https, script=junk_script, script_args=["plain"])
    junk, plain = alternate(junk_run, plain_run)
    rows.append(("plan + junk", "/2020/?p<random>=<random>", junk, "plain plan page", plain))
    return rows


def settle(base):
    """Wait until the requests wrk left queued are served: each worker answers quickly again.

    After a run of slow requests, gunicorn still renders those wrk sent just
    before it stopped; the next run would count that time as its own.
    """
    request = urllib.request.Request(base + "/healthz/", headers={"X-Forwarded-Proto": "https"})
    deadline = time.monotonic() + 120
    quick = 0
    while quick < 5 and time.monotonic() < deadline:
        started = time.monotonic()
        with urllib.request.urlopen(request, timeout=60):
            pass
        quick = quick + 1 if time.monotonic() - started < 0.05 else 0


def print_2020(database, rows):
    print(
        f"\n2020 plan on {database}: gunicorn (gunicorn.conf.py, {os.cpu_count()} cores), "
        f"wrk -c{CONNECTIONS} -d{DURATION}, median of {ROUNDS} alternating runs "
        "(p99: the worst run; errors: all runs)"
    )
    print(
        "| page | req/s | p50 | p99 | errors | compared with | req/s | p50 | p99 | errors | ratio |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for name, path, run, other_name, other in rows:
        print(
            f"| {name} `{path}` | {run[0]:.0f} | {run[1]} | {run[2]} | {run[3]} | {other_name} "
            f"| {other[0]:.0f} | {other[1]} | {other[2]} | {other[3]} | {run[0] / other[0]:.2f} |"
        )


def page_bodies(env, paths):
    """The pages' bytes as this database serves them, from a short-lived process."""
    code = (
        "import sys, django; django.setup()\n"
        "from django.test import Client\n"
        "client = Client(headers={'x-forwarded-proto': 'https', 'host': '127.0.0.1'})\n"
        "for path, out in zip(sys.argv[1::2], sys.argv[2::2]):\n"
        "    response = client.get(path)\n"
        "    assert response.status_code == 200, (path, response.status_code)\n"
        "    open(out, 'wb').write(response.content)\n"
    )
    folder = Path(tempfile.mkdtemp(prefix="bench-bodies-"))
    args = []
    for name, path in paths.items():
        args += [path, str(folder / name)]
    subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=env, check=True)
    bodies = {name: (folder / name).read_bytes() for name in paths}
    shutil.rmtree(folder)
    return bodies


def sqlite_env(folder):
    """The embedded SQLite database with the 2020 plan, as `make db` makes it."""
    env = os.environ | {"DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"}
    for command in (["migrate", "--noinput", "-v0"], ["load_initial_plan"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return env


def main():
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed: apt-get install wrk")
    if os.environ.get("BENCH_REUSE_DATA") or "10x" not in PARTS:
        import django

        django.setup()  # the data set of the previous run, as it is
    else:
        print(f"Database {DATABASE_URL}; building the data set …", flush=True)
        recreate_database()
        started = time.perf_counter()
        build_data()
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=True
    )
    if "10x" in PARTS:
        counts, bodies, exports = measure_in_process()
    # The same bytes as each page, as a static file (read at gunicorn's start).
    bench_dir = STATIC_ROOT / "bench"
    bench_dir.mkdir()
    sqlite_dir = Path(tempfile.mkdtemp(prefix="bench-sqlite-"))
    junk_script = sqlite_dir / "junk.lua"
    junk_script.write_text(JUNK_SCRIPT)
    envs = {"PostgreSQL": os.environ.copy(), "SQLite": sqlite_env(sqlite_dir)}
    for database, env in envs.items():
        for name, body in page_bodies(env, PAGES_2020).items():
            (bench_dir / f"2020-{database}-{name}.html").write_bytes(body)
    if "10x" in PARTS:
        for name, body in bodies.items():
            (bench_dir / f"{name.replace(' ', '-')}.html").write_bytes(body)

    rows_2020 = {}
    try:
        for database, env in envs.items():
            with gunicorn(PORT, env) as base:
                if database == "PostgreSQL" and "10x" in PARTS:
                    rows = measure_under_load(base, bodies)
                if "2020" in PARTS:
                    prefix = f"/static/bench/2020-{database}"
                    rows_2020[database] = measure_2020(base, prefix, str(junk_script))
    finally:
        shutil.rmtree(STATIC_ROOT, ignore_errors=True)
        shutil.rmtree(sqlite_dir, ignore_errors=True)

    for database, measured in rows_2020.items():
        print_2020(database, measured)
    if "10x" not in PARTS:
        return

    cores = os.cpu_count()
    print(
        f"\ngunicorn (gunicorn.conf.py, {cores} cores), PostgreSQL, "
        f"wrk -c{CONNECTIONS} -d{DURATION}, median of {ROUNDS} alternating runs "
        "(p99: the worst run; errors: all runs)"
    )
    print(
        "| page (10× plan) | size | page req/s | p50 | p99 | errors | static req/s | p50 | p99 "
        "| errors | page/static | 304 req/s | 304 p99 |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, size, page, static, revalidated in rows:
        print(
            f"| {name} | {size / 1024:.0f} KB | {page[0]:.0f} | {page[1]} | {page[2]} | {page[3]} "
            f"| {static[0]:.0f} | {static[1]} | {static[2]} | {static[3]} "
            f"| {page[0] / static[0]:.2f} | {revalidated[0]:.0f} | {revalidated[2]} |"
        )
    print("\nQueries per page (rendered / from the cache), 1× = 2020, 10× = plan", BIG_YEAR)
    print("| page | 1× rendered | 1× cached | 10× rendered | 10× cached |")
    print("|---|---|---|---|---|")
    for name, (small, small_cached, big, big_cached) in counts.items():
        print(f"| {name} | {small} | {small_cached} | {big} | {big_cached} |")
    print("\nexport_plan (render only, mean of 5)")
    print("| plan | initiatives | size | time | ms per initiative |")
    print("|---|---|---|---|---|")
    for aar, n, size, seconds in exports:
        print(
            f"| {aar} | {n} | {size / 1024:.0f} KB | {seconds * 1000:.0f} ms "
            f"| {seconds * 1000 / n:.2f} |"
        )


if __name__ == "__main__":
    main()

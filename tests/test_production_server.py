"""The production stack for real: gunicorn with gunicorn.conf.py and several
workers, and WhiteNoise's compressed, hashed static files."""

import contextlib
import http.client
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
import wsgiref.util
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings

from indsatser.models import Indsats

ROOT = Path(__file__).resolve().parent.parent
# Each worker reads the content state at most this often (PAGE_STATE_INTERVAL);
# shorter than the default second, so the test waits less.
STATE_INTERVAL = 0.3


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url():
    """The test database, as a URL another process can open."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    return f"postgres://{settings['USER']}{password}@{host}:{port}/{settings['NAME']}"


@pytest.fixture
def gunicorn_log(tmp_path):
    """What gunicorn and the portal write to stderr (gunicorn's error log and Django's)."""
    return tmp_path / "gunicorn.log"


def production_env(tmp_path, **overrides):
    """The production settings for a subprocess, nothing from the test session."""
    test_only = ("SECURE_", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(test_only)}
    return env | {
        "DJANGO_SETTINGS_MODULE": "samarbejdsplan.settings",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url(),
        "STATIC_ROOT": str(tmp_path / "static"),
        "BEHIND_PROXY": "true",
        "WEB_CONCURRENCY": "3",
        # Warnings, so that the log test sees the lines for refused requests.
        "LOG_LEVEL": "WARNING",
        "PAGE_STATE_INTERVAL": str(STATE_INTERVAL),
        **overrides,
    }


@contextlib.contextmanager
def running_gunicorn(env, log_path=None):
    """gunicorn with gunicorn.conf.py and `env` on a free port; yields its base URL.

    Its stderr (gunicorn's error log and Django's) goes to `log_path`, if given."""
    port = free_port()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
    log = log_path.open("w") if log_path else subprocess.DEVNULL
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--bind",
            f"127.0.0.1:{port}",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=ROOT,
        env=env,
        stderr=log,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                get(base, "/healthz/")
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)
        if log_path:
            log.close()


@pytest.fixture
def gunicorn(tmp_path, gunicorn_log):
    with running_gunicorn(production_env(tmp_path), gunicorn_log) as base:
        yield base


def get(base, path):
    request = urllib.request.Request(base + path, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


def raw_request(base, method, path, host=None):
    """(status, headers, body) as the server sent them: HEAD and a foreign Host included."""
    connection = http.client.HTTPConnection(base.removeprefix("http://"), timeout=10)
    headers = {"X-Forwarded-Proto": "https"} | ({"Host": host} if host else {})
    try:
        connection.request(method, path, headers=headers)
        response = connection.getresponse()
        body = response.read()  # http.client reads no body for HEAD: the next check does
        return response.status, dict(response.getheaders()), body
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_an_edit_shows_in_every_gunicorn_worker_within_the_state_interval(plan2020, gunicorn):
    url = "/2020/indsatser/bo-trygt/"
    # Enough requests that each of the three workers renders and caches the page.
    for _ in range(30):
        assert "Bo Trygt" in get(gunicorn, url)
    indsats = Indsats.objects.get(slug="bo-trygt")
    indsats.tekst = "Rettet tekst, som alle arbejdsprocesser skal vise inden for et sekund."
    indsats.save()  # in this process: the workers learn of it only from the database
    time.sleep(STATE_INTERVAL + 0.1)
    pages = [get(gunicorn, url) for _ in range(30)]
    assert all("Rettet tekst, som alle arbejdsprocesser" in page for page in pages)


@pytest.mark.django_db
def test_static_files_are_hashed_compressed_and_cached_for_years(tmp_path):
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES=storages,
        WHITENOISE_USE_FINDERS=False,
        WHITENOISE_AUTOREFRESH=False,
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        from django.contrib.staticfiles.storage import staticfiles_storage

        url = staticfiles_storage.url("css/portal.css")
        assert url != "/static/css/portal.css"  # a hashed name
        client = Client()  # a new handler: WhiteNoise reads the files now
        for encoding in ["br", "gzip"]:
            response = client.get(url, headers={"accept-encoding": encoding})
            assert response.status_code == 200
            assert response.headers["Content-Encoding"] == encoding
            assert "immutable" in response.headers["Cache-Control"]
            assert "max-age=315360000" in response.headers["Cache-Control"]
        plain = client.get(url)
        assert "Content-Encoding" not in plain.headers


HEAD_PATHS = ["/", "/2020/", "/2020/indsatser/", "/healthz/", "/findes-ikke/", "/2020/eksport/"]


@pytest.mark.django_db(transaction=True)
def test_gunicorn_logs_no_noise_for_head_a_refused_host_or_a_missing_page(
    plan2020, gunicorn, gunicorn_log
):
    for path in HEAD_PATHS * 2:  # twice: rendered, then from the page cache
        status, headers, _ = raw_request(gunicorn, "HEAD", path)
        assert status == (404 if "findes-ikke" in path else 200), path
    for _ in range(3):
        assert raw_request(gunicorn, "GET", "/2020/", host="evil.example")[0] == 400
    assert raw_request(gunicorn, "GET", "/findes-ikke/")[0] == 404
    # A GET after the HEADs is the whole page: the cache kept the body.
    # Soft hyphens in long words are display only (common/orddeling.py).
    assert "Trygheds- og indbrudsprojektet" in get(gunicorn, "/2020/").replace("\u00ad", "")

    time.sleep(0.5)  # the workers' last lines
    log = gunicorn_log.read_text()
    assert "body bytes" not in log
    assert "Traceback" not in log and "ERROR" not in log, log
    refused = [line for line in log.splitlines() if "evil.example" in line]
    assert len(refused) == 3, log
    assert all(line.startswith("WARNING django.security.DisallowedHost") for line in refused)
    missing = [line for line in log.splitlines() if "Not Found: /findes-ikke/" in line]
    assert len(missing) == 3  # two HEADs and one GET, one line each


@pytest.mark.django_db(transaction=True)
def test_a_head_request_gets_the_headers_of_get_and_no_body(plan2020):
    """The WSGI application as gunicorn calls it (the test client drops HEAD bodies itself)."""
    from django.core.handlers.wsgi import WSGIHandler

    from web.head import head_without_body

    application = head_without_body(WSGIHandler())
    for path in ["/2020/", "/2020/", "/healthz/", "/findes-ikke/", "/static/css/portal.css"]:
        get_status, get_headers, get_body = call_wsgi(application, "GET", path)
        head_status, head_headers, head_body = call_wsgi(application, "HEAD", path)
        assert head_body == b"" and get_body != b"", path
        assert head_status == get_status, path
        # A page from the cache carries no Content-Length; where one is sent, it is GET's.
        if "Content-Length" in head_headers:
            assert head_headers["Content-Length"] == str(len(get_body)), path
        assert head_headers["Content-Type"] == get_headers["Content-Type"], path


def call_wsgi(application, method, path):
    environ = {"REQUEST_METHOD": method, "PATH_INFO": path, "HTTP_X_FORWARDED_PROTO": "https"}
    wsgiref.util.setup_testing_defaults(environ)
    started = {}

    def start_response(status, headers, exc_info=None):
        started.update(status=int(status.split()[0]), headers=dict(headers))

    result = application(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        if hasattr(result, "close"):
            result.close()
    return started["status"], started["headers"], body

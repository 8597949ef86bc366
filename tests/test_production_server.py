"""The production stack for real: gunicorn with gunicorn.conf.py and several
workers, and WhiteNoise's compressed, hashed static files."""

import contextlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
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
        "LOG_LEVEL": "WARNING",
        "PAGE_STATE_INTERVAL": str(STATE_INTERVAL),
        **overrides,
    }


@contextlib.contextmanager
def running_gunicorn(env):
    """gunicorn with gunicorn.conf.py and `env` on a free port; yields its base URL."""
    port = free_port()
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
    )
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
        stderr=subprocess.DEVNULL,
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


@pytest.fixture
def gunicorn(tmp_path):
    with running_gunicorn(production_env(tmp_path)) as base:
        yield base


def get(base, path):
    request = urllib.request.Request(base + path, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


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

"""Settings come from the environment; production refuses to start half-configured."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
PRINT_DATABASE = (
    "import django; django.setup(); from django.conf import settings; "
    "d = settings.DATABASES['default']; print(d['ENGINE'], d['CONN_HEALTH_CHECKS'], d['NAME'])"
)


def run_settings(env, code=PRINT_DATABASE):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "samarbejdsplan.settings"} | env,
        capture_output=True,
        text=True,
    )


PRODUCTION = {
    "SECRET_KEY": "Tz4mQ8-rW1nVb6Kx0LcY3pHs9JdG2fUa7NeR5oBi1MqXt8Zw4Pk",
    "ALLOWED_HOSTS": "example.dk",
    "DATABASE_URL": "sqlite:////tmp/samarbejdsplan-settings-test.sqlite3",
}


def test_production_refuses_to_start_half_configured():
    result = run_settings({})
    assert result.returncode != 0
    for variable in ["SECRET_KEY (", "ALLOWED_HOSTS (", "DATABASE_URL ("]:
        assert variable in result.stderr


@pytest.mark.parametrize("variable", PRODUCTION)
def test_production_names_the_one_variable_that_is_missing(variable):
    result = run_settings({k: v for k, v in PRODUCTION.items() if k != variable})
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert f"must be set: {variable} (" in message
    assert message.count(" (") == 1


def test_a_short_or_development_secret_key_is_refused_in_production():
    for key in ["kort", "django-insecure-kun-til-udvikling"]:
        result = run_settings(PRODUCTION | {"SECRET_KEY": key})
        assert result.returncode != 0 and "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    "key",
    [
        secrets.token_urlsafe(64)[:32],
        secrets.token_urlsafe(64)[:49],
        "ab" * 30,  # long enough, but five different characters at least
        "django-insecure-" + secrets.token_urlsafe(50),
    ],
    ids=["32 characters", "49 characters", "2 different", "django-insecure-"],
)
def test_a_secret_key_the_deploy_check_warns_about_is_refused_in_production(key):
    result = run_settings(PRODUCTION | {"SECRET_KEY": key})
    assert result.returncode != 0
    message = result.stderr.strip().splitlines()[-1]
    assert "must be set: SECRET_KEY (a random string of at least 50 characters" in message


def test_a_secret_key_of_50_random_characters_is_accepted():
    result = run_settings(PRODUCTION | {"SECRET_KEY": secrets.token_urlsafe(64)[:50]})
    assert result.returncode == 0, result.stderr


def test_production_starts_when_configured():
    result = run_settings(PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("django.db.backends.sqlite3 False")


def test_development_needs_no_configuration():
    result = run_settings({"DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == "django.db.backends.sqlite3"
    assert result.stdout.split()[2].endswith("db.sqlite3")


def test_database_url_switches_to_postgresql():
    result = run_settings(
        {"DEBUG": "true", "DATABASE_URL": "postgres://portal:pw@db.example:5432/samarbejdsplan"}
    )
    assert result.returncode == 0, result.stderr
    # No health check per request (see settings): the page cache's query reconnects.
    assert result.stdout.split() == ["django.db.backends.postgresql", "False", "samarbejdsplan"]


def test_language_and_time_zone():
    assert settings.LANGUAGE_CODE == "da"
    assert settings.TIME_ZONE == "Europe/Copenhagen"


def test_whitenoise_comes_right_after_the_security_middleware():
    assert settings.MIDDLEWARE[:2] == [
        "django.middleware.security.SecurityMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
    ]


@pytest.mark.django_db
def test_the_database_connection_is_set_up_for_concurrent_use():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            # WAL, so readers do not wait for a writer; IMMEDIATE, so writers queue.
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
            assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
        else:
            cursor.execute("SELECT 1")
            assert connection.settings_dict["CONN_MAX_AGE"] > 0  # kept between requests
            assert connection.vendor == "postgresql"

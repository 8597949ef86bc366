"""Settings for the test suite: the real settings, with test-friendly defaults.

DATABASE_URL still decides the database, so `make test` runs the same suite on
SQLite and on PostgreSQL.
"""

import os
from pathlib import Path

os.environ.setdefault(
    "SECRET_KEY", "test-secret-key-long-enough-for-the-production-check-0123456789"
)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_COOKIES", "false")
# The test client and the live server speak plain HTTP.
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("SECURE_HSTS_SECONDS", "0")
# No DATABASE_URL: the embedded SQLite file, as in development.
os.environ.setdefault(
    "DATABASE_URL", f"sqlite:///{Path(__file__).resolve().parent.parent}/db.sqlite3"
)

from samarbejdsplan.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Tests render templates without running collectstatic first.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # A file, not Django's default in-memory database, so that tests exercise
    # the same WAL/IMMEDIATE setup as production and can close the connection.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}  # noqa: F405

# Serve static files from the app folders, as in development: no collectstatic in tests.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

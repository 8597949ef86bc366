"""Settings for the samarbejdsplan portal, read from the environment.

Every variable is listed in `.env.example`. With DEBUG off (the default) the
portal refuses to start without a real SECRET_KEY and ALLOWED_HOSTS.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")

# A key that is fine on a developer's laptop and refused anywhere else.
DEV_SECRET_KEY = "django-insecure-kun-til-udvikling"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")

if DEBUG:
    SECRET_KEY = SECRET_KEY or DEV_SECRET_KEY
    ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
else:
    missing = []
    # The same test as `check --deploy` (security.W009), so that a key it warns
    # about never reaches production: 50 characters, 5 different ones at least.
    if (
        len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
        or SECRET_KEY.startswith("django-insecure-")
    ):
        missing.append(
            "SECRET_KEY (a random string of at least 50 characters, e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`)"
        )
    if not ALLOWED_HOSTS:
        missing.append("ALLOWED_HOSTS (comma-separated host names)")
    if not os.environ.get("DATABASE_URL"):
        # A forgotten DATABASE_URL must not quietly serve an empty SQLite file.
        missing.append("DATABASE_URL (postgres://user:password@host:5432/name, or sqlite:///path)")
    if missing:
        raise ImproperlyConfigured(
            "DEBUG is off, so these environment variables must be set: "
            + "; ".join(missing)
            + ". See .env.example."
        )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so runserver serves static files the way production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_filters",
    "simple_history",
    "csp",
    # django-axes, named in Danish in the admin (web/axes_config.py).
    "web.axes_config.AxesConfig",
    # Shared helpers and the web plumbing: no models, imported by the apps below.
    "common",
    "web",
    # The domain, from what outlives plans to the plan that composes them.
    "kommuner",
    "indsatser",
    "samarbejdsplan",
    # The plan-wide search, built on all of the above.
    "soegning",
    # A plan from its Word document or text (admin page and `importer_plan`);
    # after samarbejdsplan, whose plan admin it extends with the import page.
    "importering",
    # What changed from one year's plan to the next, built on all of the above.
    "aendringer",
    # The follow-up through the year: status per initiative and municipality.
    "opfoelgning",
]

# Appendices other apps add to the yearly export (samarbejdsplan/export.py `Bilag`),
# each a function (plan, kommune) -> Bilag or None: what changed since the
# previous plan. A hook, so that the plan app does not import the apps built on it.
EXPORT_APPENDICES = ["aendringer.bilag.aendringer_bilag"]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # django-csp's, building the site-wide header once (web/security.py).
    "web.security.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Cached public pages for visitors are served from here (web/caching.py);
    # the middleware above still sets the security headers on them.
    "web.caching.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # No LocaleMiddleware: the portal speaks one language (LANGUAGE_CODE).
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An admin address the database would refuse (a NUL, a broken pattern...) is a
    # Danish 400, not a 500 (web/bad_requests.py).
    "web.bad_requests.AdminInputMiddleware",
    # Records the logged-in editor as the author of each history entry.
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it locks out repeated failed logins.
    "axes.middleware.AxesMiddleware",
]

# After logging in without a `next` (or with one refused as another site's),
# the admin index: the portal has no /accounts/profile/.
LOGIN_REDIRECT_URL = "admin:index"

AUTHENTICATION_BACKENDS = [
    # First, so a locked-out login is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "samarbejdsplan.urls"
WSGI_APPLICATION = "samarbejdsplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "web.context_processors.portal",
            ],
        },
    },
]

# --- Database -----------------------------------------------------------------
# Default while developing (DEBUG on): an embedded SQLite file at SQLITE_PATH.
# WAL lets readers work while one editor writes, and IMMEDIATE transactions take
# the write lock up front, so two concurrent saves queue (busy timeout) instead
# of failing with "database is locked".
SQLITE_PATH = Path(os.environ.get("SQLITE_PATH", BASE_DIR / "db.sqlite3"))
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        # Off: the check is an extra round trip on every request, a quarter of a
        # cached page's cost. The content-state query, the first of every public
        # render, reconnects once when a kept connection has died
        # (web/state.py), and any other
        # request that meets a dead connection gets the 503 page while Django
        # drops the connection, so the next one reconnects.
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", False),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # When PostgreSQL is down or unreachable, give up connecting after two
    # seconds (a 503 page, or a cached page marked as possibly stale) rather than
    # holding the worker until gunicorn kills it. Two is libpq's (and psycopg's)
    # shortest: a smaller value counts as 2.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "2"))
    )
# A public page's query (and /healthz/'s) that gets no answer within this many
# seconds is given up (web/database.py): a hung database gives the
# 503 page or the cached copy instead of holding the worker for gunicorn's 30 s.
DATABASE_QUERY_TIMEOUT = float(os.environ.get("DATABASE_QUERY_TIMEOUT", "2"))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

FIXTURE_DIRS = [BASE_DIR / "fixtures"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language and time ------------------------------------------------------------
LANGUAGE_CODE = "da"
LANGUAGES = [("da", "Dansk")]
# Danish for packages that ship none (django-axes' admin); see the .po file.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Copenhagen"
USE_I18N = True
USE_TZ = True

# --- Static files ----------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed names and pre-compressed files in production; plain files while developing.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# --- Caching ---------------------------------------------------------------------------
# Rendered public pages are cached with the plans' content state they were
# rendered at (web/caching.py), so an edit is seen without invalidation.
# Each gunicorn worker keeps its own memory cache: the state comes from the
# database, so several workers and hosts never disagree for longer than
# PAGE_STATE_INTERVAL about what is current.
# How long a worker trusts the content state it last read (web/state.py):
# a visitor sees an edit within about this many seconds; an editor at once.
PAGE_STATE_INTERVAL = float(os.environ.get("PAGE_STATE_INTERVAL", "1"))
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "sider",
        # A large plan page is about 1 MB; 500 entries bound a worker's memory.
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PAGE_CACHE_ENTRIES", "500"))},
    }
}

# --- Security -----------------------------------------------------------------------
# Production passes `manage.py check --deploy` without warnings. Behind one
# proxy that terminates TLS, set BEHIND_PROXY=true: Django then trusts the
# proxy's X-Forwarded-Proto (so it knows a request came over HTTPS) and takes
# the client's address from the last X-Forwarded-For entry, the one the proxy
# appended. The proxy must set both headers itself.
BEHIND_PROXY = env_bool("BEHIND_PROXY")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The load balancer's health check may come over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# One year; a new deployment can start lower (e.g. 3600) while testing HTTPS.
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True
# An editor's session ends after eight hours, and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# The pages use no script of their own and no inline script or style: only the
# portal's own files. The admin's scripts are files too, so it works under this.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
CONTENT_SECURITY_POLICY_REPORT_ONLY = None

# django-axes: five wrong passwords for one user name from one address lock
# that pair out for 15 minutes (a Danish page, status 429). The pair, not the
# address alone, so that one office behind a shared address is not locked out
# by a colleague, and not the user name alone, so nobody can lock out an editor
# from elsewhere. A correct login resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "web.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "web.security.client_ip"

# Shown on the public pages (accessibility statement, footer).
PORTAL_CONTACT_EMAIL = os.environ.get("PORTAL_CONTACT_EMAIL", "sydoestjylland@politi.dk")
PORTAL_CONTACT_PHONE = os.environ.get("PORTAL_CONTACT_PHONE", "114")
PORTAL_POLITIKREDS = os.environ.get("PORTAL_POLITIKREDS", "Sydøstjyllands Politi")

# What `make db` (load_initial_plan) loads into a database without a plan:
# "2020", Sydøstjyllands Politi's plan as a demonstration, or "none" for a
# district that starts empty (Denmark's municipalities come with migrate).
INITIAL_PLAN = os.environ.get("INITIAL_PLAN", "2020").strip().lower() or "2020"

LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        # The level first, so that `grep ERROR` finds what needs a person.
        "plain": {"format": "%(levelname)s %(name)s: %(message)s"},
    },
    "filters": {
        # While the database is down every request fails the same way: one line
        # each, not a traceback each (web/logging.py).
        "short_database_errors": {"()": "web.logging.ShortDatabaseErrors"},
        # A refused Host header, a 403, a 404: the client's doing, one warning line.
        "client_errors": {"()": "web.logging.ClientErrors"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "level": LOG_LEVEL,
            "formatter": "plain",
            "filters": ["short_database_errors", "client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    # django-axes announces its configuration at every start, and so under every
    # management command: warnings only.
    "loggers": {"axes.apps": {"level": "WARNING"}},
}

# What locks an object against edits in the admin (common.admin_base asks it):
# anything a published plan shows, until the plan is reopened.
CONTENT_LOCK = "samarbejdsplan.locking.PLAN_LOCK"

# The page cache's state (web/state.py): the plans and their last change. Every
# content change moves some plan's `opdateret` (samarbejdsplan/signals.py).
CONTENT_STATE = ("samarbejdsplan.Samarbejdsplan", "opdateret")

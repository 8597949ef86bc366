"""Conditional GET and a page cache for the public pages, keyed by the plans' last change.

Every content change moves some plan's `opdateret` (samarbejdsplan/signals.py),
and adding or deleting a plan changes how many there are. So one small query,
the newest `opdateret` and the number of plans, tells whether anything a public
page shows may have changed. Put together with the code's own fingerprint
(templates and settings change on deploy) and the address, it gives:

- an `ETag` and `Last-Modified`, so a browser or proxy that already holds the
  page gets `304 Not Modified` without the page being rendered;
- a cache key: the rendered page is stored under it, and an edit makes a new
  key, so every worker (each with its own memory cache) sees the edit on its
  very next request, without invalidation and without a restart.

Only anonymous visitors' pages are shared: a logged-in reader sees drafts and
their own name, so their pages are rendered each time and marked private.
"""

import hashlib
from datetime import UTC
from functools import cache, wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as page_cache
from django.db import connection
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from .database import CONNECTION_ERRORS

# What decides how a page looks, apart from the database: checked once per process.
SOURCE_DIRS = ("templates", "static", "samarbejdsplan", "kommuner", "indsatser")
SOURCE_SUFFIXES = {".html", ".css", ".py", ".js", ".svg"}


@cache
def code_fingerprint():
    """A hash of the templates, code and the settings the pages show.

    The same on every host running the same release, so ETags agree behind a
    load balancer; different after a deploy that changes a template.
    """
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    for folder in SOURCE_DIRS:
        for path in sorted((base / folder).rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and "migrations" not in path.parts:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    for name in ("PORTAL_POLITIKREDS", "PORTAL_CONTACT_EMAIL", "PORTAL_CONTACT_PHONE"):
        digest.update(str(getattr(settings, name)).encode())
    return digest.hexdigest()[:16]


def content_state():
    """(newest `opdateret` of any plan, number of plans): one query.

    The first query of most requests, so it is also where a kept database
    connection that died (PostgreSQL restarted) is noticed: it then reconnects
    once and asks again, and the visitor never sees the outage that has passed.
    """
    try:
        return query_content_state()
    except CONNECTION_ERRORS:
        if connection.in_atomic_block:
            raise
        connection.close()
        return query_content_state()  # still failing: the 503 page (views.server_error)


def query_content_state():
    """Plain SQL, because this runs on every public request: the ORM's aggregate()
    spends more time building the query (~0.5 ms) than the database answering it."""
    from .models import Samarbejdsplan

    field = Samarbejdsplan._meta.get_field("opdateret")
    column, table = map(connection.ops.quote_name, (field.column, Samarbejdsplan._meta.db_table))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX({column}), COUNT(*) FROM {table}")
        last_change, count = cursor.fetchone()
    # SQLite returns text; convert as the ORM would (an aware datetime).
    last_change = field.to_python(last_change) if last_change else None
    if last_change is not None and timezone.is_naive(last_change):
        last_change = timezone.make_aware(last_change, UTC)
    return last_change, count


class PageState:
    """The cache key, ETag and Last-Modified of this request's page, at the current state."""

    def __init__(self, request):
        last_change, plan_count = content_state()
        parts = [code_fingerprint(), str(last_change), str(plan_count), request.get_full_path()]
        self.key = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
        self.etag = f'"{self.key}"'
        self.last_modified = int(last_change.timestamp()) if last_change else None

    @classmethod
    def of(cls, request):
        """Computed once per request (one query), whether by the middleware or the view."""
        if not hasattr(request, "_page_state"):
            request._page_state = cls(request)
        return request._page_state


def from_cache(request, state):
    """A 304 or the stored page, if this page was rendered at this state; else None."""
    # A 304 only for a page known to exist at this state: one rendered with
    # status 200 under this key (a small marker says so). Otherwise a client
    # could be told "not modified" about a plan that is not public.
    conditional = {"HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"} & request.META.keys()
    if conditional and page_cache.get(f"ok:{state.key}"):
        not_modified = get_conditional_response(
            request, etag=state.etag, last_modified=state.last_modified
        )
        if not_modified is not None:
            return with_validators(not_modified, state)
    stored = page_cache.get(f"side:{state.key}")
    if stored is None:
        return None
    content, headers, csp = stored  # headers with the validators already set
    response = HttpResponse(content, headers=headers)
    response.__dict__.update(csp)  # a view's own policy (django-csp's decorators)
    return response


def public_page(view):
    """Wrap a public view with conditional GET and the shared page cache."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response

        state = PageState.of(request)
        cached = from_cache(request, state)
        if cached is not None:
            return cached
        response = view(request, *args, **kwargs)
        if response.status_code != 200:
            return response  # 404s, redirects and 400s are cheap, and not cached
        if hasattr(response, "render"):
            response.render()
        response = with_validators(response, state)
        # Bytes and headers, not the response object: unpickling plain bytes is
        # a copy, and that is most of what a cache hit costs.
        csp = {k: v for k, v in vars(response).items() if k.startswith("_csp_")}
        stored = (response.content, dict(response.headers), csp)
        page_cache.set_many({f"side:{state.key}": stored, f"ok:{state.key}": True}, timeout=None)
        return get_conditional_response(
            request, etag=state.etag, last_modified=state.last_modified, response=response
        )

    return wrapper


class PublicPageCacheMiddleware:
    """Answers a visitor's request for a cached public page before the rest runs.

    Sits after the middleware that set security headers and before sessions,
    CSRF, authentication, messages and the rest: for a visitor without a session
    cookie none of them changes a public page, and skipping them is most of the
    cost of a cached page. Only pages that `public_page` stored are found here;
    anything else (and anyone with a session) goes the normal way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path_info.startswith(uncached_prefixes())
        ):
            request.get_host()  # as CommonMiddleware would: refuse a host not allowed
            cached = from_cache(request, PageState.of(request))
            if cached is not None:
                return cached
        return self.get_response(request)


@cache
def uncached_prefixes():
    return (reverse("admin:index"), reverse("healthz"), settings.STATIC_URL)


def with_validators(response, state):
    response["ETag"] = state.etag
    if state.last_modified is not None:
        response["Last-Modified"] = http_date(state.last_modified)
    # Anyone may keep a copy, but must ask (cheaply, with the ETag) before reusing it.
    patch_cache_control(response, public=True, no_cache=True)
    return response

"""Conditional GET and a page cache for the public pages, keyed by the content state.

The content state (web/state.py: the plans' newest `opdateret` and
their number, asked at most once a second per process) tells whether anything
a public page shows may have changed. Put together with the code's own
fingerprint (templates and settings change on deploy) and the address (the
path and the GET parameters the page declares it reads, in canonical form:
web/parameters.py), it gives:

- an `ETag` and `Last-Modified`, so a browser or proxy that already holds the
  page gets `304 Not Modified` without the page being rendered;
- a cache entry per address: the page as last rendered, with the state it was
  rendered at. A page rendered at an older state is rendered anew, so every
  worker (each with its own memory cache) shows an edit within a second of
  it, without invalidation and without a restart.

While the database does not answer (stopped, or hung: queries give up after
DATABASE_QUERY_TIMEOUT), the copy each address has is served as it is, marked
as possibly stale: `Cache-Control: no-store` (no proxy or browser keeps the
outage copy) and `Age` (seconds since it was last known to be current; RFC
9111's way to say how old a response is, now that `Warning: 110` is obsolete),
and on HTML pages a visible Danish notice. An address never rendered gets the
Danish 503 page.

Only anonymous visitors' pages are shared: a logged-in reader sees drafts and
their own name, so their pages are rendered each time and marked private.
"""

import hashlib
from datetime import UTC, datetime
from functools import cache, lru_cache, wraps
from pathlib import Path
from time import time

from django.apps import apps
from django.conf import settings
from django.core.cache import cache as page_cache
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404, HttpResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import dateformat, timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from .database import CONNECTION_ERRORS, query_deadline
from .parameters import declared_parameters, keep_only_declared
from .state import content_state
from .state import state as state_check

# Where base.html lets a notice in when the page is served during an outage.
STALE_NOTICE_MARKER = b"<!-- stale-notice -->"

SOURCE_SUFFIXES = {".html", ".css", ".py", ".js", ".svg"}


def source_dirs():
    """What decides how a page looks, apart from the database: the project's
    template and static folders and every installed app that lives in the
    project (a new app counts without being listed anywhere)."""
    base = Path(settings.BASE_DIR).resolve()
    folders = [Path(d) for engine in settings.TEMPLATES for d in engine.get("DIRS", [])]
    folders += [Path(d) for d in settings.STATICFILES_DIRS]
    folders += [Path(config.path) for config in apps.get_app_configs()]
    inside = {f.resolve() for f in folders if f.resolve().is_relative_to(base)}
    return sorted(f for f in inside if ".venv" not in f.relative_to(base).parts)


@cache
def code_fingerprint():
    """A hash of the templates, code and the settings the pages show.

    The same on every host running the same release, so ETags agree behind a
    load balancer; different after a deploy that changes a template.
    """
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR).resolve()
    for folder in source_dirs():
        for path in sorted(folder.rglob("*")):
            if path.suffix in SOURCE_SUFFIXES and "migrations" not in path.parts:
                digest.update(str(path.relative_to(base)).encode())
                digest.update(path.read_bytes())
    for name in ("PORTAL_POLITIKREDS", "PORTAL_CONTACT_EMAIL", "PORTAL_CONTACT_PHONE"):
        digest.update(str(getattr(settings, name)).encode())
    return digest.hexdigest()[:16]


class PageState:
    """The address, cache key, ETag and Last-Modified of this request's page, at the current state.

    `key` is None when the database does not answer; `error` then says why.
    """

    def __init__(self, request, fresh=False):
        address = f"{code_fingerprint()}\n{request.get_full_path()}"
        self.address = hashlib.sha256(address.encode()).hexdigest()[:32]
        self.key = self.etag = self.last_modified = self.error = None
        self.asked = False
        try:
            (last_change, plan_count), self.asked = content_state(fresh)
        except CONNECTION_ERRORS as error:
            self.error = error
            return
        self.key = state_key(self.address, last_change, plan_count)
        self.etag = f'"{self.key}"'
        self.last_modified = int(last_change.timestamp()) if last_change else None

    @classmethod
    def of(cls, request):
        """Computed once per request, whether by the middleware or the view."""
        if not hasattr(request, "_page_state"):
            request._page_state = cls(request)
        return request._page_state

    @classmethod
    def asked_now(cls, request):
        """The state asked of the database now, for this request from here on."""
        request._page_state = cls(request, fresh=True)
        return request._page_state


def state_key(address, last_change, plan_count):
    return hashlib.sha256(f"{address}\n{last_change}\n{plan_count}".encode()).hexdigest()[:32]


def from_cache(request, state):
    """A 304 or the stored page, if this page was rendered at this state; else None.

    While the database does not answer: the stored page whatever its state, marked.
    """
    if state.key is None:
        return stale_copy(state)
    # A 304 only for a page known to exist at this state: one rendered with
    # status 200 at it (a small marker says so, read without the page). Otherwise
    # a client could be told "not modified" about a plan that is not public.
    conditional = {"HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"} & request.META.keys()
    if conditional and page_cache.get(f"ok:{state.address}") == state.key:
        not_modified = get_conditional_response(
            request, etag=state.etag, last_modified=state.last_modified
        )
        if not_modified is not None:
            return with_validators(not_modified, state)
    stored = page_cache.get(f"side:{state.address}")
    if stored is None or stored[0] != state.key:
        return None
    _, content, headers, csp, _ = stored  # headers with the validators already set
    response = HttpResponse(content, headers=headers)
    response.__dict__.update(csp)  # a view's own policy (django-csp's decorators)
    return with_length(response)


def stale_copy(state):
    """The page as last rendered, marked as possibly stale; None if it never was."""
    stored = page_cache.get(f"side:{state.address}")
    if stored is None:
        return None
    key, content, headers, csp, rendered_at = stored
    # Current when the database last answered, if it was rendered at that state.
    known_current = rendered_at
    if state_check.value is not None and key == state_key(state.address, *state_check.value):
        known_current = max(rendered_at, state_check.checked_wall)
    # Not its validators: a client must not take this copy (with a notice in it)
    # for the page under that ETag.
    headers = {
        name: value
        for name, value in headers.items()
        if name not in ("ETag", "Last-Modified", "Cache-Control")
    }
    if "Content-Disposition" not in headers:  # a page to read, not a file to keep
        content = content.replace(STALE_NOTICE_MARKER, stale_notice(known_current), 1)
    response = HttpResponse(content, headers=headers)
    response.__dict__.update(csp)
    response["Cache-Control"] = "no-store"
    response["Age"] = str(max(1, round(time() - known_current)))
    return with_length(response)


def with_length(response):
    """A stored page's length, as a rendered page has it (CommonMiddleware sets that,
    but a cached page is answered before it runs): HEAD and keep-alive clients need it."""
    response["Content-Length"] = str(len(response.content))
    return response


def stale_notice(known_current):
    when = timezone.localtime(datetime.fromtimestamp(known_current, UTC))
    when = dateformat.format(when, r"j. F Y \k\l.") + "\N{NO-BREAK SPACE}" + when.strftime("%H.%M")
    return (
        '<div class="stale-banner" role="note"><strong>Måske forældet</strong> – portalen '
        f"kan ikke nå sin database lige nu. Du ser siden, som den var {when}.</div>"
    ).encode()


def public_page(view):
    """Wrap a public view with conditional GET, the shared page cache and outage copies.

    The view must declare the GET parameters it reads (`@reads_query`): it sees
    only those, and they are part of the cache key.
    """
    declared = declared_parameters(view)
    if declared is None:
        raise ImproperlyConfigured(
            f"{view.__qualname__} must declare the GET parameters it reads: "
            "@reads_query(...) from web.parameters, @reads_query() for none."
        )

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        keep_only_declared(request, declared)
        with query_deadline():
            return cached_or_rendered(view, request, *args, **kwargs)

    wrapper.public_page_parameters = declared
    return wrapper


def cached_or_rendered(view, request, *args, **kwargs):
    if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
        response = view(request, *args, **kwargs)
        patch_cache_control(response, private=True, no_cache=True)
        return response

    state = PageState.of(request)
    cached = from_cache(request, state)
    if cached is None and not state.asked and state.error is None:
        # A page to render: ask the state anew rather than trust the one read
        # within the last second. The page is then stored under the state it
        # shows, and the query, the first of the render, notices (and replaces)
        # a kept connection that died since (web/state.py).
        state = PageState.asked_now(request)
        cached = from_cache(request, state)
    if cached is not None:
        return cached
    if state.error is not None:
        raise state.error  # never rendered, and no database to render it: the 503 page
    try:
        response = view(request, *args, **kwargs)
    except Http404:
        drop(state)
        raise
    if response.status_code != 200:
        drop(state)
        return response
    if hasattr(response, "render"):
        response.render()
    response = with_validators(response, state)
    # Bytes and headers, not the response object: unpickling plain bytes is
    # a copy, and that is most of what a cache hit costs.
    csp = {k: v for k, v in vars(response).items() if k.startswith("_csp_")}
    stored = (state.key, response.content, dict(response.headers), csp, time())
    page_cache.set_many(
        {f"side:{state.address}": stored, f"ok:{state.address}": state.key}, timeout=None
    )
    return get_conditional_response(
        request, etag=state.etag, last_modified=state.last_modified, response=response
    )


def drop(state):
    """404s, redirects and 400s are cheap, and not cached; and a page that is gone
    (a deleted plan) leaves no copy to be served during an outage."""
    page_cache.delete_many([f"side:{state.address}", f"ok:{state.address}"])


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
            declared = page_parameters(request.path_info)
            if declared is not None:
                request.get_host()  # as CommonMiddleware would: refuse a host not allowed
                keep_only_declared(request, declared)
                cached = from_cache(request, PageState.of(request))
                if cached is not None:
                    return cached
        return self.get_response(request)


@lru_cache(maxsize=4096)
def page_parameters(path_info):
    """The declared parameters of the public page at this path, or None if it is none.

    Kept per path: resolving is a tenth of a cached page's cost, and the set of
    paths asked for is bounded by the cache size whatever a client sends.
    """
    try:
        match = resolve(path_info)
    except Resolver404:
        return None
    return getattr(match.func, "public_page_parameters", None)


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

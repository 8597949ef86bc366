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
from functools import cache, wraps
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as page_cache
from django.db.models import Count, Max
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

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
    """(newest `opdateret` of any plan, number of plans): one query."""
    from .models import Samarbejdsplan

    state = Samarbejdsplan.objects.aggregate(sidst=Max("opdateret"), antal=Count("pk"))
    return state["sidst"], state["antal"]


def public_page(view):
    """Wrap a public view with conditional GET and the shared page cache."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or request.user.is_authenticated:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response

        last_change, plan_count = content_state()
        key = hashlib.sha256(
            "\n".join(
                [code_fingerprint(), str(last_change), str(plan_count), request.get_full_path()]
            ).encode()
        ).hexdigest()[:32]
        etag = f'"{key}"'
        last_modified = int(last_change.timestamp()) if last_change else None

        # A 304 only for a page known to exist at this state: one rendered
        # with status 200 under this key (a small marker says so). Otherwise a
        # client could be told "not modified" about a plan that is not public.
        conditional = {"HTTP_IF_NONE_MATCH", "HTTP_IF_MODIFIED_SINCE"} & request.META.keys()
        if conditional and page_cache.get(f"ok:{key}"):
            not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if not_modified is not None:
                return with_validators(not_modified, etag, last_modified)

        response = page_cache.get(f"side:{key}")
        if response is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response  # 404s, redirects and 400s are cheap, and not cached
            if hasattr(response, "render"):
                response.render()
            page_cache.set_many({f"side:{key}": response, f"ok:{key}": True}, timeout=None)
        response = with_validators(response, etag, last_modified)
        return get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )

    return wrapper


def with_validators(response, etag, last_modified):
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    # Anyone may keep a copy, but must ask (cheaply, with the ETag) before reusing it.
    patch_cache_control(response, public=True, no_cache=True)
    return response

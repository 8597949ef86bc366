"""Security helpers: the client's address for django-axes, and django-csp's middleware."""

from dataclasses import asdict

import csp.constants
import csp.middleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib import admin
from django.shortcuts import render


def client_ip(request):
    """REMOTE_ADDR, or behind our proxy the address the proxy appended last.

    Only the last X-Forwarded-For entry is trusted: a client can send the header
    with any addresses it likes, and the proxy appends the real one after them.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = forwarded.rsplit(",", 1)[-1].strip()
        if last:
            return last
    return request.META.get("REMOTE_ADDR")


def lockout_response(request, original_response=None, credentials=None):
    """django-axes' lockout page: Danish, in the admin's own frame, status 429."""
    from axes.helpers import get_client_username, get_cool_off

    cool_off = get_cool_off(request)
    context = admin.site.each_context(request) | {
        "username": get_client_username(request, credentials) or "",
        "minutter": int(cool_off.total_seconds() // 60) if cool_off else None,
    }
    return render(request, "laast_ude.html", context, status=429)


class CSPMiddleware(csp.middleware.CSPMiddleware):
    """django-csp's middleware, with the site-wide header built once per process.

    django-csp builds the policy string anew for every response; for the many
    responses with neither a nonce nor a view's own policy it is always the same
    string, and building it was a sixth of a cached page's cost. Anything else
    goes to django-csp unchanged.
    """

    overrides = tuple(
        f"_csp_{kind}{suffix}"
        for kind in ("config", "update", "replace", "exempt")
        for suffix in ("", "_ro")
    )

    def process_response(self, request, response):
        if (
            not settings.DEBUG  # django-csp leaves Django's debug pages alone
            and getattr(request, "_csp_nonce", None) is None
            and csp.constants.HEADER not in response
            and not any(hasattr(response, name) for name in self.overrides)
            and not settings.CONTENT_SECURITY_POLICY_REPORT_ONLY
        ):
            response[csp.constants.HEADER] = self.site_policy(request, response)
            return response
        return super().process_response(request, response)

    def __init__(self, get_response):
        super().__init__(get_response)
        self._site_policy = None

    def site_policy(self, request, response):
        if self._site_policy is None:
            parts = self.get_policy_parts(request=request, response=response)
            self._site_policy = build_policy(**asdict(parts))
        return self._site_policy

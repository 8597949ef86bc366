"""Security helpers: the client's address for django-axes, the login form, the
lockout page, and django-csp's middleware."""

import ipaddress
import re
from dataclasses import asdict

import csp.constants
import csp.middleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.validators import MaxLengthValidator
from django.shortcuts import render

# "[::1]", "[::1]:443" and "127.0.0.1:1234": an address as some proxies write it.
BRACKETED = re.compile(r"\[([^\]]*)\](?::\d*)?")
IPV4_WITH_PORT = re.compile(r"(\d{1,3}(?:\.\d{1,3}){3}):\d*")


def ip_address(value):
    """`value` as a plain IP address, the form PostgreSQL's `inet` stores; else None.

    A port, brackets and an IPv6 zone (`fe80::1%eth0`) are dropped, and an
    IPv4 address a dual-stack proxy writes as IPv6 (`::ffff:10.0.0.7`) is
    plain IPv4, so one client counts as one address for the lockout. Anything
    that is then not an address (`notanip`, `999.1.1.1`) gives None.
    """
    value = (value or "").strip()
    match = BRACKETED.fullmatch(value) or IPV4_WITH_PORT.fullmatch(value)
    if match:
        value = match.group(1)
    try:
        address = ipaddress.ip_address(value.split("%", 1)[0])
    except ValueError:
        return None
    return str(getattr(address, "ipv4_mapped", None) or address)


def client_ip(request):
    """REMOTE_ADDR, or behind our proxy the address the proxy appended last.

    Only the last X-Forwarded-For entry is trusted: a client can send the header
    with any addresses it likes, and the proxy appends the real one after them.
    An entry that is no address falls back to the socket's address: django-axes
    stores the result in an `inet` column on PostgreSQL, which refuses garbage.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        last = ip_address(forwarded.rsplit(",", 1)[-1])
        if last is not None:
            return last
    return ip_address(request.META.get("REMOTE_ADDR"))


class LoginForm(AdminAuthenticationForm):
    """The admin's login form, with the user name's length checked.

    Django's form sets the field's max_length after making the field, so the
    check never runs: a longer name went on to django-axes, whose table holds
    255 characters (a 500 on PostgreSQL). Now it is a Danish form error.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length))


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

"""Input in an admin address that the database cannot take is the client's mistake: 400.

Django's admin lists take, straight from the address, any lookup on a model's
own fields and on the fields its list filters name (`?afsnit__art=ssp`,
`?titel__regex=…`), and the autocomplete any search term. Django checks what
it can while it builds the query (an unknown field, a date that is no date:
back to the list with `?e=1`), but some input only the database refuses, when
the query runs: a NUL character (PostgreSQL stores none), a regular
expression it cannot parse, a number or date beyond its range, an address
that is not an IP address. Those were 500s; on SQLite a broken regular
expression even looked like a lost connection (503).

So, for every admin page, Django's and other apps' lists included:

- an address with a NUL character, or with a lookup the admin's own links
  never make (`regex`, `iregex`: patterns the database parses; `range`: two
  values that one parameter cannot carry), is refused before any view runs;
- a POST choosing rows for an action (`_selected_action`) with anything but
  numbers (every admin model's key is a number), or claiming more rows than
  an inline takes (`-TOTAL_FORMS` over `MAX_ROWS`: Django would build 2,000
  forms and hold the worker past gunicorn's timeout), is refused likewise;
- on a list or the autocomplete, which only read, an address whose query the
  database refuses for its data (DataError), or whose values the database
  driver cannot send (OverflowError: a number too large for SQLite;
  TypeError: text for a binary field; ValueError: "0" for PostgreSQL's
  `inet`), is the client's filter, not our fault. Without a query string
  such an error stays a 500: then it is ours.

Both answer 400 with a Danish page and log one warning line.
"""

from functools import cache

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import DataError
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.log import log_response

from common.admin_base import MAX_ROWS

REFUSED_LOOKUPS = {"regex", "iregex", "range"}
READ_ONLY_VIEWS = ("_changelist", "autocomplete")
CLIENT_DATA_ERRORS = (DataError, OverflowError, TypeError, ValueError)


@cache
def admin_prefix():
    return reverse("admin:index")


def bad_request(request, reason, melding):
    response = HttpResponseBadRequest(
        render_to_string("400.html", {"melding": melding, "tilbage": request.path})
    )
    log_response("Bad Request (%s): %s", reason, request.path, response=response, request=request)
    return response


def first_line(exception):
    return (str(exception).strip().splitlines() or [""])[0]


class AdminInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(admin_prefix()):
            refused = self.refused(request)
            if refused is not None:
                return refused
        return self.get_response(request)

    def refused(self, request):
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return bad_request(
                request,
                "NUL character",
                "Adressen kunne ikke bruges: den indeholder et ugyldigt tegn (NUL).",
            )
        if request.method == "POST" and not all(
            value.isdigit() for value in request.POST.getlist(ACTION_CHECKBOX_NAME)
        ):
            # Every model in the admin has a number for its key; anything else
            # among the rows chosen for an action was a 500 in Django's filter.
            # (After CSRF: the middleware runs after CsrfViewMiddleware, and
            # the admin takes no file uploads, so reading the form here is safe.)
            return bad_request(
                request,
                "selected rows",
                "Ugyldigt valg af rækker: vælg rækkerne i listen, og prøv igen.",
            )
        if request.method == "POST" and any(
            int(value) > MAX_ROWS
            for name, value in request.POST.items()
            if name.endswith("-TOTAL_FORMS") and value.isdigit()
        ):
            return bad_request(
                request,
                "too many rows",
                f"Siden kan gemme højst {MAX_ROWS} rækker af en slags ad gangen.",
            )
        for name in request.GET:
            if name.rsplit("__", 1)[-1] in REFUSED_LOOKUPS:
                return bad_request(
                    request,
                    f"lookup {name}",
                    f"Adressen kunne ikke bruges: filteret »{name}« understøttes ikke.",
                )
        return None

    def process_exception(self, request, exception):
        match = request.resolver_match
        if (
            isinstance(exception, CLIENT_DATA_ERRORS)
            and request.method in ("GET", "HEAD")
            and request.META.get("QUERY_STRING")
            and match is not None
            and match.namespace == "admin"
            and (match.url_name or "").endswith(READ_ONLY_VIEWS)
        ):
            return bad_request(
                request,
                f"{type(exception).__name__}: {first_line(exception)}",
                "Adressen kunne ikke bruges: databasen kan ikke søge eller filtrere på det, "
                "den angiver. Ret søgningen eller filteret, og prøv igen.",
            )
        return None

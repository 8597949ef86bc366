"""The health check and the error pages: plumbing, no plan content."""

import sys

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpResponse, JsonResponse
from django.template import loader

from .database import CONNECTION_ERRORS
from .state import ping


def healthz(request):
    """200 when the database answers a query, 503 when it does not (for load balancers)."""
    try:
        ping()  # within DATABASE_QUERY_TIMEOUT, and at once while known to be down
    except DatabaseError:
        return JsonResponse({"status": "fejl", "database": "svarer ikke"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request):
    """handler500: a Danish 503 page when the database is unreachable, else the 500 page.

    Called inside Django's `except` block, so `sys.exc_info()` holds the error.
    OperationalError/InterfaceError is a lost or refused connection (PostgreSQL
    stopped, restarting, or unreachable): the visitor should simply try again,
    and load balancers and crawlers read 503 + Retry-After the same way.
    """
    error = sys.exc_info()[1]
    if isinstance(error, CONNECTION_ERRORS):
        body = loader.render_to_string(
            "503.html",
            {
                "kontakt_email": settings.PORTAL_CONTACT_EMAIL,
                "politikreds": settings.PORTAL_POLITIKREDS,
            },
        )
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)

"""The client's address, for django-axes' login lockout."""

from django.conf import settings


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

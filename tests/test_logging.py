"""What the portal logs: a request refused for the client's own doing is one
warning line without a traceback; errors are kept for what needs a person.

Read from the configured console handler itself (its filters and format), as
an operator reads the log, not from the records a test hook sees.
"""

import io
import logging

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse


class Log(io.StringIO):
    def lines(self):
        return self.getvalue().splitlines()

    def clear(self):
        """Forget what was logged so far (logging in: django-axes' lines)."""
        self.seek(0)
        self.truncate()


@pytest.fixture
def log():
    """What the portal's console handler writes during the test."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "console")
    stream = Log()
    # Not setStream(): it flushes the old stream, which pytest's capturing may have closed.
    previous, handler.stream = handler.stream, stream
    try:
        yield stream
    finally:
        handler.stream = previous


def one_warning_line(lines, *words):
    assert len(lines) == 1, lines
    assert lines[0].startswith("WARNING "), lines
    assert all(word in lines[0] for word in words), lines
    return lines[0]


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/2020/", "/admin/", "/findes-ikke/"])
def test_a_refused_host_is_one_warning_line(plan2020, log, url):
    client = Client(raise_request_exception=False)
    response = client.get(url, HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Forespørgslen kunne ikke bruges" in response.content.decode()
    one_warning_line(log.lines(), "Invalid HTTP_HOST header", "evil.example")


@pytest.mark.django_db
def test_a_403_is_one_warning_line(plan2020, log):
    # Staff in no group: the admin's index, but no list.
    nobody = User.objects.create_user("nobody", password="x", is_staff=True)
    client = Client(raise_request_exception=False)
    client.force_login(nobody)
    log.clear()
    response = client.get("/admin/indsatser/indsats/")
    assert response.status_code == 403
    assert "Ingen adgang" in response.content.decode()
    one_warning_line(log.lines(), "Forbidden", "/admin/indsatser/indsats/")


@pytest.mark.django_db
def test_a_refused_csrf_token_is_one_warning_line(log):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post(reverse("admin:login"), {"username": "a", "password": "b"})
    assert response.status_code == 403
    one_warning_line(log.lines(), "Forbidden", "CSRF")


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/findes-ikke/", "/2020/indsatser/findes-ikke/", "/1999/"])
def test_a_404_is_one_warning_line(plan2020, log, url):
    response = Client(raise_request_exception=False).get(url)
    assert response.status_code == 404
    one_warning_line(log.lines(), "Not Found", url)


@pytest.mark.django_db
def test_a_refused_admin_address_is_one_warning_line(log):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.create_superuser("su", "su@example.dk", "x"))
    log.clear()
    assert client.get("/admin/indsatser/indsats/?afsnit__art=%00").status_code == 400
    one_warning_line(log.lines(), "Bad Request", "NUL")


@pytest.mark.django_db
def test_a_server_error_is_still_an_error_with_its_traceback(plan2020, log, monkeypatch):
    from samarbejdsplan.views import plan as views

    def broken(*args, **kwargs):
        raise RuntimeError("en fejl hos os")

    monkeypatch.setattr(views.PlanView, "get_context_data", broken)
    response = Client(raise_request_exception=False).get("/2020/")
    assert response.status_code == 500
    lines = log.lines()
    assert lines[0].startswith("ERROR django.request: Internal Server Error: /2020/")
    assert "Traceback" in lines[1] and "en fejl hos os" in lines[-1]

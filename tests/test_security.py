"""Production security: deploy checks, headers, HTTPS, login lockout, sessions,
read-only public pages, and admin saves that write all or nothing."""

import os
import secrets
import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from indsatser.admin import IndsatsAdmin
from indsatser.models import Indsats
from samarbejdsplan.models import Afsnit, Samarbejdsplan
from tests.test_history_and_conflicts import change_url, editor, form_data
from tests.test_settings import PRODUCTION, ROOT

PUBLIC_URLS = [
    "/",
    "/tilgaengelighed/",
    "/2020/",
    "/2020/afsnit/3.1.2/",
    "/2020/kommuner/kolding/",
    "/2020/boligomraader/",
    "/2020/indsatser/",
    "/2020/indsatser/?kommune=kolding&q=indbrud",
    "/2020/indsatser/bo-trygt/",
    "/2020/eksport/",
    "/2020/aendringer/",
    "/2020/opfoelgning/",
    "/2020/indsatser/?status=i_gang",
]


def deploy_check(**overrides):
    """`manage.py check --deploy` with the production environment, nothing from the tests."""
    # Nothing from the test session (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    test_only = ("SECURE_", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if not k.startswith(test_only)}
    env |= PRODUCTION | {
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SETTINGS_MODULE": "samarbejdsplan.settings",
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env | overrides,
        capture_output=True,
        text=True,
    )


def test_production_settings_pass_the_deploy_check_without_warnings():
    result = deploy_check()
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "variable, warning",
    [("SECURE_HSTS_SECONDS", "W004"), ("SECURE_SSL_REDIRECT", "W008"), ("SECURE_COOKIES", "W012")],
)
def test_the_deploy_check_fails_when_a_protection_is_turned_off(variable, warning):
    result = deploy_check(**{variable: "0"})
    assert result.returncode != 0
    assert f"security.{warning}" in result.stderr


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/2020/kommuner/kolding/", "/admin/login/", "/findes-ikke/"])
def test_every_response_carries_the_security_headers(client, plan2020, url):
    response = client.get(url)
    csp = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_the_export_download_may_style_itself_but_never_run_a_script(client, plan2020):
    csp = client.get("/2020/eksport/").headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in csp.split(";"))
    assert directives["script-src"] == "'none'"
    assert directives["default-src"] == "'none'"
    assert directives["style-src"] == "'unsafe-inline'"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000)
def test_http_is_redirected_to_https_and_https_gets_hsts(client, plan2020):
    response = client.get("/2020/")
    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/2020/"
    secure = client.get("/2020/", secure=True)
    assert secure.status_code == 200
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
@override_settings(
    SECURE_SSL_REDIRECT=True, SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")
)
def test_behind_a_tls_proxy_the_forwarded_scheme_is_trusted(client, plan2020):
    assert client.get("/2020/", headers={"x-forwarded-proto": "https"}).status_code == 200
    assert client.get("/2020/", headers={"x-forwarded-proto": "http"}).status_code == 301


def login(client, password, ip="10.0.0.1", username="anne"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
    )


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_out_for_a_while_in_danish(client):
    User.objects.create_user("anne", password="rigtig-adgangskode-1", is_staff=True)
    for _ in range(4):
        response = login(client, "forkert")
        assert response.status_code == 200  # the login form with its error
        assert "Indtast venligst det korrekte brugernavn" in response.content.decode()
    locked = login(client, "forkert")  # the fifth
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "For mange forkerte forsøg" in page and "15 minutter" in page

    # Locked: even the right password is refused now.
    assert login(client, "rigtig-adgangskode-1").status_code == 429
    assert "_auth_user_id" not in client.session
    # The pair (user name, address) is locked, not the user everywhere.
    assert login(Client(), "rigtig-adgangskode-1", ip="10.0.0.2").status_code == 302

    # 15 minutes later the lock has expired.
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert login(client, "rigtig-adgangskode-1").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/", "", None])
def test_a_login_with_a_refused_or_no_next_lands_on_the_admin_index(client, next_url):
    User.objects.create_user("anne", password="rigtig-adgangskode-1", is_staff=True)
    data = {"username": "anne", "password": "rigtig-adgangskode-1"}
    if next_url is not None:
        data["next"] = next_url
    response = client.post(reverse("admin:login"), data)
    assert response.status_code == 302
    assert response.headers["Location"] == reverse("admin:index")
    assert client.get(response.headers["Location"]).status_code == 200


@override_settings(BEHIND_PROXY=True)
def test_behind_the_proxy_the_client_address_is_the_one_the_proxy_appended(rf):
    from web.security import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9", REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == "203.0.113.9"  # the first entry is the client's own claim
    with override_settings(BEHIND_PROXY=False):
        assert client_ip(request) == "10.0.0.1"


@override_settings(BEHIND_PROXY=True)
@pytest.mark.parametrize(
    "forwarded, expected",
    [
        ("127.0.0.1:1234", "127.0.0.1"),
        ("[::1]", "::1"),
        ("[::1]:443", "::1"),
        ("[2001:DB8::1]:8080", "2001:db8::1"),
        (" 203.0.113.9 ", "203.0.113.9"),
        ("fe80::1%eth0", "fe80::1"),
        ("::ffff:10.0.0.7", "10.0.0.7"),
        # Garbage: the socket's address, never the garbage.
        ("notanip", "10.0.0.1"),
        ("203.0.113.9, notanip", "10.0.0.1"),
        ("999.1.1.1", "10.0.0.1"),
        ("1.2.3.4:port", "10.0.0.1"),
        ("[notanip]", "10.0.0.1"),
        ("", "10.0.0.1"),
        (",", "10.0.0.1"),
    ],
)
def test_the_forwarded_address_tolerates_ports_and_brackets_and_falls_back_on_garbage(
    rf, forwarded, expected
):
    from web.security import client_ip

    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.1")
    assert client_ip(request) == expected


@pytest.mark.parametrize("behind_proxy", [True, False])
def test_a_socket_address_that_is_no_address_gives_none(rf, behind_proxy):
    from web.security import client_ip

    with override_settings(BEHIND_PROXY=behind_proxy):
        request = rf.get("/", HTTP_X_FORWARDED_FOR="notanip", REMOTE_ADDR="unix:/run/sock")
        assert client_ip(request) is None


def test_weak_passwords_are_refused():
    for weak in ["12345678", "password", "kort"]:
        with pytest.raises(ValidationError):
            validate_password(weak)
    validate_password("Tryghed-i-Sydøstjylland-2020")


@pytest.mark.django_db
def test_an_editors_session_expires(client):
    anne = editor("anne")
    anne.set_password("rigtig-adgangskode-1")
    anne.save()
    response = login(client, "rigtig-adgangskode-1")
    assert response.status_code == 302
    # The cookie lasts until the browser closes (no expiry date) and is not for scripts...
    cookie = response.cookies["sessionid"]
    assert cookie["expires"] == "" and cookie["max-age"] == ""
    assert cookie["httponly"] is True and cookie["samesite"] == "Lax"
    # ...and the session itself ends on the server after eight hours at most.
    assert client.get("/admin/").status_code == 200
    session = Session.objects.get()
    assert session.expire_date <= timezone.now() + timedelta(hours=8, minutes=1)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/admin/")
    assert response.status_code == 302 and response.headers["Location"].startswith("/admin/login/")


def content_snapshot():
    return (
        list(Samarbejdsplan.objects.values_list("pk", "titel", "status", "version")),
        list(Afsnit.objects.values_list("pk", "titel", "tekst")),
        list(Indsats.objects.values_list("pk", "titel", "tekst")),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_no_public_page_accepts_a_write(plan2020, method):
    client = Client()  # CSRF checks off, so the view itself must refuse
    before = content_snapshot()
    for url in PUBLIC_URLS:
        response = getattr(client, method)(url, {"titel": "Hacket", "tekst": "Hacket"})
        assert response.status_code == 405, (method, url)
    assert content_snapshot() == before


# Transactional, as in production: no test transaction around the request that
# could hide a partial write.
@pytest.mark.django_db(transaction=True)
def test_a_failed_admin_save_writes_nothing(plan2020, monkeypatch):
    from samarbejdsplan.copying import copy_plan

    copy_plan(2020, 2021)
    indsats = Indsats.objects.get(plan__aar=2021, slug="bo-trygt")
    client = Client(raise_request_exception=False)
    client.force_login(editor("anne"))
    data = form_data(client.get(change_url(indsats)))
    data["tekst"] = "Halvt gemt?"
    history_before = indsats.history.count()

    def fail_midway(self, request, form, formsets, change):
        original_save_related(self, request, form, formsets, change)
        raise OSError("forbindelsen røg midt i gemningen")

    original_save_related = IndsatsAdmin.save_related
    monkeypatch.setattr(IndsatsAdmin, "save_related", fail_midway)
    assert client.post(change_url(indsats), data).status_code == 500

    indsats.refresh_from_db()
    assert indsats.tekst != "Halvt gemt?"
    assert indsats.history.count() == history_before


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True)  # the exemption is the real setting's
def test_the_health_check_answers_over_plain_http(client):
    assert client.get("/healthz/").status_code == 200
    assert client.get("/2020/").status_code == 301


@pytest.mark.django_db
def test_while_the_database_is_down_pages_are_a_danish_503(client, plan2020, monkeypatch, caplog):
    from django.db import OperationalError

    from web import state

    def down():
        raise OperationalError("connection failed: server closed the connection")

    monkeypatch.setattr(state, "query_content_state", down)
    client.raise_request_exception = False
    response = client.get("/2020/kommuner/kolding/")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "30"
    assert "Portalen er midlertidigt utilgængelig" in response.content.decode()
    # logged as one line, without a traceback per request
    record = next(r for r in caplog.records if r.name == "django.request")
    assert record.exc_info is None and "database: connection failed" in record.getMessage()

"""Public pages: ETag/Last-Modified, 304 Not Modified, and a page cache keyed by
the plans' last change: an edit shows in this process at once, and in every
other within the state interval (PAGE_STATE_INTERVAL)."""

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import http_date

from indsatser.models import Indsats
from samarbejdsplan.models import Samarbejdsplan
from tests.test_security import PUBLIC_URLS
from web import caching

URLS = PUBLIC_URLS


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
def test_a_public_page_answers_a_matching_conditional_request_with_304(client, plan2020, url):
    first = client.get(url)
    assert first.status_code == 200
    etag, last_modified = first.headers["ETag"], first.headers["Last-Modified"]
    assert etag.startswith('"') and etag.endswith('"')
    assert last_modified == http_date(Samarbejdsplan.objects.get().opdateret.timestamp())
    assert "no-cache" in first.headers["Cache-Control"]

    again = client.get(url, headers={"if-none-match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["ETag"] == etag
    assert client.get(url, headers={"if-modified-since": last_modified}).status_code == 304
    assert client.get(url, headers={"if-none-match": '"noget-andet"'}).status_code == 200


@pytest.mark.django_db
def test_an_edit_shows_at_once_with_a_new_etag(client, plan2020):
    url = "/2020/indsatser/bo-trygt/"
    before = client.get(url)
    assert client.get(url).content == before.content  # now from the cache

    indsats = Indsats.objects.get(slug="bo-trygt")
    indsats.tekst = "En helt ny tekst om Bo Trygt."
    indsats.save()

    after = client.get(url, headers={"if-none-match": before.headers["ETag"]})
    assert after.status_code == 200
    assert "En helt ny tekst om Bo Trygt." in after.content.decode()
    assert after.headers["ETag"] != before.headers["ETag"]
    # The other pages that show it change too: the plan's last change is their key.
    assert "En helt ny tekst om Bo Trygt." in client.get("/2020/").content.decode()


def edit_elsewhere(slug, tekst):
    """An edit as another worker or host makes it: this process gets no signal of it."""
    Indsats.objects.filter(slug=slug).update(tekst=tekst)
    Samarbejdsplan.objects.filter(indsatser__slug=slug).update(opdateret=timezone.now())


@pytest.mark.django_db
def test_an_edit_elsewhere_shows_to_a_visitor_after_the_state_interval(client, plan2020, clock):
    url = "/2020/indsatser/bo-trygt/"
    before = client.get(url)
    edit_elsewhere("bo-trygt", "Rettet af en anden arbejdsproces.")
    clock.advance(0.9)
    # Within the interval the state read a moment ago holds: no query at all.
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).content == before.content
    assert len(queries) == 0
    clock.advance(0.2)  # PAGE_STATE_INTERVAL (1 s) has passed
    after = client.get(url)
    assert "Rettet af en anden arbejdsproces." in after.content.decode()
    assert after.headers["ETag"] != before.headers["ETag"]


@pytest.mark.django_db
@override_settings(PAGE_STATE_INTERVAL=5)
def test_the_state_interval_is_a_setting(client, plan2020, clock):
    url = "/2020/indsatser/bo-trygt/"
    before = client.get(url)
    edit_elsewhere("bo-trygt", "Rettet af en anden arbejdsproces.")
    clock.advance(4.5)
    assert client.get(url).content == before.content
    clock.advance(1)
    assert "Rettet af en anden arbejdsproces." in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_logged_in_editor_sees_an_edit_at_once(client, plan2020, clock):
    client.get("/2020/indsatser/bo-trygt/")  # visitors' page cached, state read
    client.force_login(User.objects.create_superuser("anne", "a@example.dk", "x"))
    edit_elsewhere("bo-trygt", "Anne har lige rettet teksten.")
    # No time passes: the editor's page is rendered fresh from the database.
    page = client.get("/2020/indsatser/bo-trygt/").content.decode()
    assert "Anne har lige rettet teksten." in page


@pytest.mark.django_db
def test_a_deleted_plan_is_gone_from_the_cache_at_once(client, plan2020, draft2021):
    draft2021.status = "offentliggjort"
    draft2021.offentliggjort = plan2020.offentliggjort
    draft2021.save()
    assert client.get("/2021/").status_code == 200
    Samarbejdsplan.objects.filter(pk=draft2021.pk).delete()  # no signal, no save
    assert client.get("/2021/").status_code == 404


@pytest.mark.django_db
def test_a_draft_is_never_not_modified_for_a_visitor(client, draft2021):
    response = client.get("/2021/", headers={"if-modified-since": http_date(4102444800)})
    assert response.status_code == 404


@pytest.mark.django_db
def test_a_logged_in_reader_gets_fresh_private_pages(client, plan2020):
    client.force_login(User.objects.create_superuser("anne", "a@example.dk", "x"))
    response = client.get("/2020/")
    assert "ETag" not in response.headers
    assert "private" in response.headers["Cache-Control"]
    assert "Logget ind som anne" in response.content.decode()
    # and a visitor's cached page never shows anne's name
    client.logout()
    assert "Logget ind som anne" not in client.get("/2020/").content.decode()


@pytest.mark.django_db
def test_a_release_with_other_contact_details_has_other_etags(client, plan2020):
    etag = client.get("/2020/").headers["ETag"]
    caching.code_fingerprint.cache_clear()
    try:
        with override_settings(PORTAL_CONTACT_EMAIL="ny@example.dk"):
            other = client.get("/2020/")
            assert other.headers["ETag"] != etag
            assert "ny@example.dk" in other.content.decode()
    finally:
        caching.code_fingerprint.cache_clear()


@pytest.mark.django_db
def test_a_cached_page_keeps_its_headers_and_its_own_policy(client, plan2020):
    first = client.get("/2020/eksport/")
    second = client.get("/2020/eksport/")  # served by the middleware, from the cache
    assert second.content == first.content
    for header in ["Content-Disposition", "Content-Type", "Content-Security-Policy"]:
        assert second.headers[header] == first.headers[header], header
    assert "script-src 'none'" in second.headers["Content-Security-Policy"]
    assert second.headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_a_cached_page_says_its_length(client, plan2020):
    client.get("/2020/afsnit/4.4/")
    cached = client.get("/2020/afsnit/4.4/")  # from the cache, before CommonMiddleware
    assert int(cached.headers["Content-Length"]) == len(cached.content)


@pytest.mark.django_db(transaction=True)
def test_a_kept_connection_that_died_is_replaced_without_an_error_page(client, plan2020):
    """As after a PostgreSQL restart: the server ended the portal's connection."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("a server that ends a connection is PostgreSQL's case; SQLite has none")
    assert client.get("/2020/").status_code == 200
    pid = connection.connection.info.backend_pid
    with connection._nodb_cursor() as other:  # a second connection
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    response = client.get("/2020/kommuner/kolding/")
    assert response.status_code == 200
    assert connection.connection.info.backend_pid != pid

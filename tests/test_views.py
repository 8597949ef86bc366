"""The first public pages: /, /<år>/, /healthz/ and the Danish 404."""

import html

import pytest
from django.contrib.auth.models import Permission, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from common.text import render_markdown
from indsatser.models import Indsats, Maal
from kommuner.models import Boligomraade
from samarbejdsplan.models import Afsnit, Samarbejdsplan
from tests.factories import scaled_copy


@pytest.fixture
def plan_page(client, plan2020):
    response = client.get("/2020/")
    assert response.status_code == 200
    # Soft hyphens in long words are for display only (common/orddeling.py):
    # the words are read as the reader reads them.
    return response.content.decode().replace("\u00ad", "")


@pytest.mark.django_db
def test_plan_page_shows_every_text_of_the_plan_in_the_database(plan_page, plan2020):
    page = plan_page
    assert "Samarbejdsplan" in page and "Kredsrådet" in page and "Sydøstjyllands Politi" in page
    for kommune in plan2020.kommuner.all():
        assert kommune.navn in page
    for afsnit in Afsnit.objects.filter(plan=plan2020):
        assert f'id="{afsnit.anker}"' in page
        assert html.escape(afsnit.titel) in page, afsnit
        assert render_markdown(afsnit.tekst) in page, afsnit
    for indsats in Indsats.objects.filter(plan=plan2020):
        assert html.escape(indsats.titel) in page, indsats
        assert render_markdown(indsats.tekst) in page, indsats
    for maal in Maal.objects.filter(afsnit__plan=plan2020):
        assert html.escape(maal.tekst) in page, maal
    for underskriver in plan2020.underskrivere.all():
        assert html.escape(underskriver.navn) in page
    for omraade in Boligomraade.objects.filter(udpeget_i__plan=plan2020):
        assert f'{omraade.navn} <span class="kommune">{omraade.kommune.navn} Kommune</span>' in page


@pytest.mark.django_db
def test_plan_page_walks_the_plan_in_order(plan_page, plan2020):
    positions = [plan_page.index(f'id="{a.anker}"') for a in plan2020.afsnit.all()]
    assert positions == sorted(positions)
    # Chapters are h2 under the plan's one h1; 3.1.4 is an h4.
    assert plan_page.count("<h1") == 1
    assert '<h4 id="afsnit-3-1-4-titel">' in plan_page


@pytest.mark.django_db
def test_an_edit_shows_on_the_page(client, plan2020):
    Afsnit.objects.filter(plan=plan2020, nummer="4.4").update(tekst="Ny tekst om **vold**.")
    assert "Ny tekst om <strong>vold</strong>." in client.get("/2020/").content.decode()


@pytest.mark.django_db
def test_an_editors_script_never_reaches_the_page(client, plan2020):
    Afsnit.objects.filter(plan=plan2020, nummer="4.4").update(
        tekst='Vold<script>alert("x")</script> <a href="javascript:alert(1)">klik</a>'
    )
    page = client.get("/2020/").content.decode()
    assert "alert(" not in page
    assert "<script" not in page


@pytest.mark.django_db
def test_front_page_shows_the_newest_published_plan(client, plan2020):
    Samarbejdsplan.objects.create(aar=2021, politikreds="Sydøstjyllands Politi")  # a draft
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["plan"] == plan2020
    assert "KLADDE" not in response.content.decode()


@pytest.mark.django_db
def test_front_page_without_a_published_plan_says_so(client):
    Samarbejdsplan.objects.create(aar=2021, politikreds="Sydøstjyllands Politi")  # a draft
    response = client.get("/")
    assert response.status_code == 200
    assert "Der er endnu ingen offentliggjort samarbejdsplan" in response.content.decode()


@pytest.mark.django_db
def test_drafts_are_hidden_from_visitors_and_shown_to_readers_with_permission(client, plan2020):
    Samarbejdsplan.objects.create(aar=2021, politikreds="Sydøstjyllands Politi")
    assert client.get("/2021/").status_code == 404

    reader = User.objects.create_user("kredsraad", password="x")
    client.force_login(reader)
    assert client.get("/2021/").status_code == 404

    reader.user_permissions.add(Permission.objects.get(codename="view_samarbejdsplan"))
    response = client.get("/2021/")
    assert response.status_code == 200
    assert "KLADDE" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/1999/", "/2019/", "/99999/", "/2020x/", "/nothing/here/"])
def test_unknown_urls_give_a_danish_404(client, plan2020, url):
    response = client.get(url)
    assert response.status_code == 404
    page = response.content.decode()
    assert '<html lang="da">' in page
    assert "Siden findes ikke" in page


@pytest.mark.django_db
def test_healthz_answers_200_when_the_database_answers(client):
    response = client.get("/healthz/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_when_the_database_is_gone(client, clock):
    """A real failure: the connection is pointed at a database that cannot be opened."""
    settings_dict = connection.settings_dict
    saved = dict(settings_dict)
    connection.close()
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent/folder/db.sqlite3"
    else:
        settings_dict["PORT"] = "1"  # nothing listens there: connection refused
    try:
        response = client.get("/healthz/")
    finally:
        connection.close()
        settings_dict.clear()
        settings_dict.update(saved)
    assert response.status_code == 503
    assert response.json()["status"] == "fejl"
    # The worker remembers the failure until its next try is due (a second):
    # it answers at once meanwhile, rather than wait on a database that may hang.
    assert client.get("/healthz/").status_code == 503
    clock.advance(1.1)
    assert client.get("/healthz/").status_code == 200


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_plan_page_query_count_does_not_grow_with_the_plan(client, plan2020):
    """Guards against N+1 queries: the 2020 plan and one ten times larger cost the same."""
    big = scaled_copy(plan2020, 2021, factor=10)
    assert big.afsnit.count() == 10 * plan2020.afsnit.count()
    assert big.indsatser.count() == 10 * plan2020.indsatser.count()

    small_count = count_queries(client, "/2020/")
    big_count = count_queries(client, "/2021/")
    assert small_count == big_count
    assert small_count <= 12

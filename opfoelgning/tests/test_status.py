"""The current-status rule, and status on the public pages (issue 19)."""

import pytest
from django.core.cache import cache

from indsatser.models import Indsats
from opfoelgning.models import Statusopdatering
from opfoelgning.status import Statusbillede, kommuner_of, public_updates

from .helpers import opdatering


def indsats(plan, slug):
    return Indsats.objects.get(plan=plan, slug=slug)


def status_i(plan, item, kommune):
    billede = Statusbillede(public_updates(indsats__plan=plan))
    update = billede.i_kommune(item.pk, kommune.pk)
    return update.status if update else None


def test_an_update_for_all_sets_every_municipality_and_one_for_a_municipality_only_it(
    plan2020, kommune
):
    bo_trygt = indsats(plan2020, "bo-trygt")
    opdatering(bo_trygt, "i_gang", "2020-03-01")
    opdatering(bo_trygt, "gennemfoert", "2020-06-01", kommune=kommune("kolding"))
    assert status_i(plan2020, bo_trygt, kommune("kolding")) == "gennemfoert"
    assert status_i(plan2020, bo_trygt, kommune("vejle")) == "i_gang"


def test_the_newest_public_update_decides_whether_for_all_or_for_one(plan2020, kommune):
    bo_trygt = indsats(plan2020, "bo-trygt")
    opdatering(bo_trygt, "i_gang", "2020-03-01", kommune=kommune("kolding"))
    opdatering(bo_trygt, "udskudt", "2020-04-01")  # newer, for all: it decides in Kolding too
    opdatering(bo_trygt, "opgivet", "2020-05-01", kommune=kommune("vejle"), offentlig=False)
    assert status_i(plan2020, bo_trygt, kommune("kolding")) == "udskudt"
    assert status_i(plan2020, bo_trygt, kommune("vejle")) == "udskudt"  # internal is not shown
    # Two on the same date: the one written last.
    opdatering(bo_trygt, "gennemfoert", "2020-04-01", kommune=kommune("kolding"))
    assert status_i(plan2020, bo_trygt, kommune("kolding")) == "gennemfoert"


def test_without_a_municipality_the_status_is_the_shared_one_or_mixed(plan2020, kommune):
    bo_trygt = indsats(plan2020, "bo-trygt")
    kommuner = list(plan2020.kommuner.all())
    billede = lambda: Statusbillede(public_updates(indsats__plan=plan2020))  # noqa: E731
    assert billede().samlet(bo_trygt, kommuner_of(bo_trygt, kommuner)).vaerdi == "ingen"
    opdatering(bo_trygt, "i_gang", "2020-03-01")
    assert billede().samlet(bo_trygt, kommuner).vaerdi == "i_gang"
    opdatering(bo_trygt, "gennemfoert", "2020-06-01", kommune=kommune("kolding"))
    assert billede().samlet(bo_trygt, kommuner).vaerdi == "blandet"


def test_an_initiative_for_one_municipality_has_its_status_only_there(plan2020, kommune):
    lufthavn = indsats(plan2020, "graensekontrol-i-billund-lufthavn")
    assert kommuner_of(lufthavn, plan2020.kommuner.all()) == [kommune("billund")]
    opdatering(lufthavn, "gennemfoert", "2020-02-01")
    kommuner = kommuner_of(lufthavn, plan2020.kommuner.all())
    billede = Statusbillede(public_updates(indsats__plan=plan2020))
    assert billede.samlet(lufthavn, kommuner).vaerdi == "gennemfoert"


def page(client, url):
    cache.clear()
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_the_initiative_page_shows_status_per_municipality_and_the_timeline(
    plan2020, client, kommune
):
    bo_trygt = indsats(plan2020, "bo-trygt")
    opdatering(bo_trygt, "i_gang", "2020-03-01", tekst="Første møde holdt.")
    opdatering(bo_trygt, "gennemfoert", "2020-06-01", kommune=kommune("kolding"), tekst="Færdig.")
    opdatering(bo_trygt, "opgivet", "2020-07-01", offentlig=False, tekst="Intern note.")
    html = page(client, "/2020/indsatser/bo-trygt/").content.decode()
    status = html[html.index('id="status"') :]
    assert "Første møde holdt." in status and "Færdig." in status
    assert "Intern note." not in html and "Opgivet" not in status
    kolding = status.index('<th scope="row">Kolding</th>')
    assert "Gennemført" in status[kolding : kolding + 200]
    vejle = status.index('<th scope="row">Vejle</th>')
    assert "I gang" in status[vejle : vejle + 200]
    # The timeline: newest first.
    forloeb = status[status.index("Forløb") :]
    assert forloeb.index("1. juni 2020") < forloeb.index("1. marts 2020")


def test_one_line_when_every_municipality_has_the_same_status(plan2020, client):
    opdatering(indsats(plan2020, "bo-trygt"), "i_gang", "2020-03-01")
    html = page(client, "/2020/indsatser/bo-trygt/").content.decode()
    assert "I alle indsatsens kommuner:" in html
    assert "status-tabel" not in html


def test_an_initiative_without_updates_says_so(plan2020, client):
    html = page(client, "/2020/indsatser/bo-trygt/").content.decode()
    assert "Der er endnu ingen offentlige statusopdateringer for indsatsen." in html


def test_the_municipality_page_shows_each_items_status_there(plan2020, client, kommune):
    bo_trygt = indsats(plan2020, "bo-trygt")
    opdatering(bo_trygt, "i_gang", "2020-03-01")
    opdatering(bo_trygt, "gennemfoert", "2020-06-01", kommune=kommune("kolding"))
    for slug, expected in (("kolding", "Gennemført"), ("vejle", "I gang")):
        html = page(client, f"/2020/kommuner/{slug}/").content.decode()
        item = html.index('href="/2020/indsatser/bo-trygt/"')
        assert expected in html[item : html.index("</li>", item)], slug
        # Items without an update say so, in every part of the page.
        assert "Ingen status endnu" in html


def listed(client, query):
    response = page(client, f"/2020/indsatser/?{query}")
    return {i.slug for i in response.context["page_obj"].paginator.object_list}


def test_the_list_filters_by_status_in_a_municipality_or_shared(plan2020, client, kommune):
    bo_trygt = indsats(plan2020, "bo-trygt")
    lufthavn = indsats(plan2020, "graensekontrol-i-billund-lufthavn")
    opdatering(bo_trygt, "i_gang", "2020-03-01")
    opdatering(bo_trygt, "gennemfoert", "2020-06-01", kommune=kommune("kolding"))
    opdatering(lufthavn, "gennemfoert", "2020-02-01")
    assert listed(client, "status=gennemfoert") == {lufthavn.slug}
    assert listed(client, "status=blandet") == {bo_trygt.slug}
    assert listed(client, "status=gennemfoert&kommune=kolding") == {bo_trygt.slug}
    assert listed(client, "status=i_gang&kommune=vejle") == {bo_trygt.slug}
    assert listed(client, "status=gennemfoert&kommune=billund") == {lufthavn.slug}
    ingen = listed(client, "status=ingen")
    assert bo_trygt.slug not in ingen and len(ingen) == plan2020.indsatser.count() - 2
    # Each listed initiative shows the status the filter chose it by.
    html = page(client, "/2020/indsatser/?status=gennemfoert&kommune=kolding").content.decode()
    assert '<span class="status status-gennemfoert">Gennemført</span>' in html


def test_an_unknown_status_is_a_danish_400(plan2020, client):
    cache.clear()
    response = client.get("/2020/indsatser/?status=faerdig")
    assert response.status_code == 400
    assert "»faerdig« er ikke en status" in response.content.decode()


def test_the_overview_counts_by_section_and_municipality_and_links_to_the_same_list(
    plan2020, client, kommune
):
    bo_trygt = indsats(plan2020, "bo-trygt")
    opdatering(bo_trygt, "i_gang", "2020-03-01", tekst="Alle seks er i gang.")
    opdatering(bo_trygt, "gennemfoert", "2020-06-01", kommune=kommune("kolding"))
    opdatering(bo_trygt, "opgivet", "2020-07-01", offentlig=False, tekst="Intern.")
    response = page(client, "/2020/opfoelgning/")
    html = response.content.decode()
    assert "Alle seks er i gang." in html and "Intern." not in html
    context = response.context
    total = context["i_alt_liste"][0]
    assert total.i_alt == plan2020.indsatser.count()
    # Every count is the number of initiatives its link lists.
    rows = [total, *context["afsnit_raekker"], *context["kommune_raekker"]]
    checked = 0
    for row in rows:
        assert sum(d.antal for d in row.dele) == row.i_alt
        for part in row.dele:
            if part.antal and part.vaerdi != "ingen":
                query = part.url.split("?", 1)[1].split("#")[0]
                assert len(listed(client, query)) == part.antal, part.url
                checked += 1
    assert checked >= 4
    kolding = next(r for r in context["kommune_raekker"] if r.navn.startswith("Kolding"))
    assert {d.vaerdi: d.antal for d in kolding.dele}["gennemfoert"] == 1


def test_a_new_status_shows_on_the_cached_pages_within_a_second(plan2020, client, clock):
    bo_trygt = indsats(plan2020, "bo-trygt")
    for url in ("/2020/opfoelgning/", "/2020/indsatser/bo-trygt/"):
        assert "Udskudt" not in client.get(url).content.decode()
    Statusopdatering.objects.create(indsats=bo_trygt, status="udskudt", dato="2020-05-05")
    clock.advance(1.1)
    for url in ("/2020/opfoelgning/", "/2020/indsatser/bo-trygt/"):
        assert "Udskudt" in client.get(url).content.decode(), url


@pytest.mark.django_db
def test_an_unknown_year_is_a_404(client):
    assert client.get("/1999/opfoelgning/").status_code == 404

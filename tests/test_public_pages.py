"""The public pages beyond the whole plan: front page, sections, municipalities,
initiatives, SUB areas and the accessibility statement."""

import html
import re

import pytest
from django.contrib.auth.models import Permission, User

from common.text import render_markdown
from indsatser.models import Indsats, Maal
from kommuner.models import Boligomraade
from samarbejdsplan.models import Afsnit, Samarbejdsplan

OTHER_SUB_AREAS = {
    "kolding": [
        "Sundparken",
        "Finlandsparken",
        "Finlands-parken",
        "Korskærparken",
        "Korskerparken",
    ],
}


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    # Soft hyphens in long words are for display only (common/orddeling.py):
    # the words are read as the reader reads them.
    return response.content.decode().replace("\u00ad", "")


def visible_text(content):
    """The text a reader sees, without tags, for "appears nowhere on the page" checks."""
    return html.unescape(re.sub(r"<[^>]+>", " ", content))


@pytest.mark.django_db
def test_front_page_is_the_entry_to_the_newest_plan(client, plan2020):
    content = page(client, "/")
    indledning = Afsnit.objects.get(plan=plan2020, nummer="1")
    assert render_markdown(indledning.tekst) in content
    for underskriver in plan2020.underskrivere.all():
        assert html.escape(underskriver.navn) in content
    for kommune in plan2020.kommuner.all():
        assert f'href="/2020/kommuner/{kommune.slug}/"' in content
    for afsnit in plan2020.afsnit.all():
        assert f'href="/2020/afsnit/{afsnit.nummer}/"' in content
    assert 'action="/2020/soeg/"' in content  # the search box searches the whole plan
    assert content.count("<h1") == 1


@pytest.mark.django_db
def test_front_page_lists_the_other_published_years(client, plan2020):
    Samarbejdsplan.objects.create(aar=2021, politikreds="Sydøstjyllands Politi")  # a draft
    content = page(client, "/")
    assert "Planer fra andre år" not in content
    plan2020.pk = None
    plan2020.aar = 2019
    plan2020.save()
    assert 'href="/2019/"' in page(client, "/")


@pytest.mark.django_db
def test_section_page_shows_prose_initiatives_and_neighbours(client, plan2020):
    afsnit = Afsnit.objects.get(plan=plan2020, nummer="3.1.2")
    content = page(client, "/2020/afsnit/3.1.2/")
    assert render_markdown(afsnit.tekst) in content
    assert "<h1" in content and content.count("<h1") == 1
    for indsats in afsnit.indsatser.all():
        assert f'href="/2020/indsatser/{indsats.slug}/"' in content
        assert render_markdown(indsats.tekst) in content
    # Breadcrumbs down through 3 and 3.1, then previous 3.1.1 and next 3.1.3.
    assert 'href="/2020/afsnit/3/"' in content and 'href="/2020/afsnit/3.1/"' in content
    assert re.search(r'rel="prev" href="/2020/afsnit/3\.1\.1/"', content)
    assert re.search(r'rel="next" class="naeste" href="/2020/afsnit/3\.1\.3/"', content)
    assert "Senest opdateret" in content


@pytest.mark.django_db
def test_section_page_of_a_chapter_lists_its_subsections(client, plan2020):
    content = page(client, "/2020/afsnit/3.1/")
    for nummer in ["3.1.1", "3.1.4", "3.1.8"]:
        assert f'href="/2020/afsnit/{nummer}/"' in content
    first = page(client, "/2020/afsnit/1/")
    assert 'rel="prev"' not in first
    assert "Frands Fischer" in first  # the introduction carries the signatories
    last = page(client, "/2020/afsnit/4.5/")
    assert 'rel="next"' not in last
    assert "Skovparken" in last and "Sundparken" in last


@pytest.mark.django_db
def test_every_section_has_a_page(client, plan2020):
    for afsnit in plan2020.afsnit.all():
        assert html.escape(afsnit.titel) in page(client, afsnit.get_absolute_url())


@pytest.mark.django_db
def test_kolding_page_is_a_digest_for_kolding(client, plan2020, kommune):
    kolding = kommune("kolding")
    content = page(client, "/2020/kommuner/kolding/")
    text = visible_text(content)
    assert "Skovparken" in text and "Munkebo" in text
    for other in OTHER_SUB_AREAS["kolding"]:
        assert other not in text, other
        assert other not in content, other
    # Every initiative that concerns Kolding is there, linked; the others are not.
    for indsats in Indsats.objects.filter(plan=plan2020):
        concerns = indsats.alle_kommuner or kolding in indsats.kommuner.all()
        assert (f'href="/2020/indsatser/{indsats.slug}/"' in content) == concerns, indsats
    # A digest, not a copy of the plan's prose.
    assert render_markdown(Afsnit.objects.get(plan=plan2020, nummer="3.1.2").tekst) not in content
    # What is Kolding's own stands apart from what all six share.
    own, common = content.split('id="faelles"')
    assert "Skovparken" in own and "Koordineret indsats i de særligt udsatte" in own
    assert "Trygheds- og indbrudsprojektet" in common
    assert "Trygheds- og indbrudsprojektet" not in own
    # Links to the sections' full text and to the other municipalities.
    assert 'href="/2020/afsnit/4.5/"' in own
    for slug in ["billund", "fredericia", "hedensted", "horsens", "vejle"]:
        assert f'href="/2020/kommuner/{slug}/"' in content


@pytest.mark.django_db
def test_billund_page_marks_the_airport_border_control_as_its_own(client, plan2020):
    own, common = page(client, "/2020/kommuner/billund/").split('id="faelles"')
    assert "Grænsekontrol i Billund Lufthavn" in own
    assert "Grænsekontrol i Billund Lufthavn" not in page(client, "/2020/kommuner/vejle/")
    assert "Udpegede særligt udsatte boligområder" not in own  # Billund has none


@pytest.mark.django_db
def test_hedensted_page_says_it_has_nothing_of_its_own(client, plan2020):
    content = page(client, "/2020/kommuner/hedensted/")
    assert "Planen har ingen indsatser, mål eller boligområder særligt for Hedensted" in content
    for omraade in Boligomraade.objects.all():
        assert omraade.navn not in content


@pytest.mark.django_db
def test_initiative_page(client, plan2020):
    indsats = Indsats.objects.get(plan=plan2020, slug="cyklistproever")
    content = page(client, indsats.get_absolute_url())
    assert indsats.get_absolute_url() == "/2020/indsatser/cyklistproever/"
    assert render_markdown(indsats.tekst) in content
    assert "Skal gennemføres" in content
    assert 'href="/2020/afsnit/3.1.8/"' in content
    assert "Skolerne" in content and "Sydøstjyllands Politi" in content
    for kommune in plan2020.kommuner.all():  # concerns all: each is named and linked
        assert f'href="/2020/kommuner/{kommune.slug}/"' in content
    assert 'href="/2020/indsatser/?afsnit=3.1.8"' in content
    assert 'href="/2020/indsatser/"' in content


@pytest.mark.django_db
def test_initiative_page_for_one_municipality_names_only_it(client, plan2020):
    content = page(client, "/2020/indsatser/graensekontrol-i-billund-lufthavn/")
    assert 'href="/2020/kommuner/billund/"' in content
    assert 'href="/2020/kommuner/vejle/"' not in content
    assert 'href="/2020/indsatser/?kommune=billund"' in content


@pytest.mark.django_db
def test_sub_page_shows_areas_municipalities_and_goals(client, plan2020):
    content = page(client, "/2020/boligomraader/")
    for omraade in Boligomraade.objects.filter(udpeget_i__plan=plan2020):
        assert f'<th scope="row">{omraade.navn}</th>' in content
        assert f'href="/2020/kommuner/{omraade.kommune.slug}/">{omraade.kommune.navn} Kommune' in (
            content
        )
    for maal in Maal.objects.filter(afsnit__nummer="4.5", afsnit__plan=plan2020):
        assert f"<li>{html.escape(maal.tekst)}</li>" in content
    # The nine goals apply to all five areas: listed once, not five times.
    first_goal = Maal.objects.filter(afsnit__nummer="4.5").first()
    assert content.count(html.escape(first_goal.tekst)) == 1


@pytest.mark.django_db
def test_sub_page_gives_an_area_only_the_goals_for_its_municipality(client, plan2020, kommune):
    maal = Maal.objects.create(
        afsnit=Afsnit.objects.get(plan=plan2020, nummer="4.5"),
        tekst="Et mål kun for Kolding",
        alle_kommuner=False,
    )
    maal.kommuner.set([kommune("kolding")])
    content = page(client, "/2020/boligomraader/")
    kolding_group = content[content.index("Munkebo") :]
    assert "Et mål kun for Kolding" in kolding_group
    other_group = content[: content.index("Munkebo")]
    assert "Et mål kun for Kolding" not in other_group


@pytest.mark.django_db
def test_accessibility_statement_is_linked_from_every_footer(client, plan2020, settings):
    settings.PORTAL_CONTACT_EMAIL = "tilgaengelighed@example.dk"
    statement = page(client, "/tilgaengelighed/")
    assert "Tilgængelighedserklæring" in statement
    assert "mailto:tilgaengelighed@example.dk" in statement
    assert "WCAG 2.1" in statement
    for url in [
        "/",
        "/2020/",
        "/2020/afsnit/4.1/",
        "/2020/kommuner/vejle/",
        "/2020/indsatser/",
        "/2020/indsatser/bo-trygt/",
        "/2020/boligomraader/",
        "/tilgaengelighed/",
    ]:
        assert '<a href="/tilgaengelighed/">Tilgængelighedserklæring</a>' in page(client, url), url
    assert "Tilgængelighedserklæring" in page(client, "/2020/afsnit/9/", status=404)


@pytest.mark.django_db
def test_kommune_address_leads_to_the_newest_published_plan(client, plan2020, kommune):
    response = client.get("/kommuner/kolding/")
    assert response.status_code == 302
    assert response["Location"] == "/2020/kommuner/kolding/"
    assert kommune("kolding").get_absolute_url() == "/kommuner/kolding/"
    assert client.get("/kommuner/oslo/").status_code == 404


PLAN_PAGES = [
    "/{aar}/",
    "/{aar}/afsnit/1/",
    "/{aar}/kommuner/kolding/",
    "/{aar}/indsatser/",
    "/{aar}/indsatser/?kommune=kolding&q=indbrud",
    "/{aar}/boligomraader/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("template", PLAN_PAGES)
def test_a_draft_is_404_for_visitors_and_bannered_for_council_members(client, plan2020, template):
    draft = Samarbejdsplan.objects.create(aar=2021, politikreds="Sydøstjyllands Politi")
    draft.kommuner.set(plan2020.kommuner.all())
    Afsnit.objects.create(plan=draft, nummer="1", titel="Indledning", tekst="Udkast.")
    url = template.format(aar=2021)
    assert client.get(url).status_code == 404

    member = User.objects.create_user("borgmester", password="x")
    client.force_login(member)
    assert client.get(url).status_code == 404  # logged in is not enough
    member.user_permissions.add(Permission.objects.get(codename="view_samarbejdsplan"))
    content = page(client, url)
    assert "<strong>KLADDE</strong>" in content
    # The published plan carries no banner, even for the same reader.
    assert "<strong>KLADDE</strong>" not in page(client, template.format(aar=2020))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/2020/afsnit/9/",
        "/2020/afsnit/3.1.9/",
        "/2020/afsnit/3.1.4.1/",
        "/2020/afsnit/x/",
        "/2020/kommuner/oslo/",
        "/2020/kommuner/aarhus/",
        "/2020/indsatser/findes-ikke/",
        "/2020/indsatser/%F0%9F%98%80/",
        "/2019/kommuner/kolding/",
        "/99999/indsatser/",
        "/0/",
        "/2020/boligomraader/x/",
    ],
)
def test_unknown_section_municipality_or_initiative_is_a_danish_404(client, plan2020, url):
    content = page(client, url, status=404)
    assert "Siden findes ikke" in content
    assert '<html lang="da">' in content


@pytest.mark.django_db
def test_a_municipality_outside_the_plan_is_404_in_that_plan(client, plan2020, kommune):
    plan2020.kommuner.remove(kommune("billund"))
    assert client.get("/2020/kommuner/billund/").status_code == 404

"""What a newcomer needs on the public pages (issue 16): a municipality page that
says what is the municipality's alone, what it shares with some and what all
share; titles and descriptions naming the council and the police district; what
a kredsråd and a samarbejdsplan are; a notice on an older plan; a heading without
text said to be so; a way past the list's filters."""

import html
import re

import pytest
from django.contrib.auth.models import User
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime

from indsatser.models import Indsats
from samarbejdsplan.copying import copy_plan
from samarbejdsplan.models import Afsnit
from samarbejdsplan.publishing import publish

pytestmark = pytest.mark.django_db


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response.content.decode()


def visible_text(content):
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", content)))


def parts(content):
    """The municipality page's three parts, by their anchors, in order."""
    start = {name: content.index(f'id="{name}"') for name in ("alene", "delt", "faelles")}
    assert start["alene"] < start["delt"] < start["faelles"]
    end = content.index('class="andre-kommuner"')
    return (
        content[start["alene"] : start["delt"]],
        content[start["delt"] : start["faelles"]],
        content[start["faelles"] : end],
    )


def links(part):
    return set(re.findall(r'href="/2020/indsatser/([^/"]+)/"', part))


# --- The municipality page ----------------------------------------------------------


def test_kolding_alone_is_its_two_housing_areas(client, plan2020, kommune):
    alene, delt, faelles = parts(page(client, "/2020/kommuner/kolding/"))
    text = visible_text(alene)
    assert "Munkebo" in text and "Skovparken" in text
    assert not links(alene), "Kolding has no initiative of its own in 2020"
    assert "2 udpegede boligområder" in visible_text(page(client, "/2020/kommuner/kolding/"))
    # Its SUB areas come first in that part, before anything else it holds.
    assert alene.index("Skovparken") < alene.index("Planen har ingen indsatser eller mål")


def test_kolding_shares_two_initiatives_with_three_named_municipalities(client, plan2020, kommune):
    kolding = kommune("kolding")
    shared = {
        i.slug
        for i in Indsats.objects.filter(plan=plan2020, alle_kommuner=False, kommuner=kolding)
        if i.kommuner.count() > 1
    }
    assert len(shared) == 2  # the 2020 data: both concern four municipalities
    alene, delt, faelles = parts(page(client, "/2020/kommuner/kolding/"))
    assert links(delt) == shared
    assert "Sammen med Fredericia, Horsens og Vejle:" in visible_text(delt)
    assert not links(alene) & shared and not links(faelles) & shared


def test_the_common_part_is_compact_and_complete(client, plan2020):
    content = page(client, "/2020/kommuner/kolding/")
    alene, delt, faelles = parts(content)
    common = set(
        Indsats.objects.filter(plan=plan2020, alle_kommuner=True).values_list("slug", flat=True)
    )
    assert links(faelles) == common
    # Grouped by section, without "Kommuner: Alle kommuner" on each item.
    assert "Alle kommuner" not in visible_text(faelles)
    assert 'href="/2020/afsnit/3.1.2/"' in faelles
    assert "Ansvarlig: Det Kriminalpræventive Sekretariat (DKS)" in visible_text(faelles)
    bo_trygt = Indsats.objects.get(plan=plan2020, slug="bo-trygt")
    assert html.escape(bo_trygt.tekst[:60]) not in faelles  # titles, not texts


def test_billund_has_the_border_control_alone_and_hedensted_shares_nothing_with_some(
    client, plan2020
):
    alene, delt, _ = parts(page(client, "/2020/kommuner/billund/"))
    assert links(alene) == {"graensekontrol-i-billund-lufthavn"}
    assert "Planen har ingen indsatser eller mål, som Billund Kommune deler" in visible_text(delt)
    alene, delt, _ = parts(page(client, "/2020/kommuner/hedensted/"))
    assert "Planen har ingen indsatser, mål eller boligområder særligt for Hedensted" in (
        visible_text(alene)
    )
    assert not links(delt)


def test_an_initiative_for_two_names_the_other_in_both_pages(client, plan2020, kommune):
    indsats = Indsats.objects.get(plan=plan2020, slug="bo-trygt")
    indsats.alle_kommuner = False
    indsats.save()
    indsats.kommuner.set([kommune("billund"), kommune("hedensted")])
    _, delt, faelles = parts(page(client, "/2020/kommuner/billund/"))
    assert "bo-trygt" in links(delt) and "bo-trygt" not in links(faelles)
    assert "Sammen med Hedensted:" in visible_text(delt)
    assert "Sammen med Billund:" in visible_text(
        parts(page(client, "/2020/kommuner/hedensted/"))[1]
    )


# --- Titles, descriptions, what the council and the plan are -------------------------


def head(content):
    title = re.search(r"<title>(.*?)</title>", content, re.S)[1]
    description = re.search(r'<meta name="description" content="([^"]*)">', content)[1]
    return html.unescape(title), html.unescape(description)


PLAN = " – Kredsrådets samarbejdsplan 2020 – Sydøstjyllands Politi"


@pytest.mark.parametrize(
    "url, title",
    [
        ("/", PLAN.removeprefix(" – ")),
        ("/2020/", "Hele planen" + PLAN),
        ("/2020/kommuner/kolding/", "Kolding Kommune" + PLAN),
        ("/2020/afsnit/4.2/", "4.2 Ungdomskriminalitetsnævnet" + PLAN),
        ("/2020/indsatser/", "Indsatser" + PLAN),
        ("/2020/indsatser/?kommune=kolding", "Indsatser (filtreret)" + PLAN),
        ("/2020/indsatser/bo-trygt/", "Bo Trygt" + PLAN),
        ("/2020/boligomraader/", "Særligt udsatte boligområder" + PLAN),
        (
            "/tilgaengelighed/",
            "Tilgængelighedserklæring – Kredsrådets samarbejdsplan – Sydøstjyllands Politi",
        ),
    ],
)
def test_titles_and_descriptions_name_the_council_and_the_police_district(
    client, plan2020, url, title
):
    content = page(client, url)
    got_title, description = head(content)
    assert got_title == title
    assert "Sydøstjyllands Politi" in description and "samarbejdsplan" in description.lower()
    assert 40 < len(description) < 300


def test_the_police_district_comes_from_the_settings(client, plan2020, settings):
    settings.PORTAL_POLITIKREDS = "Midt- og Vestjyllands Politi"
    title, description = head(page(client, "/2020/kommuner/kolding/"))
    assert title.endswith("– Midt- og Vestjyllands Politi")
    assert "Midt- og Vestjyllands Politi" in description


def test_the_404_page_is_titled_too(client, plan2020):
    title, _ = head(page(client, "/2020/afsnit/9/", status=404))
    assert title == "Siden findes ikke – Kredsrådets samarbejdsplan – Sydøstjyllands Politi"


@pytest.mark.parametrize("url", ["/", "/2020/", "/2020/kommuner/kolding/", "/2020/afsnit/2.1/"])
def test_every_plan_page_says_what_a_kredsraad_and_a_samarbejdsplan_are(client, plan2020, url):
    text = visible_text(page(client, url))
    assert "Kredsrådet er politidirektøren og borgmestrene i politikredsen" in text
    assert "retsplejelovens § 111" in text and "(§ 113)" in text


def test_an_older_plan_links_to_the_current_one(client, plan2020):
    assert "Der findes en nyere plan" not in page(client, "/2020/kommuner/kolding/")
    newer = copy_plan(2020, 2021)
    # A draft is no newer plan for the public.
    assert "Der findes en nyere plan" not in page(client, "/2020/")
    publish(newer, User.objects.create_superuser("sekretaer", password="x"))
    for url in ["/2020/", "/2020/kommuner/kolding/", "/2020/afsnit/2.1/", "/2020/indsatser/"]:
        content = page(client, url)
        assert "Der findes en nyere plan" in content, url
        assert 'den gældende er <a href="/2021/">samarbejdsplanen for 2021</a>' in content
    assert "Der findes en nyere plan" not in page(client, "/2021/")
    assert "Der findes en nyere plan" not in page(client, "/")


def test_the_newest_plan_says_it_is_the_current_one(client, plan2020):
    current = (
        "Gældende plan: Samarbejdsplan 2020 er den nyeste offentliggjorte plan (offentliggjort "
        # In Danish, as the page says it, whatever language an earlier test left active.
        + translation.override("da")(date_format)(localtime(plan2020.offentliggjort), "j. F Y")
    )
    for url in ["/", "/2020/", "/2020/kommuner/kolding/", "/2020/afsnit/2.1/"]:
        text = visible_text(page(client, url))
        assert current in text, url
    newer = copy_plan(2020, 2021)
    # A draft does not make 2020 any less current, and a draft is no current plan.
    assert current in visible_text(page(client, "/2020/"))
    sekretaer = User.objects.create_superuser("sekretaer", password="x")
    client.force_login(sekretaer)
    assert "Gældende plan" not in visible_text(page(client, "/2021/"))
    publish(newer, sekretaer)
    assert "Gældende plan" not in visible_text(page(client, "/2020/"))
    assert "Samarbejdsplan 2021 er den nyeste" in visible_text(page(client, "/2021/"))


# --- A heading without text; the way past the filters -------------------------------


def test_an_initiative_without_text_says_so(client, plan2020):
    notice = "Indsatsen har ingen tekst i planen, kun overskriften."
    responstider = Indsats.objects.get(plan=plan2020, slug="responstider")
    assert responstider.tekst == ""  # as in the signed plan: the heading alone
    assert notice in page(client, "/2020/indsatser/responstider/")
    assert notice in page(client, "/2020/afsnit/4.1/")
    assert notice not in page(client, "/2020/indsatser/bo-trygt/")
    # Only where the text is missing: the plan page says it once, for Responstider.
    assert page(client, "/2020/").count(notice) == 1


def test_a_section_without_text_or_content_says_so(client, plan2020):
    notice = "Afsnittet har ingen tekst i planen, kun overskriften."
    Afsnit.objects.create(plan=plan2020, nummer="5", titel="Opfølgning", raekkefoelge=999)
    assert notice in page(client, "/2020/afsnit/5/")
    assert notice not in page(client, "/2020/afsnit/4/")  # a chapter: its subsections follow
    assert notice not in page(client, "/2020/afsnit/4.1/")


def test_the_list_links_past_its_filters_to_the_results(client, plan2020):
    content = page(client, "/2020/indsatser/?kommune=kolding&q=indbrud")
    count = re.search(r"<strong>(\d+) indsatser</strong>", content)[1]
    assert f'<a href="#resultater">Gå til resultaterne ({count})</a>' in content
    assert 'id="resultater" tabindex="-1"' in content
    # The filtered page opens at its results.
    assert 'action="/2020/indsatser/#resultater"' in content

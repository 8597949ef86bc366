"""What a tester found on the public side after issues 15–17: one kind of
search results, page titles, control characters, a municipality's name or a
section's number as the search, snippets, goal anchors, page numbers."""

import html
import re

import pytest
from django.conf import settings

from common.textsearch import plain_text
from indsatser.models import Maal

SOEG = "/2020/soeg/"


def title_of(response):
    [title] = re.findall(r"<title>(.*?)</title>", response.content.decode(), re.DOTALL)
    return html.unescape(title)


def get(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, (url, response.status_code)
    return response


# --- 1. One kind of results, none of that kind ------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("params", [{"kun": "maal"}, {"kun": "boligomraader"}, {"kun": "aktoerer"}])
def test_no_hits_of_one_kind_never_claims_the_plan_lacks_the_word(client, plan2020, params):
    everything = get(client, SOEG, {"q": "indbrud"}).context["resultat"].antal
    assert everything > 0
    response = get(client, SOEG, {"q": "indbrud", **params})
    content = response.content.decode()
    assert "nævner ikke" not in content
    assert "Ingen " in content and "nævner »indbrud«" in content
    assert response.context["resultat"].antal_andre == everything
    assert 'href="/2020/soeg/?q=indbrud&amp;kun=indsatser"' in content
    assert 'href="/2020/soeg/?q=indbrud">Vis alle slags resultater' in content


@pytest.mark.django_db
def test_a_repeated_kind_is_read_by_its_last_value(client, plan2020):
    content = get(client, SOEG + "?q=indbrud&kun=afsnit&kun=maal").content.decode()
    assert "nævner ikke" not in content and "Vis alle slags resultater" in content


# --- 2. Page titles ---------------------------------------------------------------


@pytest.mark.django_db
def test_every_page_title_names_the_page_then_the_plan_then_the_district_once(client, plan2020):
    district = settings.PORTAL_POLITIKREDS
    urls = [
        "/",
        "/2020/",
        "/2020/afsnit/3.1.2/",
        "/2020/indsatser/",
        "/2020/indsatser/bo-trygt/",
        "/2020/boligomraader/",
        "/2020/kommuner/kolding/",
        "/kommuner/koebenhavn/",
        SOEG,
        SOEG + "?q=indbrud",
        SOEG + "?q=indbrud&kun=maal",
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        title = title_of(response)
        assert "2020Kredsrådets" not in title, title
        assert title.endswith(f" – {district}") and title.count(district) == 1, title
        assert title.lower().count("samarbejdsplan") == 1, title
        assert all(part.strip() for part in title.split(" – ")), title


@pytest.mark.django_db
def test_search_pages_have_their_own_description_and_are_not_indexed(client, plan2020):
    content = get(client, SOEG, {"q": "<b>indbrud</b>"}).content.decode()
    assert '<meta name="robots" content="noindex">' in content
    assert '<meta name="description" content="Søg i kredsrådets samarbejdsplan 2020' in content
    assert "<b>indbrud" not in content and "&lt;b&gt;indbrud" in content


# --- 3. Control characters -----------------------------------------------------------


@pytest.mark.django_db
def test_control_characters_are_never_echoed(client, plan2020):
    response = get(client, SOEG + "?q=%00%00abc%1b")
    assert response.context["q"] == "abc"
    assert "\x00" not in response.content.decode() and "\x1b" not in response.content.decode()
    listing = client.get("/2020/indsatser/?art=%00")
    assert listing.status_code in (200, 400)
    assert "\x00" not in listing.content.decode()
    bad = client.get("/2020/indsatser/?art=x%00y")
    assert bad.status_code == 400 and "\x00" not in bad.content.decode()


# --- 4. A municipality's name, a section's number -------------------------------------


@pytest.mark.django_db
def test_a_municipalitys_name_alone_leads_to_its_page(client, plan2020):
    content = get(client, SOEG, {"q": "kolding"}).content.decode()
    assert '<a href="/2020/kommuner/kolding/">Se alt om Kolding Kommune</a>' in content


@pytest.mark.django_db
def test_a_section_number_leads_to_the_section(client, plan2020):
    content = get(client, SOEG, {"q": "3.1.2"}).content.decode()
    assert '<a href="/2020/afsnit/3.1.2/">Gå til afsnit 3.1.2 ' in content
    assert "nævner ikke" not in content
    assert "nævner ikke" not in get(client, SOEG, {"q": "9 x"}).content.decode()


# --- 5. The unknown kind in Danish ---------------------------------------------------------


@pytest.mark.django_db
def test_an_unknown_kind_names_the_kinds_in_danish(client, plan2020):
    content = get(client, SOEG, {"q": "indbrud", "kun": "xyz"}, status=400).content.decode()
    message = re.search(r"»xyz« er ikke en slags resultat\.[^<]*", content)[0]
    assert "mål" in message and "boligområder" in message and "aktører" in message
    assert not re.search(r"\b(maal|boligomraader|aktoerer)\b", message)
    assert 'href="/2020/soeg/?q=indbrud&amp;kun=maal">mål</a>' in content


# --- 6. Snippets ------------------------------------------------------------------------------


def test_list_items_and_headings_stay_apart_in_plain_text():
    text = plain_text("### Indsatser\n\n- grupperinger\n- Politiets færdselsindsats\n- Nærhed;\n")
    assert text == "Indsatser. grupperinger. Politiets færdselsindsats. Nærhed;"


# --- 7. A goal's own anchor --------------------------------------------------------------------


@pytest.mark.django_db
def test_a_goal_hit_leads_to_the_goal_itself(client, plan2020):
    [group] = get(client, SOEG, {"q": "radikalisering", "kun": "maal"}).context["resultat"].grupper
    hit = group.page.object_list[0]
    path, anchor = hit.url.split("#")
    goal = Maal.objects.get(pk=int(anchor.removeprefix("maal-")))
    section = get(client, path).content.decode()
    assert re.search(rf'<li id="{anchor}">{re.escape(html.escape(goal.tekst))}', section)


# --- 8. Page numbers ----------------------------------------------------------------


@pytest.mark.django_db
def test_a_page_that_is_not_a_number_is_page_one_on_both_lists(client, plan2020):
    first = get(client, "/2020/indsatser/")
    assert get(client, "/2020/indsatser/?page=abc").content == first.content
    get(client, "/2020/indsatser/?page=999")  # past the end: the last page
    get(client, SOEG, {"q": "indbrud", "page": "abc"})

"""The initiative list `/<år>/indsatser/` and its GET filters (django-filter)."""

import pytest
from django.core.cache import cache

from indsatser.models import Deltagelse, Indsats, Rolle
from samarbejdsplan.models import Afsnit

LIST = "/2020/indsatser/"


def shown(client, query="", status=200):
    # Read from the view's context, so the page must be rendered, not cached
    # (some tests change data with update(), which a real edit never does).
    cache.clear()
    response = client.get(LIST + query)
    assert response.status_code == status, response.content.decode()[:2000]
    return [i.slug for i in response.context["object_list"]], response


def slugs(queryset):
    return list(queryset.values_list("slug", flat=True))


@pytest.fixture
def indsatser(plan2020):
    return Indsats.objects.filter(plan=plan2020)


@pytest.mark.django_db
def test_unfiltered_list_shows_every_initiative_in_plan_order(client, indsatser):
    found, unfiltered = shown(client)
    assert found == slugs(indsatser)
    for response in [unfiltered, shown(client, "?q=&kommune=&page=1")[1]]:
        content = response.content.decode()
        assert "43 indsatser</strong>" in content
        assert "matcher filteret" not in content


@pytest.mark.django_db
def test_filter_by_municipality_keeps_the_common_and_its_own(client, indsatser):
    found, response = shown(client, "?kommune=billund")
    assert "graensekontrol-i-billund-lufthavn" in found
    assert "koordineret-indsats-i-de-saerligt-udsatte-boligomraader" not in found
    assert found == slugs(
        indsatser.filter(alle_kommuner=True) | indsatser.filter(kommuner__slug="billund")
    )
    assert f"{len(found)} indsatser</strong>" in response.content.decode()
    assert "matcher filteret" in response.content.decode()
    vejle, _ = shown(client, "?kommune=vejle")
    assert "graensekontrol-i-billund-lufthavn" not in vejle
    assert "koordineret-indsats-i-de-saerligt-udsatte-boligomraader" in vejle


@pytest.mark.django_db
def test_filter_by_section_kind(client, indsatser):
    assert shown(client, "?art=ssp")[0] == slugs(indsatser.filter(afsnit__art="ssp"))
    assert shown(client, "?art=sub")[0] == [
        "koordineret-indsats-i-de-saerligt-udsatte-boligomraader"
    ]
    national = shown(client, "?art=national")[0]
    assert len(national) == indsatser.filter(afsnit__nummer__startswith="3.1").count()


@pytest.mark.django_db
def test_filter_by_focus_area_includes_its_subsections(client, indsatser):
    assert shown(client, "?afsnit=3.1.2")[0] == slugs(indsatser.filter(afsnit__nummer="3.1.2"))
    assert shown(client, "?afsnit=3.1")[0] == slugs(
        indsatser.filter(afsnit__nummer__startswith="3.1.")
    )
    # 3.1.1 and 3.1.10 are different sections: a prefix must end at a dot.
    Afsnit.objects.create(
        plan_id=indsatser[0].plan_id, nummer="3.1.10", titel="Ny", raekkefoelge=99
    )
    assert "3.1.10" not in str(shown(client, "?afsnit=3.1.1")[0])


@pytest.mark.django_db
def test_focus_area_choices_are_the_sections_that_hold_initiatives(client, plan2020):
    _, response = shown(client)
    choices = [value for value, _ in response.context["filter"].form.fields["afsnit"].choices]
    assert "3.1.4" in choices and "3.1" in choices and "3" in choices
    assert "1" not in choices  # the introduction holds no initiative


@pytest.mark.django_db
def test_filter_by_responsible_actor(client, indsatser):
    found, _ = shown(client, "?ansvarlig=dks")
    expected = indsatser.filter(deltagelser__aktoer__slug="dks", deltagelser__rolle=Rolle.ANSVARLIG)
    assert found == slugs(expected) and found
    # Involved is not responsible: EAE is involved in one initiative, responsible for none.
    assert Deltagelse.objects.filter(aktoer__slug="eae").exists()
    assert shown(client, "?ansvarlig=eae", status=400)[0] == []


@pytest.mark.django_db
def test_filter_by_priority(client, indsatser):
    assert shown(client, "?prioritet=skal")[0] == slugs(indsatser.filter(prioritet="skal"))
    assert shown(client, "?prioritet=kan")[0] == [
        "gaa-proever",
        "generel-faerdselsundervisning",
        "lokale-kampagner",
    ]


@pytest.mark.django_db
def test_free_text_finds_title_and_text(client, indsatser):
    assert "exit-programmet" in shown(client, "?q=exit")[0]
    found = shown(client, "?q=hussikring")[0]  # only in the text of one initiative
    assert found == ["trygheds-og-indbrudsprojektet"]
    assert shown(client, "?q=" + "Økonomisk".lower())[0] == shown(client, "?q=Økonomisk")[0]


@pytest.mark.django_db
def test_municipality_and_free_text_combine(client, indsatser):
    kolding, _ = shown(client, "?kommune=kolding&q=SUB")
    assert "koordineret-indsats-i-de-saerligt-udsatte-boligomraader" in kolding
    assert "planer-for-indsatser-i-sub-omraaderne" in kolding
    hedensted, response = shown(client, "?kommune=hedensted&q=SUB")
    assert "koordineret-indsats-i-de-saerligt-udsatte-boligomraader" not in hedensted
    assert "planer-for-indsatser-i-sub-omraaderne" not in hedensted
    billund, _ = shown(client, "?kommune=billund&q=grænsekontrol")
    assert "graensekontrol-i-billund-lufthavn" in billund
    assert "graensekontrol-i-billund-lufthavn" not in shown(client, "?kommune=vejle&q=lufthavn")[0]


@pytest.mark.django_db
def test_all_filters_at_once_give_what_each_filter_allows(client, indsatser):
    filters = [
        "kommune=kolding",
        "art=national",
        "afsnit=3.1",
        "ansvarlig=skolerne",
        "prioritet=skal",
        "q=cyklistprøver",
    ]
    each = [set(shown(client, "?" + f)[0]) for f in filters]
    found, _ = shown(client, "?" + "&".join(filters))
    assert set(found) == set.intersection(*each)
    assert "cyklistproever" in found


@pytest.mark.django_db
def test_the_form_keeps_the_chosen_values(client, plan2020):
    content = client.get(LIST + "?kommune=kolding&q=indbrud").content.decode()
    assert '<option value="kolding" selected>' in content
    assert 'value="indbrud"' in content


@pytest.mark.django_db
def test_no_match_says_so(client, plan2020):
    found, response = shown(client, "?q=zyxwvu")
    assert found == []
    assert "Ingen indsatser matcher filteret" in response.content.decode()


@pytest.mark.django_db
def test_danish_stemming(client, plan2020):
    # Words are stemmed (PostgreSQL's danish configuration; Snowball's Danish
    # stemmer on SQLite): "indbruddene" finds a text that says "indbrud", and
    # "indbrud" a text that says "indbruddene" (a substring match could do
    # only the second).
    stemmed = shown(client, "?q=indbruddene")[0]
    assert "genbesoeg-ved-gentagen-viktimisering" in stemmed
    assert "indbrud" not in Indsats.objects.get(slug="genbesoeg-ved-gentagen-viktimisering").titel
    Indsats.objects.filter(slug="bo-trygt").update(tekst="Vi forebygger indbruddene sammen.")
    assert "bo-trygt" in shown(client, "?q=indbrud")[0]
    assert "cykelkontrol-og-skolestartskampagner" in shown(client, "?q=skolestartskampagnen")[0]
    # Ranked: a hit in the title comes before hits in the text only.
    ranked = shown(client, "?q=indbrud")[0]
    assert ranked[0] == "trygheds-og-indbrudsprojektet"
    assert shown(client, "?q=responstider")[0][0] == "responstider"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "?kommune=oslo",
        "?kommune=",
        "?art=landsdel",
        "?afsnit=9.9",
        "?afsnit=%27%3B+DROP+TABLE+indsatser_indsats%3B--",
        "?ansvarlig=nobody",
        "?prioritet=maaske",
        "?q=" + "x" * 10_000,
        "?kommune=kolding%00",
        "?q=ab%00cd",
        "?ansvarlig=%00",
    ],
)
def test_bad_filter_values_give_a_danish_message_never_a_500(client, plan2020, query):
    response = client.get(LIST + query)
    assert response.status_code in (200, 400)
    content = response.content.decode()
    if response.status_code == 400:
        assert "Filteret kunne ikke bruges" in content
        assert any(
            message in content
            for message in [
                "Planen har ingen kommune",
                "er ikke en type af afsnit",
                "Planen har intet afsnit",
                "Ingen aktør",
                "er ikke en prioritet",
                "Søgningen må højst være 200 tegn",
                "Null-tegn er ikke tilladt",
            ]
        ), content
        assert response.context["object_list"].count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q",
    [
        '"indbrud',
        "' OR 1=1 --",
        "%",
        "_",
        "100%_",
        "😀",
        "indbrud 😀",
        "-",
        "!!! ()",
        "&|:*",
        "<script>alert(1)</script>",
        "a" * 200,
    ],
)
def test_odd_free_text_is_searched_as_text(client, plan2020, q):
    response = client.get(LIST, {"q": q})
    assert response.status_code == 200
    found = [i.slug for i in response.context["object_list"]]
    if q in ("%", "_", "100%_"):
        # Wildcards are matched literally, not as "anything".
        assert found == []
    assert "<script>alert(1)</script>" not in response.content.decode()


@pytest.mark.django_db
def test_repeated_parameters_take_the_last(client, plan2020):
    found, _ = shown(client, "?kommune=vejle&kommune=billund")
    assert "graensekontrol-i-billund-lufthavn" in found


@pytest.mark.django_db
def test_pages_of_a_long_list(client, plan2020):
    from tests.factories import scaled_copy

    scaled_copy(plan2020, 2021, factor=3)  # 129 initiatives: three pages of 50
    first = client.get("/2021/indsatser/?art=national")
    assert first.context["page_obj"].paginator.num_pages == 2
    assert 'href="?art=national&amp;page=2"' in first.content.decode()
    assert client.get("/2021/indsatser/?art=national&page=2").status_code == 200
    # As on the search: not a number is page 1, out of range the last page.
    for bad, shown in [("99", 3), ("0", 3), ("x", 1), ("-1", 3)]:
        response = client.get(f"/2021/indsatser/?page={bad}")
        assert response.status_code == 200 and response.context["page_obj"].number == shown


@pytest.mark.django_db
def test_a_visitor_cannot_write_through_the_list(client, plan2020):
    before = list(Indsats.objects.values_list("pk", "titel", "tekst"))
    assert client.post(LIST, {"q": "x"}).status_code == 405
    assert client.post("/2020/indsatser/bo-trygt/", {"titel": "x"}).status_code == 405
    assert client.delete("/2020/kommuner/kolding/").status_code == 405
    assert list(Indsats.objects.values_list("pk", "titel", "tekst")) == before

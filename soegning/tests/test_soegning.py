"""The plan-wide search, `/<år>/soeg/?q=` (issue 15), on both databases.

The cases are the ones readers tried: words only in a section's prose, a goal,
a housing area's name; compounds; a typing error; a municipality in the query;
no hit inside another word.
"""

import re

import pytest
from django.db import connection

from indsatser.models import Indsats
from samarbejdsplan.models import Afsnit
from tests.admin_client import user_in_role

SOEG = "/2020/soeg/"
FAERDSEL_ITEMS = {  # the ten items of 3.1.8 Politiets færdselsindsats
    "cyklistproever",
    "skolepatrulje-uddannelse",
    "cykelkontrol-og-skolestartskampagner",
    "gaa-proever",
    "generel-faerdselsundervisning",
    "lokale-kampagner",
    "atk-kontrol-paa-udpegede-maalestraekninger",
    "samarbejde-ved-doedsulykker",
    "gennemgang-af-hastighedsgraenser-og-skiltning",
    "kontrol-af-tung-trafik-paa-de-statslige-rastepladser",
}


def search(client, q, **params):
    response = client.get(SOEG, {"q": q, **params})
    assert response.status_code == 200, response.status_code
    return response


def found(response):
    """Kind → the URLs of its hits, in the page's order (a goal's anchor, which
    names its key, as "#maal")."""
    return {
        g.key: [re.sub(r"#maal-\d+$", "#maal", hit.url) for hit in g.page.object_list]
        for g in response.context["resultat"].grupper
    }


def text_of(html):
    return re.sub(r"<[^>]+>", "", html)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "q, kind, url",
    [
        # Only in a goal (and the prose of 4.5): "radikaliserings og ekstremisme".
        ("radikalisering", "maal", "/2020/afsnit/4.5/#maal"),
        ("radikalisering", "afsnit", "/2020/afsnit/4.5/"),
        ("ekstremisme", "maal", "/2020/afsnit/4.5/#maal"),
        # "forældrenes ansvar" (a goal of 2.2), "forældres" (4.3's prose).
        ("forældre", "maal", "/2020/afsnit/2.2/#maal"),
        ("forældre", "afsnit", "/2020/afsnit/4.3/"),
        # Housing areas by name, linked to their row on the housing areas' page.
        ("Skovparken", "boligomraader", "/2020/boligomraader/#omraade-skovparken"),
        ("finlandsparken", "boligomraader", "/2020/boligomraader/#omraade-finlandsparken"),
        # "sikker" finds "Sikre" (one stem), both words must be found.
        ("sikker side", "indsatser", "/2020/indsatser/den-sikre-side/"),
        # Compounds: indbrudssikring is Bo Trygt's word.
        ("indbrud", "indsatser", "/2020/indsatser/bo-trygt/"),
        # An actor's name.
        ("færdselsafdeling", "aktoerer", "/2020/indsatser/?ansvarlig=faerdselsafdelingen"),
    ],
)
def test_words_anywhere_in_the_plan_are_found(client, plan2020, q, kind, url):
    assert url in found(search(client, q)).get(kind, [])


@pytest.mark.django_db
def test_ssp_finds_the_ssp_section_and_not_a_word_containing_it(client, plan2020):
    hits = found(search(client, "SSP"))
    assert hits["afsnit"][0] == "/2020/afsnit/2.1/"  # its title says SSP
    # "forebyggelsesspecialisterne" holds the letters, not the word.
    assert "/2020/indsatser/trygheds-og-indbrudsprojektet/" not in hits["indsatser"]
    assert "/2020/afsnit/3.1.2/" not in hits["afsnit"]


@pytest.mark.django_db
def test_a_word_finds_its_compounds(client, plan2020):
    hits = found(search(client, "færdsel"))
    assert {f"/2020/indsatser/{slug}/" for slug in FAERDSEL_ITEMS} <= set(hits["indsatser"])
    assert hits["afsnit"][0] == "/2020/afsnit/3.1.8/"  # "Politiets færdselsindsats"
    cykel = found(search(client, "cykel"))["indsatser"]
    assert set(cykel) == {
        "/2020/indsatser/cyklistproever/",
        "/2020/indsatser/skolepatrulje-uddannelse/",
        "/2020/indsatser/cykelkontrol-og-skolestartskampagner/",
    }
    assert cykel[0] == "/2020/indsatser/cykelkontrol-og-skolestartskampagner/"  # title first


@pytest.mark.django_db
def test_no_hit_inside_another_word(client, plan2020):
    hits = found(search(client, "ung"))
    assert (
        "/2020/indsatser/kontrol-af-tung-trafik-paa-de-statslige-rastepladser/"
        not in hits["indsatser"]
    )
    assert (
        "/2020/indsatser/screening-og-sagsbehandling-til-ungdomskriminalitetsnaevnet/"
        in (hits["indsatser"])
    )
    # The initiative list's q is the same engine.
    listed = client.get("/2020/indsatser/", {"q": "ung"}).context["object_list"]
    assert "kontrol-af-tung-trafik-paa-de-statslige-rastepladser" not in [i.slug for i in listed]


@pytest.mark.django_db
def test_the_initiative_list_finds_what_the_search_finds(client, plan2020):
    for q in ["færdsel", "indbrud", "sikker side", "cykel"]:
        listed = [i.slug for i in client.get("/2020/indsatser/", {"q": q}).context["object_list"]]
        searched = [u.split("/")[3] for u in found(search(client, q))["indsatser"]]
        assert listed == searched, q


@pytest.mark.django_db
def test_a_typing_error_gets_a_suggestion_from_the_plans_words(client, plan2020):
    response = search(client, "tryhed")
    assert response.context["resultat"].antal == 0
    assert response.context["resultat"].forslag == "tryghed"
    content = response.content.decode()
    assert 'Mente du <a href="/2020/soeg/?q=tryghed">»tryghed«</a>?' in content
    assert found(search(client, "tryghed"))["afsnit"][0] == "/2020/afsnit/3.1.1/"
    assert search(client, "ungdomskrimininalitet").context["resultat"].forslag == (
        "ungdomskriminalitet"
    )
    # Only for words the plan does not know, keeping the others.
    assert search(client, "tryhed vejle").context["resultat"].forslag == "tryghed vejle"
    assert search(client, "zzzqqq").context["resultat"].forslag == ""


@pytest.mark.django_db
def test_a_municipality_in_the_query_narrows_to_what_concerns_it(client, plan2020):
    goal = "/2020/afsnit/4.5/#maal"  # SUB goal: Horsens, Vejle, Fredericia, Kolding
    vejle = search(client, "ungdomskriminalitet vejle")
    assert vejle.context["resultat"].kommune.slug == "vejle"
    hits = found(vejle)
    assert goal in hits["maal"]
    assert "/2020/afsnit/4.2/" in hits["afsnit"]
    assert (
        "/2020/indsatser/aarlig-droeftelse-af-ungdomskriminaliteten-i-kredsraadet/"
        in (hits["indsatser"])
    )
    content = vejle.content.decode()
    assert "Viser kun det, der vedrører <strong>Vejle Kommune</strong>" in content
    assert 'href="/2020/soeg/?q=ungdomskriminalitet"' in content
    # Billund has no SUB area: the goal for the four others is left out.
    billund = found(search(client, "Billund ungdomskriminalitet"))
    assert goal not in billund.get("maal", [])
    assert "/2020/afsnit/4.2/" in billund["afsnit"]
    # A housing area of another municipality is left out too.
    assert found(search(client, "skovparken vejle")).get("boligomraader") is None
    assert found(search(client, "skovparken kolding"))["boligomraader"]
    # The name alone is a search for the name, not a narrowing.
    alone = search(client, "vejle")
    assert alone.context["resultat"].kommune is None
    assert "/2020/boligomraader/#omraade-finlandsparken" in found(alone)["boligomraader"]


@pytest.mark.django_db
def test_hits_are_marked_and_everything_else_escaped(client, plan2020):
    Indsats.objects.filter(slug="bo-trygt").update(
        tekst='Om **indbrud** og <script>alert("x")</script> [mere](https://x.dk/?a=indbrud&b=1) '
        "<b onclick=indbrud>x</b> indbrudssikring."
    )
    content = search(client, "indbrud").content.decode()
    assert "<script>" not in content and "onclick" not in content
    item = content.split('href="/2020/indsatser/bo-trygt/"')[1].split("</li>")[0]
    assert "Om <mark>indbrud</mark> og" in item
    assert "<mark>indbrudssikring</mark>." in item
    # Marks only around words of the text, never inside a tag or an address.
    assert not re.search(r"<[^>]*<mark>", item)
    assert "x.dk" not in item  # the link's address is not part of the text read
    assert "<mark>Indbrud</mark> i privat beboelse" in content  # 3.1.2's title


@pytest.mark.django_db
def test_titles_come_first(client, plan2020):
    hits = found(search(client, "indbrud"))
    assert hits["afsnit"][0] == "/2020/afsnit/3.1.2/"
    assert hits["indsatser"][0] == "/2020/indsatser/trygheds-og-indbrudsprojektet/"


@pytest.mark.django_db
@pytest.mark.parametrize("q", ["", "   ", "og i den", "!!! ---", "\x00"])
def test_an_empty_search_explains_how_to_search(client, plan2020, q):
    content = search(client, q).content.decode()
    assert "Sådan søger du" in content
    assert 'href="/2020/soeg/?q=f%C3%A6rdsel"' in content  # an example to follow


@pytest.mark.django_db
def test_a_very_long_search_is_read_in_part(client, plan2020):
    response = search(client, "indbrud " * 500)
    assert response.context["resultat"].antal > 0
    assert "kun de første 200 tegn og 8 ord" in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_kind_is_a_danish_400(client, plan2020):
    response = client.get(SOEG, {"q": "indbrud", "kun": "hemmeligt"})
    assert response.status_code == 400
    assert "er ikke en slags resultat" in response.content.decode()


@pytest.mark.django_db
def test_every_hit_is_shown_page_by_page(client, plan2020):
    from tests.factories import scaled_copy

    scaled_copy(plan2020, 2021, factor=3)  # 129 initiatives; "indsats" in many
    first = client.get("/2021/soeg/", {"q": "politi"})
    group = next(g for g in first.context["resultat"].grupper if g.key == "indsatser")
    total = group.antal
    assert total > 50 and len(group.page.object_list) == 50
    assert "kun=indsatser&amp;page=2" in first.content.decode()
    seen = []
    for page in range(1, 5):
        response = client.get("/2021/soeg/", {"q": "politi", "kun": "indsatser", "page": page})
        [only] = response.context["resultat"].grupper
        if page > only.page.paginator.num_pages:
            break
        seen += [hit.url for hit in only.page.object_list]
    assert len(seen) == len(set(seen)) == total


@pytest.mark.django_db
def test_drafts_only_for_those_allowed(client, draft2021):
    assert client.get("/2021/soeg/", {"q": "indbrud"}).status_code == 404
    client.force_login(user_in_role("Kredsråd"))
    response = client.get("/2021/soeg/", {"q": "indbrud"})
    assert response.status_code == 200
    assert "KLADDE" in response.content.decode()


@pytest.mark.django_db
def test_every_plan_page_has_the_search_field(client, plan2020):
    for url in ["/", "/2020/", "/2020/afsnit/3.1.2/", "/2020/indsatser/"]:
        content = client.get(url).content.decode()
        assert '<form class="header-soeg" action="/2020/soeg/"' in content, url


@pytest.mark.django_db
def test_only_the_search_and_paging_make_a_page(client, plan2020):
    plain = client.get(SOEG, {"q": "indbrud"})
    junk = client.get(SOEG + "?utm_source=x&q=+indbrud+&r=123")
    assert junk.headers["ETag"] == plain.headers["ETag"]


# --- Where the databases differ -----------------------------------------------


@pytest.mark.django_db
def test_postgresql_uses_gin_indexes_and_pg_trgm(plan2020):
    if connection.vendor != "postgresql":
        pytest.skip("GIN indexes and pg_trgm are PostgreSQL's; SQLite has neither")
    from common.textsearch import Search, matches

    with connection.cursor() as cursor:
        cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'")
        assert cursor.fetchone() == ("pg_trgm",)
        cursor.execute("SET LOCAL enable_seqscan = off")
        condition = matches(Search.parse("færdsel"), ["titel", "tekst"], "postgresql")
        sql, params = (
            Afsnit.objects.filter(condition).order_by().values("pk").query.sql_with_params()
        )
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "soeg_afsnit_gin" in plan, plan


@pytest.mark.django_db
def test_sqlite_folds_danish_letters_and_matches_word_starts(client, plan2020):
    if connection.vendor != "sqlite":
        pytest.skip("this checks the regular expressions SQLite searches with")
    # SQLite's own LIKE folds ASCII only; the search folds æ, ø and å too.
    assert found(search(client, "ØKONOMISK"))["afsnit"][0] == "/2020/afsnit/3.1.5/"
    assert found(search(client, "FÆRDSEL")) == found(search(client, "færdsel"))

"""The comparison of two years' plans: lineage, the page, municipalities, drafts."""

import pytest

from aendringer.sammenligning import compare
from aendringer.tests.helpers import GOAL_AFTER, NEW_TITLE, edit_the_copy, publish
from kommuner.models import Kommune
from samarbejdsplan.models import Samarbejdsplan
from tests.admin_client import user_in_role

URL = "/2021/aendringer/"
LUFTHAVN = "/2021/indsatser/graensekontrol-i-billund-lufthavn/"


@pytest.fixture
def edited2021(draft2021):
    edit_the_copy(draft2021)
    return draft2021


def plans():
    return [
        Samarbejdsplan.objects.prefetch_related("kommuner", "underskrivere").get(aar=aar)
        for aar in (2020, 2021)
    ]


def summary(s):
    """What the comparison found, by title, for exact assertions."""
    found = {"afsnit": [], "ny": [], "ophoert": [], "aendret": {}, "maal": {}, "omraader": {}}
    for group in s.afsnit:
        if group.status != "fortsat" or group.felter:
            found["afsnit"].append((group.afsnit.nummer, group.status))
        found["ny"] += [i.titel for i in group.nye_indsatser] + [m.tekst for m in group.nye_maal]
        found["ophoert"] += [i.titel for i in group.ophoerte_indsatser]
        found["ophoert"] += [m.tekst for m in group.ophoerte_maal]
        for x in group.aendrede_indsatser:
            what = [f.navn for f in x.felter] + (["Flyttet"] if x.flyttet_fra else [])
            found["aendret"][x.ny.slug] = what
        for x in group.aendrede_maal:
            found["maal"][x.ny.tekst] = [f.navn for f in x.felter]
        if group.udpeget or group.ikke_laengere_udpeget:
            found["omraader"][group.afsnit.nummer] = (
                [b.navn for b in group.udpeget],
                [b.navn for b in group.ikke_laengere_udpeget],
            )
    return found


@pytest.mark.django_db
def test_copy_plan_links_every_item_to_its_original(draft2021, plan2020):
    copied = draft2021.afsnit.all()
    assert {a.forgaenger.plan_id for a in copied} == {plan2020.pk}
    assert all(a.forgaenger.nummer == a.nummer for a in copied)
    assert all(i.forgaenger.slug == i.slug for i in draft2021.indsatser.all())
    goals = [m for a in copied for m in a.maal.all()]
    assert goals and all(m.forgaenger.tekst == m.tekst for m in goals)


@pytest.mark.django_db
def test_an_unchanged_copy_has_no_changes(draft2021):
    s = compare(*plans())
    assert s.ingen_aendringer
    assert s.optaelling["indsatser"].uaendret == 43
    assert s.optaelling["afsnit"].uaendret == 20


@pytest.mark.django_db
def test_the_comparison_shows_exactly_the_edits(edited2021, client):
    s = compare(*plans())
    assert summary(s) == {
        "afsnit": [],
        "ny": [NEW_TITLE],
        "ophoert": ["Exit-programmet"],
        "aendret": {
            "bo-trygt": ["Tekst"],
            "socialsoeg": ["Flyttet"],
            "graensekontrol-i-billund-lufthavn": ["Kommuner"],
        },
        "maal": {GOAL_AFTER: ["Tekst"]},
        "omraader": {"4.5": ([], ["Sundparken"])},
    }
    counts = {kind: vars(o) for kind, o in s.optaelling.items()}
    assert counts == {
        "afsnit": {"ny": 0, "ophoert": 0, "aendret": 1, "uaendret": 19},
        "indsatser": {"ny": 1, "ophoert": 1, "aendret": 3, "uaendret": 39},
        "maal": {"ny": 0, "ophoert": 0, "aendret": 1, "uaendret": 17},
    }
    assert not (s.underskrivere_tilfoejet or s.underskrivere_fjernet or s.kommuner_tilfoejet)

    publish(edited2021)
    response = client.get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    # The word-level diff, said in words too, a space between the old word and the new.
    assert (
        '<del><span class="sr-only">fjernet: </span>grundejerforeninger</del> '
        '<ins><span class="sr-only">tilføjet: </span>boligforeninger</ins>'
    ) in page
    assert '<ins><span class="sr-only">tilføjet: </span>og kort ventetid </ins>' in page
    for shown in (
        NEW_TITLE,
        "Exit-programmet",
        "fra afsnit 4.3",
        "Nu også: Vejle",
        "Ikke længere udpeget</dt><dd>Sundparken (Horsens)",
        "Nyt i 2021: ændringer siden 2020",
    ):
        assert shown in page, shown
    # Unchanged items are counted, not listed.
    assert "Bestil en betjent" not in page
    assert "Sammen med" not in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("slug", "shown", "left_out"),
    [
        ("kolding", ["/2021/indsatser/bo-trygt/", NEW_TITLE, "/2020/indsatser/exit-programmet/",
                     "/2021/indsatser/socialsoeg/", "og kort ventetid"], ["Sundparken", LUFTHAVN]),
        ("horsens", ["Sundparken (Horsens)"], [LUFTHAVN]),
        ("vejle", [LUFTHAVN, "Nu også: Vejle"], ["Sundparken"]),
    ],
)  # fmt: skip
def test_a_municipality_sees_only_what_concerns_it(edited2021, client, slug, shown, left_out):
    publish(edited2021)
    response = client.get(URL, {"kommune": slug})
    assert response.status_code == 200
    page = response.content.decode()
    for text in shown:
        assert text in page, text
    for text in left_out:
        assert text not in page, text
    kolding = compare(*plans(), kommune=Kommune.objects.get(slug="kolding"))
    assert kolding.optaelling["afsnit"].aendret == 0  # Sundparken is Horsens's
    assert vars(kolding.optaelling["indsatser"]) == {
        "ny": 1,
        "ophoert": 1,
        "aendret": 2,
        "uaendret": 39,
    }


@pytest.mark.django_db
def test_drafts_are_hidden_from_visitors(edited2021, client):
    assert client.get(URL).status_code == 404
    client.force_login(user_in_role("Kredsråd"))
    assert client.get(URL).status_code == 200
    client.logout()
    # A published 2022 copied from the draft 2021: a visitor compares with 2020,
    # the nearest plan the visitor may read, and cannot ask for the draft.
    from samarbejdsplan.copying import copy_plan

    publish(copy_plan(2021, 2022))
    page = client.get("/2022/aendringer/")
    assert page.status_code == 200
    assert "ændringer siden 2020" in page.content.decode()
    refused = client.get("/2022/aendringer/", {"fra": "2021"})
    assert refused.status_code == 400
    assert "Der er ingen offentliggjort samarbejdsplan for 2021" in refused.content.decode()


@pytest.mark.django_db
def test_the_lineage_is_followed_across_years(edited2021, client):
    """2022 against 2020 follows 2022 → 2021 → 2020: the same changes as 2021's."""
    from samarbejdsplan.copying import copy_plan

    publish(edited2021)
    publish(copy_plan(2021, 2022))
    rows = {p.aar: p for p in Samarbejdsplan.objects.prefetch_related("kommuner", "underskrivere")}
    assert summary(compare(rows[2020], rows[2022])) == summary(compare(rows[2020], rows[2021]))
    assert compare(rows[2021], rows[2022]).ingen_aendringer
    assert client.get("/2022/aendringer/", {"fra": "2020"}).status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "status", "message"),
    [
        ({"fra": "abc"}, 400, "er ikke et årstal"),
        ({"fra": "2021"}, 400, "vælg et år før 2021"),
        ({"fra": "2030"}, 400, "vælg et år før 2021"),
        ({"fra": "1999"}, 400, "ingen offentliggjort samarbejdsplan for 1999"),
        ({"fra": "9" * 30}, 400, "er ikke et årstal"),
        ({"kommune": "oslo"}, 400, "er ikke en af planernes kommuner"),
        ({"kommune": "koebenhavn"}, 400, "er ikke en af planernes kommuner"),
    ],
)
def test_bad_parameters_are_danish_400s(edited2021, client, query, status, message):
    publish(edited2021)
    response = client.get(URL, query)
    assert response.status_code == status
    assert message in response.content.decode()


@pytest.mark.django_db
def test_a_plan_without_an_earlier_one_says_so(plan2020, client):
    response = client.get("/2020/aendringer/")
    assert response.status_code == 200
    assert "ingen tidligere plan at sammenligne med" in response.content.decode()


@pytest.mark.django_db
def test_initiative_pages_link_the_other_years(edited2021, client):
    # While 2021 is a draft, a visitor of 2020 is not led to it.
    assert "Fortsætter i 2021" not in client.get("/2020/indsatser/bo-trygt/").content.decode()
    publish(edited2021)
    old = client.get("/2020/indsatser/bo-trygt/").content.decode()
    assert '<a href="/2021/indsatser/bo-trygt/">Fortsætter i 2021</a>' in old
    changed = client.get("/2021/indsatser/bo-trygt/").content.decode()
    assert '<a href="/2020/indsatser/bo-trygt/">Også i 2020</a> — ændret' in changed
    assert 'href="/2021/aendringer/?fra=2020"' in changed
    same = client.get("/2021/indsatser/den-generelle-indsats/").content.decode()
    assert "Også i 2020</a> — uændret" in same
    new = client.get("/2021/indsatser/nabohjaelp/").content.decode()
    assert "Også i" not in new and "Indsatsen i andre år" not in new
    ended = client.get("/2020/indsatser/exit-programmet/").content.decode()
    assert "Fortsætter i" not in ended
    # Moved to another section and nothing else: changed, as the comparison says.
    moved = client.get("/2021/indsatser/socialsoeg/").content.decode()
    assert "Også i 2020</a> — ændret" in moved
    found = compare(*plans())
    assert [a.ny.slug for g in found.afsnit for a in g.aendrede_indsatser if a.flyttet_fra] == [
        "socialsoeg"
    ]


@pytest.mark.django_db
def test_plan_and_front_page_link_what_is_new(edited2021, client):
    assert "Nyt i 2020" not in client.get("/").content.decode()  # nothing earlier to compare
    publish(edited2021)
    assert '<a href="/2021/aendringer/">Nyt i 2021</a>' in client.get("/").content.decode()
    assert '<a href="/2021/aendringer/">Nyt i 2021</a>' in client.get("/2021/").content.decode()


@pytest.mark.django_db
def test_actors_priority_sections_goals_and_signatories(draft2021, client):
    from indsatser.models import Aktoer, Deltagelse, Indsats, Maal
    from samarbejdsplan.models import Afsnit

    haeleri = Indsats.objects.get(plan=draft2021, slug="indsatsen-mod-haeleri")
    haeleri.prioritet = "kan" if haeleri.prioritet != "kan" else "skal"
    haeleri.save()
    Deltagelse.objects.filter(indsats=haeleri).delete()
    Deltagelse.objects.create(indsats=haeleri, aktoer=Aktoer.objects.first(), rolle="ansvarlig")
    Afsnit.objects.filter(plan=draft2021, nummer="3.1.5").update(titel="Den sikre side – nyt navn")
    new_section = Afsnit.objects.create(plan=draft2021, nummer="5", titel="Evaluering")
    Maal.objects.create(afsnit=new_section, tekst="Evaluere planen hvert år")
    Maal.objects.filter(afsnit__plan=draft2021, tekst__startswith="Reducere").delete()
    ended = Afsnit.objects.get(plan=draft2021, nummer="3.1.7")
    ended.indsatser.all().delete()
    ended.delete()
    signer = draft2021.underskrivere.first()
    old_name, signer.navn = signer.navn, "Ny Borgmester"
    signer.save()

    s = compare(*plans())
    found = summary(s)
    assert found["afsnit"] == [("3.1.5", "fortsat"), ("5", "ny"), ("3.1.7", "ophoert")]
    assert found["aendret"] == {"indsatsen-mod-haeleri": ["Ansvarlig", "Involveret", "Prioritet"]}
    assert found["ny"] == ["Evaluere planen hvert år"]
    cbrne = Indsats.objects.filter(plan__aar=2020, afsnit__nummer="3.1.7")
    assert found["ophoert"] == ["Reducere kriminaliteten", *(i.titel for i in cbrne)]
    assert [n.split(",")[0] for n in s.underskrivere_tilfoejet] == ["Ny Borgmester"]
    assert [n.split(",")[0] for n in s.underskrivere_fjernet] == [old_name]
    publish(draft2021)
    page = client.get(URL).content.decode()
    for text in (
        "Nyt afsnit",
        "Ikke længere med",
        "Nye underskrivere",
        "Ny Borgmester",
        "nyt navn",
    ):
        assert text in page, text

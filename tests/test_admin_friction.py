"""The secretariat's admin without friction (issue 17): what another district's
secretariat ran into entering its plan, each checked by what the server accepts."""

import importlib
import json

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from common.text import slug_da
from indsatser.models import Aktoer, Deltagelse, Indsats, Maal, Rolle
from kommuner.models import Boligomraade, Kommune
from samarbejdsplan.copying import copy_plan
from samarbejdsplan.models import Afsnit, Art, Samarbejdsplan, order_from_number
from tests.admin_client import form_data, user_in_role

# The server's slug rule and the admin's script (static/js/slug_da.js) are
# both held to these (tests/test_browser_slugs.py runs the script).
SLUG_EXAMPLES = {
    "Læsø": "laesoe",
    "København": "koebenhavn",
    "Tårnby": "taarnby",
    "Dragør": "dragoer",
    "Ærø": "aeroe",
    "ÅRHUS Ø": "aarhus-oe",
    "Københavns Politi": "koebenhavns-politi",
    "Pinpoint i lufthavnsområdet": "pinpoint-i-lufthavnsomraadet",
    "  Café – Ål & Øl!  ": "cafe-aal-oel",
    "SSP_samarbejde / 2.1": "ssp_samarbejde-21",
    "Straße--über_": "strae-uber",
}


def logged_in(role, name=None):
    client = Client()
    client.force_login(user_in_role(role, name))
    return client


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def add_url(model):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_add")


def new_initiative(afsnit):
    """The add form of an initiative as the browser posts it, with `afsnit` chosen."""
    data = form_data(logged_in("superuser", "chef").get(add_url(Indsats)))
    data.update({"afsnit": afsnit.pk, "titel": "Ny indsats", "alle_kommuner": "on"})
    return data


def errors_of(response):
    """Every error message the admin shows on a refused form, as one text."""
    return response.content.decode()


@pytest.mark.parametrize("name", SLUG_EXAMPLES)
def test_the_servers_slug_rule_spells_danish_letters_out(name):
    assert slug_da(name) == SLUG_EXAMPLES[name]


# --- Choosing a section for an initiative or a goal -------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Indsats, Maal])
def test_only_open_plans_sections_are_offered_each_with_its_year(draft2021, model):
    response = logged_in("Sekretariat").get(add_url(model))
    field = response.context["adminform"].form.fields["afsnit"]
    labels = [label for value, label in field.choices if value]
    assert labels and all(label.startswith("2021 · ") for label in labels)
    assert "2021 · 3.1.2 Indbrud i privat beboelse" in labels
    assert labels.index("2021 · 2.1 Det kriminalitetsforebyggende samarbejde, SSP og SSP+") < (
        labels.index("2021 · 3.1.2 Indbrud i privat beboelse")
    )


@pytest.mark.django_db
def test_a_section_of_a_published_plan_is_refused_naming_the_plan(draft2021):
    locked = Afsnit.objects.get(plan__aar=2020, nummer="3.1.2")
    data = new_initiative(locked)
    response = logged_in("Sekretariat").post(add_url(Indsats), data)
    assert response.status_code == 200
    message = response.context["adminform"].form.errors["afsnit"][0]
    assert "Samarbejdsplan 2020" in message and "offentliggjort og derfor låst" in message
    assert "2020 · 3.1.2" in message
    assert not Indsats.objects.filter(titel="Ny indsats").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role, created", [("Sekretariat", True), ("Kredsråd", False)])
def test_an_initiative_in_an_open_plans_section_per_role(draft2021, role, created):
    afsnit = Afsnit.objects.get(plan=draft2021, nummer="3.1.2")
    data = new_initiative(afsnit)
    response = logged_in(role).post(add_url(Indsats), data)
    assert response.status_code == (302 if created else 403)
    assert Indsats.objects.filter(titel="Ny indsats", plan=draft2021).exists() == created


# --- Order from the numbering ------------------------------------------------------------


def test_the_order_taken_from_a_number():
    numbers = ["1", "2", "2.1", "2.2", "2.10", "3", "3.1.4", "3.1.10", "10", "99.99.99"]
    keys = [order_from_number(n) for n in numbers]
    assert keys == sorted(keys) and len(set(keys)) == len(keys)
    assert order_from_number("2.1") < order_from_number("2.10") < order_from_number("3")
    assert order_from_number("x") == order_from_number("1.2.3.4") == 0


@pytest.mark.django_db
def test_the_2020_plans_order_follows_its_numbers(plan2020):
    assert plan2020.order_out_of_step() == []
    numbers = list(plan2020.afsnit.values_list("nummer", flat=True))
    assert numbers == sorted(numbers, key=order_from_number)


@pytest.mark.django_db
def test_a_section_added_later_without_an_order_falls_into_place(draft2021):
    # As a script or the shell would add it: no order given.
    Afsnit.objects.create(plan=draft2021, nummer="2.3", titel="Nyt afsnit")
    numbers = list(draft2021.afsnit.values_list("nummer", flat=True))
    assert numbers.index("2.2") < numbers.index("2.3") < numbers.index("3")
    # An order given by hand is kept, and a renumbering moves an order taken from the number.
    afsnit = Afsnit.objects.create(plan=draft2021, nummer="2.4", titel="Sidst", raekkefoelge=999999)
    assert list(draft2021.afsnit.values_list("nummer", flat=True))[-1] == "2.4"
    assert draft2021.order_out_of_step() == ["3 står efter 2.4"] or draft2021.order_out_of_step()
    moved = Afsnit.objects.get(plan=draft2021, nummer="2.3")
    moved.nummer = "4.6"
    moved.save()
    assert moved.raekkefoelge == order_from_number("4.6")
    afsnit.nummer = "2.5"
    afsnit.save()
    assert afsnit.raekkefoelge == 999999  # typed by hand: stays


@pytest.mark.django_db
def test_a_copied_plan_keeps_the_order_and_takes_new_sections_in_place(draft2021):
    copy = copy_plan(2021, 2022)
    assert list(copy.afsnit.values_list("nummer", "raekkefoelge")) == list(
        draft2021.afsnit.values_list("nummer", "raekkefoelge")
    )
    Afsnit.objects.create(plan=copy, nummer="4.1.1", titel="Nyt")
    numbers = list(copy.afsnit.values_list("nummer", flat=True))
    assert numbers.index("4.1") + 1 == numbers.index("4.1.1")


@pytest.mark.django_db
def test_the_migration_orders_by_number_only_plans_already_in_that_order(draft2021):
    migration = importlib.import_module("samarbejdsplan.migrations.0006_raekkefoelge_fra_nummer")
    hand = Samarbejdsplan.objects.create(aar=2030, politikreds="X")
    for order, nummer in [(10, "2"), (20, "1")]:  # deliberately not by number
        Afsnit.objects.create(plan=hand, nummer=nummer, titel=nummer, raekkefoelge=order)
    for i, afsnit in enumerate(draft2021.afsnit.order_by("raekkefoelge")):
        Afsnit.objects.filter(pk=afsnit.pk).update(raekkefoelge=(i + 1) * 10)  # the old style

    from django.apps import apps

    migration.order_by_number(apps, None)
    assert list(hand.afsnit.values_list("nummer", "raekkefoelge")) == [("2", 10), ("1", 20)]
    assert all(
        order == order_from_number(nummer)
        for nummer, order in draft2021.afsnit.values_list("nummer", "raekkefoelge")
    )


def add_rows(data, prefix, rows):
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for i, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{total + i}-{name}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(total + len(rows))
    return data


def section_row(nummer, order=""):
    return {"nummer": nummer, "titel": f"Afsnit {nummer}", "art": "generel", "raekkefoelge": order}


@pytest.mark.django_db
def test_a_new_section_row_with_an_empty_order_lands_by_its_number(draft2021):
    client = logged_in("Sekretariat")
    data = add_rows(form_data(client.get(change_url(draft2021))), "afsnit", [section_row("2.3")])
    response = client.post(change_url(draft2021), data)
    assert response.status_code == 302, errors_of(response)
    numbers = list(draft2021.afsnit.values_list("nummer", flat=True))
    assert numbers.index("2.2") + 1 == numbers.index("2.3")


@pytest.mark.django_db
def test_an_order_out_of_step_with_the_numbers_is_pointed_out(draft2021):
    client = logged_in("Sekretariat")
    data = add_rows(
        form_data(client.get(change_url(draft2021))), "afsnit", [section_row("2.3", "1")]
    )
    response = client.post(change_url(draft2021), data, follow=True)
    assert "Afsnittenes rækkefølge følger ikke deres numre: 1 står efter 2.3" in errors_of(response)


# --- New subsections in one save -----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("role, saved", [("Sekretariat", True), ("Kredsråd", False)])
def test_a_section_and_its_subsection_are_added_in_one_save(draft2021, role, saved):
    client = logged_in(role)
    data = form_data(logged_in("superuser", "chef").get(change_url(draft2021)))
    add_rows(data, "afsnit", [section_row("3.2"), section_row("3.2.1")])
    response = client.post(change_url(draft2021), data)
    assert response.status_code == (302 if saved else 403), errors_of(response)
    found = set(draft2021.afsnit.filter(nummer__startswith="3.2").values_list("nummer", flat=True))
    assert found == ({"3.2", "3.2.1"} if saved else set())
    if saved:
        numbers = list(draft2021.afsnit.values_list("nummer", flat=True))
        assert numbers.index("3.1.8") + 1 == numbers.index("3.2") == numbers.index("3.2.1") - 1


@pytest.mark.django_db
def test_a_subsection_without_its_parent_is_still_refused(draft2021):
    client = logged_in("Sekretariat")
    data = add_rows(form_data(client.get(change_url(draft2021))), "afsnit", [section_row("3.3.1")])
    response = client.post(change_url(draft2021), data)
    assert response.status_code == 200
    assert "Planen har intet afsnit 3.3, som afsnit 3.3.1 kan høre under." in errors_of(response)
    assert not draft2021.afsnit.filter(nummer="3.3.1").exists()


@pytest.mark.django_db
def test_a_new_plan_checks_its_subsections_parents_too(db):
    client = logged_in("Sekretariat")
    data = form_data(client.get(add_url(Samarbejdsplan)))
    data.update({"aar": "2015", "politikreds": "Københavns Politi", "titel": "Samarbejdsplan"})
    data["raad"] = "Kredsrådet"
    kommune = Kommune.objects.get(kommunekode=185)  # Tårnby, one of the 98 shipped
    data["kommuner"] = [str(kommune.pk)]
    add_rows(data, "afsnit", [section_row("1"), section_row("2.1")])
    response = client.post(add_url(Samarbejdsplan), data)
    assert response.status_code == 200
    assert "Planen har intet afsnit 2, som afsnit 2.1 kan høre under." in errors_of(response)
    add_rows(data, "afsnit", [section_row("2")])
    response = client.post(add_url(Samarbejdsplan), data)
    assert response.status_code == 302, errors_of(response)
    plan = Samarbejdsplan.objects.get(aar=2015)
    assert list(plan.afsnit.values_list("nummer", flat=True)) == ["1", "2", "2.1"]


@pytest.mark.django_db
def test_a_locked_plan_takes_no_new_sections(plan2020):
    client = logged_in("Sekretariat")
    data = form_data(logged_in("superuser", "chef").get(change_url(plan2020)))
    add_rows(data, "afsnit", [section_row("4.6")])
    response = client.post(change_url(plan2020), data)
    assert response.status_code == 403
    assert not plan2020.afsnit.filter(nummer="4.6").exists()


# --- Detours -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_saving_a_section_returns_to_its_plan_unless_it_came_from_the_list(draft2021):
    client = logged_in("Sekretariat")
    afsnit = Afsnit.objects.get(plan=draft2021, nummer="3.1.2")
    data = form_data(client.get(change_url(afsnit)))
    data["titel"] = "Indbrud"
    response = client.post(change_url(afsnit), data)
    assert response.status_code == 302
    assert response["Location"] == change_url(draft2021) + "#afsnit-group"

    filters = "_changelist_filters=plan__id__exact%3D" + str(draft2021.pk)
    data = form_data(client.get(change_url(afsnit) + "?" + filters))
    data["titel"] = "Indbrud i private hjem"
    response = client.post(change_url(afsnit) + "?" + filters, data)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:samarbejdsplan_afsnit_changelist"))
    # "Save and continue" stays on the section.
    data = form_data(client.get(change_url(afsnit)))
    response = client.post(change_url(afsnit), {**data, "_continue": "1"})
    assert response["Location"] == change_url(afsnit)


@pytest.mark.django_db
def test_the_housing_area_picker_is_on_sub_sections_with_the_plans_areas_only(draft2021):
    laesoe = Kommune.objects.get(kommunekode=825)  # Læsø, one of the 98 shipped
    elsewhere = Boligomraade.objects.create(navn="Byparken", kommune=laesoe)
    client = logged_in("Sekretariat")
    intro = Afsnit.objects.get(plan=draft2021, art=Art.INDLEDNING)
    assert "boligomraader" not in client.get(change_url(intro)).context["adminform"].form.fields

    sub = Afsnit.objects.get(plan=draft2021, art=Art.SUB)
    response = client.get(change_url(sub))
    offered = set(response.context["adminform"].form.fields["boligomraader"].queryset)
    assert elsewhere not in offered
    assert offered == set(Boligomraade.objects.filter(kommune__planer=draft2021))
    data = form_data(response)
    data["boligomraader"] = [*data["boligomraader"], str(elsewhere.pk)]
    response = client.post(change_url(sub), data)
    assert response.status_code == 200
    assert elsewhere not in sub.boligomraader.all()

    # Through its own kind's page too (the SUB-afsnit list).
    sub_url = reverse("admin:samarbejdsplan_subafsnit_change", args=[sub.pk])
    assert "boligomraader" in client.get(sub_url).context["adminform"].form.fields
    national = reverse(
        "admin:samarbejdsplan_nationaltfokusomraade_change",
        args=[Afsnit.objects.get(plan=draft2021, nummer="3.1.2").pk],
    )
    assert "boligomraader" not in client.get(national).context["adminform"].form.fields


@pytest.mark.django_db
def test_an_area_outside_the_plans_municipalities_is_refused_in_words(draft2021):
    laesoe = Kommune.objects.get(kommunekode=825)  # Læsø, one of the 98 shipped
    elsewhere = Boligomraade.objects.create(navn="Byparken", kommune=laesoe)
    sub = Afsnit.objects.get(plan=draft2021, art=Art.SUB)
    sub.boligomraader.add(elsewhere)  # designated before the municipality left the plan
    client = logged_in("Sekretariat")
    data = form_data(client.get(change_url(sub)))
    response = client.post(change_url(sub), data)
    assert response.status_code == 302  # kept as it was: not a change of the areas
    other = Boligomraade.objects.create(navn="Vestparken", kommune=laesoe)
    data = form_data(client.get(change_url(sub)))
    data["boligomraader"] = [*data["boligomraader"], str(other.pk)]
    response = client.post(change_url(sub), data)
    assert response.status_code == 200
    assert other not in sub.boligomraader.all()


def with_initiatives(plan):
    """A section of `plan` holding initiatives, with actors."""
    return Afsnit.objects.filter(plan=plan, indsatser__deltagelser__isnull=False).first()


def initiative_rows(response):
    formset = next(
        f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "indsatser"
    )
    return formset.formset


@pytest.mark.django_db
def test_actors_are_chosen_and_added_from_a_sections_initiative_rows(draft2021):
    client = logged_in("Sekretariat")
    afsnit = with_initiatives(draft2021)
    response = client.get(change_url(afsnit))
    rows = initiative_rows(response)
    assert {"ansvarlige", "involverede"} <= set(rows.forms[0].fields)
    page = response.content.decode()
    # The "+" opening the add-actor popup, beside the searchable actor lists.
    assert 'id="add_id_indsatser-0-ansvarlige"' in page
    assert "/admin/indsatser/aktoer/add/?_to_field=id&amp;_popup=1" in page

    indsats = rows.forms[0].instance
    ny = Aktoer.objects.create(navn="Tårnby Kommune")
    before = set(indsats.deltagelser.values_list("aktoer_id", "rolle"))
    data = form_data(response)
    data["indsatser-0-involverede"] = [*data.get("indsatser-0-involverede", []), str(ny.pk)]
    # Meanwhile another editor adds an actor on the initiative's own page: kept.
    other = Aktoer.objects.create(navn="Andens aktør")
    Deltagelse.objects.create(indsats=indsats, aktoer=other, rolle=Rolle.INVOLVERET)
    response = client.post(change_url(afsnit), data)
    assert response.status_code == 302, errors_of(response)
    after = set(indsats.deltagelser.values_list("aktoer_id", "rolle"))
    assert after == before | {(ny.pk, Rolle.INVOLVERET), (other.pk, Rolle.INVOLVERET)}

    # Removing one, and moving one from involved to responsible.
    data = form_data(client.get(change_url(afsnit)))
    data["indsatser-0-involverede"] = [
        pk for pk in data["indsatser-0-involverede"] if pk != str(ny.pk)
    ]
    data["indsatser-0-ansvarlige"] = [*data.get("indsatser-0-ansvarlige", []), str(ny.pk)]
    assert client.post(change_url(afsnit), data).status_code == 302
    assert indsats.deltagelser.get(aktoer=ny).rolle == Rolle.ANSVARLIG
    data = form_data(client.get(change_url(afsnit)))
    data["indsatser-0-ansvarlige"] = [p for p in data["indsatser-0-ansvarlige"] if p != str(ny.pk)]
    assert client.post(change_url(afsnit), data).status_code == 302
    assert not indsats.deltagelser.filter(aktoer=ny).exists()


@pytest.mark.django_db
def test_chosen_actors_survive_a_page_sent_back_with_errors(draft2021):
    """Found by a tester: the page came back with the actors shown, the second save dropped them."""
    client = logged_in("Sekretariat")
    afsnit = with_initiatives(draft2021)
    response = client.get(change_url(afsnit))
    indsats = initiative_rows(response).forms[0].instance
    ny = Aktoer.objects.create(navn="Tårnby Kommune")
    data = form_data(response)
    data["indsatser-0-involverede"] = [*data.get("indsatser-0-involverede", []), str(ny.pk)]
    titel = data["indsatser-0-titel"]
    data["indsatser-0-titel"] = ""  # a mistake: the page comes back
    response = client.post(change_url(afsnit), data)
    assert response.status_code == 200
    assert not indsats.deltagelser.filter(aktoer=ny).exists()
    # The editor mends the mistake on the page as it came back and saves again.
    data = form_data(response)
    assert str(ny.pk) in data["indsatser-0-involverede"]
    data["indsatser-0-titel"] = titel
    response = client.post(change_url(afsnit), data)
    assert response.status_code == 302, errors_of(response)
    assert indsats.deltagelser.get(aktoer=ny).rolle == Rolle.INVOLVERET


@pytest.mark.django_db
def test_an_actor_cannot_be_both_responsible_and_involved(draft2021):
    client = logged_in("Sekretariat")
    afsnit = with_initiatives(draft2021)
    data = form_data(client.get(change_url(afsnit)))
    aktoer = Aktoer.objects.first()
    data["indsatser-0-ansvarlige"] = [str(aktoer.pk)]
    data["indsatser-0-involverede"] = [str(aktoer.pk)]
    response = client.post(change_url(afsnit), data)
    assert response.status_code == 200
    assert "En aktør er enten ansvarlig eller involveret" in errors_of(response)


@pytest.mark.django_db
@pytest.mark.parametrize("plan_fixture", ["plan2020", "draft2021"])
def test_actor_rows_per_role_and_lock(request, plan_fixture):
    plan = request.getfixturevalue(plan_fixture)
    afsnit = with_initiatives(plan)
    data = form_data(logged_in("superuser", "chef").get(change_url(afsnit)))
    aktoer = Aktoer.objects.create(navn="Ny aktør")
    data["indsatser-0-involverede"] = [*data.get("indsatser-0-involverede", []), str(aktoer.pk)]
    for role in ("Kredsråd", "Sekretariat"):
        response = logged_in(role).post(change_url(afsnit), data)
        allowed = role == "Sekretariat" and plan_fixture == "draft2021"
        assert response.status_code == (302 if allowed else 403), (role, plan_fixture)
        assert Deltagelse.objects.filter(aktoer=aktoer).exists() == allowed
    # A council member, and anyone on a locked plan, sees no actor fields to fill in.
    rows = initiative_rows(logged_in("Kredsråd", "raad2").get(change_url(afsnit)))
    assert "ansvarlige" not in rows.forms[0].fields
    response = logged_in("Sekretariat", "sek2").get(change_url(afsnit))
    assert response.status_code == 200
    editable = plan_fixture == "draft2021"
    assert ("ansvarlige" in initiative_rows(response).forms[0].fields) == editable


# --- Words ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_login_lockouts_admin_is_in_danish(db):
    client = Client()
    client.force_login(User.objects.create_superuser("su", "su@example.dk", "x"))
    AccessAttempt.objects.create(
        username="gaet", ip_address="127.0.0.1", failures_since_start=5, get_data="", post_data=""
    )
    index = client.get("/admin/").content.decode()
    assert "Loginspærring" in index and "Loginforsøg" in index
    assert "Access attempts" not in index and "Access logs" not in index
    page = client.get("/admin/axes/accessattempt/").content.decode()
    assert "Låst ude" in page and "Locked Out" not in page
    assert "Brugernavn" in page and "IP-adresse" in page


@pytest.mark.django_db
def test_a_taken_municipality_address_is_said_in_danish(plan2020):
    client = logged_in("superuser")
    data = form_data(client.get(add_url(Kommune)))
    data.update({"navn": "Horsens Vest", "slug": "horsens", "kommunekode": "998"})
    response = client.post(add_url(Kommune), data)
    assert response.status_code == 200
    page = errors_of(response)
    assert "Der findes allerede en kommune med adressenavnet »horsens«." in page
    assert "med dette Slug eksisterer allerede" not in page
    assert not Kommune.objects.filter(kommunekode=998).exists()


@pytest.mark.django_db
def test_a_taken_actor_name_is_said_in_danish(plan2020):
    client = logged_in("Sekretariat")
    navn = Aktoer.objects.first().navn
    response = client.post(add_url(Aktoer), {"navn": navn, "slug": "noget-nyt"})
    assert response.status_code == 200
    assert f"Der findes allerede en aktør med navnet »{navn}«." in errors_of(response)


@pytest.mark.django_db
def test_add_another_names_the_row_with_its_article(draft2021):
    client = logged_in("Sekretariat")
    texts = {}
    for url in (
        change_url(draft2021),
        change_url(Afsnit.objects.get(plan=draft2021, nummer="4.5")),
    ):
        for inline in client.get(url).context["inline_admin_formsets"]:
            data = json.loads(inline.inline_formset_data())
            texts[inline.formset.prefix] = data["options"]["addText"]
    assert texts["afsnit"] == "Tilføj endnu et afsnit"
    assert texts["underskrivere"] == "Tilføj endnu en underskriver"
    assert texts["indsatser"] == "Tilføj endnu en indsats"
    assert texts["maal"] == "Tilføj endnu et mål"


@pytest.mark.django_db
def test_the_kind_of_a_section_is_explained(draft2021):
    client = logged_in("Sekretariat")
    afsnit = Afsnit.objects.get(plan=draft2021, nummer="3.1.2")
    field = client.get(change_url(afsnit)).context["adminform"].form.fields["art"]
    assert "SUB-afsnit kan udpege boligområder" in field.help_text


@pytest.mark.django_db
def test_forged_actor_and_action_values_are_refused_without_a_500(draft2021):
    """Found by a tester: text where an actor's or a selected plan's number belongs was a 500."""
    client = logged_in("Sekretariat")
    afsnit = with_initiatives(draft2021)
    data = form_data(client.get(change_url(afsnit)))
    data["indsatser-0-ansvarlige"] = ["abc"]
    response = client.post(change_url(afsnit), data)
    assert response.status_code == 200
    assert "abc" in errors_of(response)
    changelist = reverse("admin:samarbejdsplan_samarbejdsplan_changelist")
    response = client.post(
        changelist, {"action": "delete_selected", "_selected_action": ["abc"], "index": "0"}
    )
    assert response.status_code == 400
    assert "Ugyldigt valg af rækker" in response.content.decode()


@pytest.mark.django_db
def test_a_post_claiming_thousands_of_rows_is_refused_before_any_form_is_built(draft2021):
    """Found by a tester: TOTAL_FORMS=100000 held a gunicorn worker past its 30 s timeout."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = logged_in("Sekretariat")
    afsnit = with_initiatives(draft2021)
    data = form_data(client.get(change_url(afsnit)))
    data["indsatser-TOTAL_FORMS"] = "100000"
    with CaptureQueriesContext(connection) as queries:
        response = client.post(change_url(afsnit), data)
    assert response.status_code == 400
    assert "højst 200 rækker" in response.content.decode()
    assert len(queries) < 10  # the session and the user; no form built


@pytest.mark.django_db
def test_ticking_municipalities_while_all_is_still_ticked_from_the_start_means_those(draft2021):
    """Found by a tester: "Alle kommuner" starts ticked, and every first save failed."""
    client = logged_in("Sekretariat")
    indsats = Indsats.objects.filter(plan=draft2021, alle_kommuner=True).first()
    url = reverse("admin:indsatser_indsats_change", args=[indsats.pk])
    vejle = draft2021.kommuner.get(slug="vejle")
    data = form_data(client.get(url))
    data["kommuner"] = [str(vejle.pk)]
    response = client.post(url, data)
    assert response.status_code == 302, errors_of(response)
    indsats.refresh_from_db()
    assert not indsats.alle_kommuner
    assert list(indsats.kommuner.all()) == [vejle]
    # Ticking both on purpose is still a question the editor must answer.
    data = form_data(client.get(url))
    data["alle_kommuner"] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "ikke begge dele" in errors_of(response)


@pytest.mark.django_db
def test_a_title_typed_with_its_year_does_not_show_the_year_twice(db):
    """Found by a tester: "Samarbejdsplan 2015" became "Samarbejdsplan 2015 2015" everywhere."""
    client = logged_in("Sekretariat")
    response = client.get(add_url(Samarbejdsplan))
    assert "Uden året" in response.content.decode()
    data = form_data(response)
    data.update({"aar": "2015", "politikreds": "Københavns Politi", "raad": "Kredsrådet"})
    data["titel"] = "Samarbejdsplan 2015"
    data["kommuner"] = [str(Kommune.objects.get(kommunekode=101).pk)]
    response = client.post(add_url(Samarbejdsplan), data)
    assert response.status_code == 302, errors_of(response)
    assert str(Samarbejdsplan.objects.get(aar=2015)) == "Samarbejdsplan 2015"

"""Denmark's 98 municipalities ship with the portal; a plan takes the ones that are its parties.

Every database has all 98 with their official kommunekoder; the public pages,
the forms and the server show and accept only the plan's own. A district
starts without the demonstration plan with INITIAL_PLAN=none.
"""

import importlib
import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal
from django.test import override_settings
from django.urls import reverse

from common.text import slug_da
from indsatser.models import Indsats, Maal
from kommuner.danmark import KOMMUNER
from kommuner.models import Kommune
from samarbejdsplan.export import render_export
from samarbejdsplan.models import Afsnit, Samarbejdsplan
from tests.admin_client import form_data
from tests.test_settings import run_settings
from tests.test_write_integrity import change_url, logged_in, row_prefix

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "kommuner.json"
migration = importlib.import_module("kommuner.migrations.0004_danmarks_kommuner")


# --- The data -------------------------------------------------------------------


@pytest.mark.django_db
def test_every_database_has_denmarks_98_municipalities_with_their_codes():
    codes = dict(Kommune.objects.values_list("navn", "kommunekode"))
    assert len(codes) == 98
    assert len(set(codes.values())) == 98
    assert all(101 <= code <= 999 for code in codes.values())
    assert {name: codes[name] for name in ("København", "Frederiksberg", "Bornholm")} == {
        "København": 101,
        "Frederiksberg": 147,
        "Bornholm": 400,
    }
    assert codes["Aabenraa"] == 580 and codes["Læsø"] == 825 and codes["Aarhus"] == 751
    assert "Christiansø" not in codes  # it has a code, but is no municipality
    # The 2020 fixture's six have the same codes as the shipped list.
    six = {
        row["fields"]["navn"]: row["fields"]["kommunekode"]
        for row in json.loads(FIXTURE.read_text(encoding="utf-8"))
        if row["model"] == "kommuner.kommune"
    }
    assert six == {
        "Horsens": 615,
        "Hedensted": 766,
        "Vejle": 630,
        "Billund": 530,
        "Fredericia": 607,
        "Kolding": 621,
    }
    assert {name: codes[name] for name in six} == six


@pytest.mark.django_db
def test_slugs_follow_the_projects_rule():
    slugs = dict(Kommune.objects.values_list("navn", "slug"))
    assert all(slug == slug_da(name) for name, slug in slugs.items())
    assert slugs["København"] == "koebenhavn"
    assert slugs["Høje-Taastrup"] == "hoeje-taastrup"
    assert slugs["Ærø"] == "aeroe"
    assert slugs["Tårnby"] == "taarnby"


@pytest.mark.django_db
def test_the_migration_keeps_what_is_there_and_adds_the_rest_once():
    """A database from before: the 2020 plan's six (other ids), an edited name, one by hand."""
    Kommune.objects.all().delete()
    call_command("loaddata", "kommuner", verbosity=0)  # the six, as `make db` loaded them
    six = dict(Kommune.objects.values_list("slug", "pk"))
    Kommune.objects.create(navn="Nordfyn", kommunekode=480)  # an editor's spelling
    Kommune.objects.create(navn="Nyby", kommunekode=901)  # a merger, added by hand
    editor = SimpleNamespace(connection=SimpleNamespace(alias="default"))

    migration.add_municipalities(apps, editor)
    migration.add_municipalities(apps, editor)  # again: nothing more

    assert Kommune.objects.count() == 99
    assert Kommune.objects.filter(kommunekode=480).get().navn == "Nordfyn"
    assert not Kommune.objects.filter(navn="Nordfyns").exists()
    assert {slug: Kommune.objects.get(slug=slug).pk for slug in six} == six
    assert Kommune.objects.get(kommunekode=101).slug == "koebenhavn"


@pytest.mark.django_db
def test_an_emptied_table_is_filled_after_migrate_and_a_deleted_one_stays_deleted():
    Kommune.objects.filter(kommunekode=825).delete()
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert not Kommune.objects.filter(kommunekode=825).exists()  # deleted on purpose

    Kommune.objects.all().delete()  # as a flush leaves it
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert Kommune.objects.count() == len(KOMMUNER) == 98


# --- INITIAL_PLAN ---------------------------------------------------------------


def run_load_initial_plan():
    out = io.StringIO()
    call_command("load_initial_plan", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_initial_plan_none_gives_the_municipalities_and_no_plan():
    Kommune.objects.filter(kommunekode__gt=700).delete()  # a database emptied in part
    with override_settings(INITIAL_PLAN="none"):
        out = run_load_initial_plan()
        assert "Ingen plan indlæst" in out and "98 kommuner" in out
        assert run_load_initial_plan() == out  # again: the same, nothing doubled
    assert not Samarbejdsplan.objects.exists()
    assert Kommune.objects.count() == 98
    # Each has its first history entry, so the first edit shows what changed.
    assert not Kommune.objects.exclude(pk__in=Kommune.history.values("id")).exists()
    # Plain `make db` afterwards still loads the demonstration into the empty database.
    assert "Indlæst Samarbejdsplan 2020" in run_load_initial_plan()
    assert Samarbejdsplan.objects.get().kommuner.count() == 6


@pytest.mark.django_db
def test_an_unknown_initial_plan_is_refused_in_danish():
    with override_settings(INITIAL_PLAN="2019"), pytest.raises(CommandError, match="kendes ikke"):
        run_load_initial_plan()
    assert not Samarbejdsplan.objects.exists()


def test_initial_plan_comes_from_the_environment():
    code = "import django; django.setup(); from django.conf import settings as s; "
    code += "print(s.INITIAL_PLAN)"
    assert run_settings({"DEBUG": "true", "INITIAL_PLAN": "None"}, code).stdout.strip() == "none"
    assert run_settings({"DEBUG": "true"}, code).stdout.strip() == "2020"


# --- Public pages: only the plan's six, with 98 in the database -----------------


@pytest.mark.django_db
def test_public_pages_show_only_the_plans_municipalities(plan2020, client):
    assert Kommune.objects.count() == 98
    forside = client.get("/").content.decode()
    assert forside.count('href="/2020/kommuner/') == 6 and "København" not in forside
    liste = client.get("/2020/indsatser/")
    options = [label for _, label in liste.context["filter"].form.fields["kommune"].choices]
    assert options == ["Alle kommuner", "Billund", "Fredericia", "Hedensted", "Horsens"] + [
        "Kolding",
        "Vejle",
    ]
    assert "København" not in client.get("/2020/").content.decode()
    assert "København" not in render_export(plan2020).decode()
    # Outside the plan: 400 for the filter as for any unknown value, 404 for its pages.
    assert client.get("/2020/indsatser/?kommune=koebenhavn").status_code == 400
    assert client.get("/2020/kommuner/koebenhavn/").status_code == 404
    assert client.get("/2020/eksport/?kommune=koebenhavn").status_code == 404


@pytest.mark.django_db
def test_the_lasting_address_of_a_municipality_in_no_plan_says_why(plan2020, client):
    response = client.get("/kommuner/koebenhavn/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "København Kommune er ikke med" in page
    assert 'href="/2020/kommuner/kolding/"' in page  # the ones that are, to go on from
    assert client.get("/kommuner/kolding/").status_code == 302
    assert "er ikke med" not in client.get("/kommuner/findes-ikke/").content.decode()


# --- The admin: a plan picks its municipalities; items take only those ----------


@pytest.mark.django_db
def test_the_plan_page_picks_from_98_in_a_filtered_list(draft2021):
    client = logged_in("Sekretariat")
    page = client.get(change_url(draft2021))
    field = page.context["adminform"].form.fields["kommuner"]
    assert field.queryset.count() == 98
    assert "selectfilter" in field.widget.render("kommuner", []).lower()

    data = form_data(page)
    koebenhavn = Kommune.objects.get(slug="koebenhavn")
    data["kommuner"] = [*data["kommuner"], str(koebenhavn.pk)]
    assert client.post(change_url(draft2021), data).status_code == 302
    assert draft2021.kommuner.filter(pk=koebenhavn.pk).exists()


@pytest.mark.django_db
def test_a_municipality_the_plan_names_cannot_be_removed_from_it(draft2021):
    client = logged_in("Sekretariat")
    data = form_data(client.get(change_url(draft2021)))
    billund = Kommune.objects.get(slug="billund")
    data["kommuner"] = [pk for pk in data["kommuner"] if pk != str(billund.pk)]
    response = client.post(change_url(draft2021), data)
    assert response.status_code == 200
    assert "Billund (nævnt af indsatsen »Grænsekontrol i Billund Lufthavn«" in (
        response.content.decode()
    )
    assert draft2021.kommuner.filter(pk=billund.pk).exists()
    # One no item names may go.
    hedensted = Kommune.objects.get(slug="hedensted")
    data = form_data(client.get(change_url(draft2021)))
    data["kommuner"].remove(str(hedensted.pk))
    assert client.post(change_url(draft2021), data).status_code == 302
    assert not draft2021.kommuner.filter(pk=hedensted.pk).exists()


def chosen_only(data, kommune):
    data = {k: v for k, v in data.items() if k != "alle_kommuner"}
    data["kommuner"] = [str(kommune.pk)]
    return data


@pytest.mark.django_db
@pytest.mark.parametrize("model", [Indsats, Maal])
def test_an_item_offers_and_takes_only_its_plans_municipalities(draft2021, model):
    item = model.objects.filter(afsnit__plan=draft2021, alle_kommuner=True).first()
    client = logged_in("Sekretariat")
    page = client.get(change_url(item))
    offered = page.context["adminform"].form.fields["kommuner"].queryset
    assert set(offered) == set(draft2021.kommuner.all())

    vejle, koebenhavn = Kommune.objects.get(slug="vejle"), Kommune.objects.get(slug="koebenhavn")
    response = client.post(change_url(item), chosen_only(form_data(page), koebenhavn))
    assert response.status_code == 200
    assert "Vælg kun blandt kommunerne i Samarbejdsplan 2021" in response.content.decode()
    assert not model.objects.get(pk=item.pk).kommuner.exists()

    assert client.post(change_url(item), chosen_only(form_data(page), vejle)).status_code == 302
    assert list(model.objects.get(pk=item.pk).kommuner.all()) == [vejle]


@pytest.mark.django_db
def test_a_new_item_for_a_section_is_refused_a_municipality_outside_its_plan(draft2021):
    afsnit = Afsnit.objects.get(plan=draft2021, nummer="3.1.1")
    client = logged_in("Sekretariat")
    add = reverse("admin:indsatser_indsats_add")
    page = client.get(add, {"afsnit": afsnit.pk})
    assert set(page.context["adminform"].form.fields["kommuner"].queryset) == set(
        draft2021.kommuner.all()
    )
    data = {
        "afsnit": afsnit.pk,
        "raekkefoelge": 9,
        "titel": "Tryghedsvandring",
        "tekst": "",
        "prioritet": "",
        "kommuner": [Kommune.objects.get(slug="koebenhavn").pk],
        "deltagelser-TOTAL_FORMS": 0,
        "deltagelser-INITIAL_FORMS": 0,
    }
    response = client.post(add, data)  # posted without the page: the server still says no
    assert response.status_code == 200
    assert response.context["errors"] == [
        [
            "Vælg kun blandt kommunerne i Samarbejdsplan 2021. Skal en anden kommune med, så "
            "tilføj den først til planen (under »Samarbejdsplaner«)."
        ]
    ]
    assert not Indsats.objects.filter(titel="Tryghedsvandring").exists()


@pytest.mark.django_db
def test_a_new_section_with_a_goal_for_a_municipality_outside_its_plan_is_refused(draft2021):
    """The section's plan is chosen in the same form: the row is checked against it."""
    client = logged_in("Sekretariat")
    add = reverse("admin:samarbejdsplan_afsnit_add")
    data = form_data(client.get(add)) | {
        "plan": draft2021.pk,
        "nummer": "4.6",
        "titel": "Nyt afsnit",
        "art": "lokal",
        "raekkefoelge": 99,
        "maal-TOTAL_FORMS": 1,
        "maal-0-tekst": "Færre indbrud.",
        "maal-0-raekkefoelge": 1,
        "maal-0-kommuner": [Kommune.objects.get(slug="koebenhavn").pk],
    }
    response = client.post(add, data)
    assert response.status_code == 200
    assert "København er ikke med i Samarbejdsplan 2021" in response.content.decode()
    assert not Afsnit.objects.filter(plan=draft2021, nummer="4.6").exists()
    data["maal-0-kommuner"] = [Kommune.objects.get(slug="kolding").pk]
    assert client.post(add, data).status_code == 302
    assert [k.slug for k in Maal.objects.get(tekst="Færre indbrud.").kommuner.all()] == ["kolding"]


@pytest.mark.django_db
def test_an_inline_row_on_the_sections_page_takes_only_the_plans_municipalities(draft2021):
    afsnit = Afsnit.objects.get(plan=draft2021, nummer="4.5")
    maal = afsnit.maal.filter(alle_kommuner=False).first()
    client = logged_in("Sekretariat")
    page = client.get(change_url(afsnit))
    data = form_data(page)
    for formset in page.context["inline_admin_formsets"]:
        empty = formset.formset.empty_form
        if "kommuner" in empty.fields:
            assert set(empty.fields["kommuner"].queryset) == set(draft2021.kommuner.all())
    prefix = row_prefix(data, "maal", maal.pk)
    data[f"{prefix}-kommuner"] = [str(Kommune.objects.get(slug="aabenraa").pk)]
    response = client.post(change_url(afsnit), data)
    assert response.status_code == 200
    assert "Vælg kun blandt kommunerne i Samarbejdsplan 2021" in response.content.decode()
    assert not maal.kommuner.filter(slug="aabenraa").exists()


# --- A municipality added by hand -----------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kode", "navn", "fejl"),
    [
        ("615", "Nyby", "Der findes allerede en kommune med den kommunekode."),
        ("12", "Nyby", "Kommunekoden skal være et tal mellem 101 og 999."),
        ("1001", "Nyby", "Kommunekoden skal være et tal mellem 101 og 999."),
        ("6a1", "Nyby", "Indtast et heltal."),
        ("901", "horsens", "Der findes allerede en kommune med det navn."),
    ],
)
def test_a_used_or_malformed_code_is_a_danish_form_error(kode, navn, fejl):
    client = logged_in("superuser")
    add = reverse("admin:kommuner_kommune_add")
    data = form_data(client.get(add)) | {"navn": navn, "kommunekode": kode, "slug": ""}
    response = client.post(add, data)
    assert response.status_code == 200
    assert fejl in response.content.decode()
    assert Kommune.objects.count() == 98


@pytest.mark.django_db
def test_a_municipality_is_added_by_hand_with_an_unused_code():
    client = logged_in("superuser")
    add = reverse("admin:kommuner_kommune_add")
    data = form_data(client.get(add)) | {"navn": "Nørre Nyby", "kommunekode": "901", "slug": ""}
    assert client.post(add, data).status_code == 302
    assert Kommune.objects.get(kommunekode=901).slug == "noerre-nyby"
    # The secretariat may not: municipalities are kept by an administrator.
    sekretariat = logged_in("Sekretariat")
    data |= {"navn": "Søndre Nyby", "kommunekode": "902"}
    assert sekretariat.post(add, data).status_code == 403
    assert not Kommune.objects.filter(kommunekode=902).exists()


@pytest.mark.django_db
def test_a_housing_area_outside_the_plans_municipalities_cannot_be_designated(draft2021):
    from kommuner.models import Boligomraade

    afsnit = Afsnit.objects.get(plan=draft2021, nummer="4.5")
    kolhaven = Boligomraade.objects.create(
        navn="Kolhaven", kommune=Kommune.objects.get(slug="aabenraa")
    )
    client = logged_in("Sekretariat")
    data = form_data(client.get(change_url(afsnit)))
    data["boligomraader"] = [*data["boligomraader"], str(kolhaven.pk)]
    response = client.post(change_url(afsnit), data)
    # The picker offers only the plan's municipalities' areas: a forged choice
    # is refused on the field, and nothing is saved.
    assert response.status_code == 200
    assert "boligomraader" in response.context["adminform"].form.errors
    assert not afsnit.boligomraader.filter(pk=kolhaven.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["admin:indsatser_indsats_changelist", "admin:indsatser_maal_changelist"]
)
def test_admin_lists_filter_by_the_municipalities_in_use_not_all_98(plan2020, url):
    response = logged_in("Sekretariat").get(reverse(url))
    spec = next(s for s in response.context["cl"].filter_specs if s.title == "kommuner")
    assert len(spec.lookup_choices) <= 6

"""The admin is usable from day one: every model has a working list, search and form."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from indsatser.models import Indsats
from kommuner.models import Kommune
from samarbejdsplan.models import Afsnit


@pytest.fixture
def superuser_client(client, plan2020):
    client.force_login(User.objects.create_superuser("sekretariat", "s@example.dk", "x"))
    return client


APPS = {"kommuner", "indsatser", "samarbejdsplan"}


def admin_urls():
    names = [f"{model._meta.app_label}_{model._meta.model_name}" for model in admin.site._registry]
    return [pytest.param(name, id=name) for name in names]


def test_every_model_of_the_portal_is_in_the_admin():
    ours = [
        m
        for m in apps.get_models()
        if m._meta.app_label in APPS and not m._meta.model_name.startswith("historical")
    ]
    assert len(ours) >= 13
    assert [m.__name__ for m in ours if m not in admin.site._registry] == []


@pytest.mark.django_db
@pytest.mark.parametrize("name", admin_urls())
def test_every_model_has_a_working_list_search_and_form(superuser_client, name):
    changelist = reverse(f"admin:{name}_changelist")
    assert superuser_client.get(changelist).status_code == 200
    assert superuser_client.get(changelist, {"q": "tryghed"}).status_code == 200
    # Snapshots of exports are made by publishing, a meeting's status report by
    # `statusrapport --moede`, and django-axes' login records by logging in:
    # none is added by hand.
    made_elsewhere = {"samarbejdsplan_eksport", "opfoelgning_statusrapport"}
    expected = 403 if name in made_elsewhere or name.startswith("axes_") else 200
    assert superuser_client.get(reverse(f"admin:{name}_add")).status_code == expected


@pytest.mark.django_db
def test_a_section_can_be_opened_for_editing(superuser_client, plan2020):
    afsnit = Afsnit.objects.get(plan=plan2020, nummer="4.5")
    response = superuser_client.get(reverse("admin:samarbejdsplan_afsnit_change", args=[afsnit.pk]))
    assert response.status_code == 200
    assert "Sundparken" in response.content.decode()


@pytest.mark.django_db
def test_the_kind_pages_list_only_their_kind(superuser_client):
    response = superuser_client.get(
        reverse("admin:samarbejdsplan_nationaltfokusomraade_changelist")
    )
    numbers = [a.nummer for a in response.context["cl"].result_list]
    assert sorted(numbers) == ["3.1", *[f"3.1.{i}" for i in range(1, 9)]]


@pytest.mark.django_db
def test_admin_needs_a_login(client):
    response = client.get(reverse("admin:samarbejdsplan_samarbejdsplan_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def indsats_form(afsnit, **fields):
    data = {
        "afsnit": afsnit.pk,
        "titel": "Ny indsats",
        "slug": "",
        "tekst": "",
        "prioritet": "",
        "raekkefoelge": 1,
        "alle_kommuner": "on",
        "deltagelser-TOTAL_FORMS": 0,
        "deltagelser-INITIAL_FORMS": 0,
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.django_db
def test_an_initiative_must_concern_all_or_chosen_municipalities(superuser_client, draft2021):
    afsnit = Afsnit.objects.get(plan=draft2021, nummer="4.4")
    before = Indsats.objects.count()
    url = reverse("admin:indsatser_indsats_add")

    neither = superuser_client.post(url, indsats_form(afsnit, alle_kommuner=None))
    assert neither.status_code == 200
    assert "Vælg mindst én kommune" in neither.content.decode()

    # "Alle kommuner" is ticked from the start: left so beside a chosen
    # municipality, the chosen one is meant (test_admin_friction.py has the
    # case where both are ticked on purpose, an error).
    horsens = Kommune.objects.get(slug="horsens")
    both = superuser_client.post(url, indsats_form(afsnit, kommuner=[horsens.pk]))
    assert both.status_code == 302
    assert Indsats.objects.count() == before + 1
    ny = Indsats.objects.get(titel="Ny indsats")
    assert not ny.alle_kommuner
    assert list(ny.kommuner.all()) == [horsens]


@pytest.mark.django_db
def test_a_duplicate_initiative_slug_is_a_form_error_not_a_crash(superuser_client, draft2021):
    afsnit = Afsnit.objects.get(plan=draft2021, nummer="4.4")
    url = reverse("admin:indsatser_indsats_add")
    response = superuser_client.post(url, indsats_form(afsnit, slug="socialsoeg"))
    assert response.status_code == 200
    assert "Planen har allerede en indsats med den slug" in response.content.decode()
    assert Indsats.objects.filter(plan=draft2021, slug="socialsoeg").count() == 1


@pytest.mark.django_db
def test_initiatives_with_the_same_title_get_different_slugs(plan2020):
    afsnit = Afsnit.objects.get(plan=plan2020, nummer="4.4")
    first = Indsats.objects.create(afsnit=afsnit, titel="Socialsøg")
    second = Indsats.objects.create(afsnit=afsnit, titel="Socialsøg")
    assert [first.slug, second.slug] == ["socialsoeg-2", "socialsoeg-3"]


@pytest.mark.django_db
def test_a_duplicate_section_number_is_a_form_error_not_a_crash(superuser_client, draft2021):
    before = Afsnit.objects.count()
    response = superuser_client.post(
        reverse("admin:samarbejdsplan_afsnit_add"),
        {
            "plan": draft2021.pk,
            "nummer": "3.1.4",
            "titel": "Dublet",
            "tekst": "",
            "art": "generel",
            "raekkefoelge": 1,
            "maal-TOTAL_FORMS": 0,
            "maal-INITIAL_FORMS": 0,
            "indsatser-TOTAL_FORMS": 0,
            "indsatser-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert "Planen har allerede et afsnit med det nummer." in response.content.decode()
    assert Afsnit.objects.count() == before

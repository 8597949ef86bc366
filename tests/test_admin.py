"""The admin is usable from day one: every model has a working list, search and form."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.urls import reverse

from samarbejdsplan.models import Afsnit


@pytest.fixture
def superuser_client(client, plan2020):
    client.force_login(User.objects.create_superuser("sekretariat", "s@example.dk", "x"))
    return client


def admin_urls():
    names = [f"{model._meta.app_label}_{model._meta.model_name}" for model in admin.site._registry]
    return [pytest.param(name, id=name) for name in names]


@pytest.mark.django_db
@pytest.mark.parametrize("name", admin_urls())
def test_every_model_has_a_working_list_search_and_form(superuser_client, name):
    changelist = reverse(f"admin:{name}_changelist")
    assert superuser_client.get(changelist).status_code == 200
    assert superuser_client.get(changelist, {"q": "tryghed"}).status_code == 200
    assert superuser_client.get(reverse(f"admin:{name}_add")).status_code == 200


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

"""Every change is recorded (who, when, what) and can be undone; two editors
cannot silently overwrite each other; bad input is a Danish form error."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from indsatser.models import Indsats
from samarbejdsplan.models import Afsnit, Samarbejdsplan


def editor(name):
    user = User.objects.create_user(name, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Sekretariat"))
    return user


def change_url(indsats):
    return reverse("admin:indsatser_indsats_change", args=[indsats.pk])


def form_data(response):
    """The change form as the browser would post it back, formsets included."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = [str(v) for v in value] if isinstance(value, list) else value
    for formset in response.context.get("inline_admin_formsets", []):
        management = formset.formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        for inline_form in formset.formset.forms:
            for name in inline_form.fields:
                value = inline_form[name].value()
                if value not in (None, False):
                    data[inline_form.add_prefix(name)] = value.pk if hasattr(value, "pk") else value
    return data


@pytest.fixture
def indsats(draft2021):
    return Indsats.objects.get(plan=draft2021, slug="bo-trygt")


@pytest.mark.django_db
def test_an_edit_is_recorded_with_who_when_and_what(client, indsats):
    anne = editor("anne")
    client.force_login(anne)
    data = form_data(client.get(change_url(indsats)))
    data["tekst"] = "Ny tekst om Bo Trygt."
    assert client.post(change_url(indsats), data).status_code == 302

    record = indsats.history.first()
    assert record.history_user == anne
    changed = set(record.diff_against(record.prev_record).changed_fields)
    assert changed - {"version"} == {"tekst"}

    history = client.get(reverse("admin:indsatser_indsats_history", args=[indsats.pk]))
    page = history.content.decode()
    assert history.status_code == 200
    assert "Ændret af" in page and "anne" in page
    assert "Ny tekst om Bo Trygt." in page  # the change, old → new


# Transactional, as in production: no test transaction around the request, so
# the restore must bring its own (it locks the row it restores).
@pytest.mark.django_db(transaction=True)
def test_an_earlier_version_can_be_restored(client, indsats):
    original = indsats.tekst
    client.force_login(editor("anne"))
    data = form_data(client.get(change_url(indsats)))
    data["tekst"] = "En fejl."
    client.post(change_url(indsats), data)
    assert Indsats.objects.get(pk=indsats.pk).tekst == "En fejl."

    first = indsats.history.last()
    url = reverse("admin:indsatser_indsats_simple_history", args=[indsats.pk, first.history_id])
    restore_page = client.get(url)
    assert "Gendan denne udgave" in restore_page.content.decode()
    response = client.post(url, form_data(restore_page))
    assert response.status_code == 302
    assert Indsats.objects.get(pk=indsats.pk).tekst == original
    assert indsats.history.count() == 3  # the restore is itself a version


@pytest.mark.django_db(transaction=True)
def test_the_second_editor_gets_a_conflict_not_a_silent_overwrite(client, indsats):
    from django.test import Client

    anne, bo = Client(), Client()
    anne.force_login(editor("anne"))
    bo.force_login(editor("bo"))
    annes_form = form_data(anne.get(change_url(indsats)))
    bos_form = form_data(bo.get(change_url(indsats)))

    annes_form["tekst"] = "Annes tekst."
    assert anne.post(change_url(indsats), annes_form).status_code == 302

    bos_form["tekst"] = "Bos tekst."
    conflict = bo.post(change_url(indsats), bos_form)
    page = conflict.content.decode()
    assert conflict.status_code == 200
    assert "er blevet ændret af anne" in page
    assert "Ændrede felter: tekst." in page
    assert "Bos tekst." in page  # Bo's input is still on the form
    assert Indsats.objects.get(pk=indsats.pk).tekst == "Annes tekst."

    # Having seen the message, Bo saves again on purpose.
    again = form_data(conflict)
    assert bo.post(change_url(indsats), again).status_code == 302
    assert Indsats.objects.get(pk=indsats.pk).tekst == "Bos tekst."


@pytest.mark.django_db
@pytest.mark.parametrize("aar", ["1999", "2101", "x"])
def test_a_year_outside_2000_2100_is_a_danish_form_error(client, plan2020, aar):
    client.force_login(editor("anne"))
    before = Samarbejdsplan.objects.count()
    response = client.post(
        reverse("admin:samarbejdsplan_samarbejdsplan_add"),
        {
            "aar": aar,
            "titel": "Samarbejdsplan",
            "raad": "Kredsrådet",
            "politikreds": "X",
            "kommuner": [plan2020.kommuner.first().pk],
            "underskrivere-TOTAL_FORMS": 0,
            "underskrivere-INITIAL_FORMS": 0,
            "afsnit-TOTAL_FORMS": 0,
            "afsnit-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors["aar"])
    assert any(word in errors for word in ["2000", "2100", "heltal"]), errors
    assert Samarbejdsplan.objects.count() == before


@pytest.mark.django_db
def test_an_empty_title_is_a_danish_form_error(client, indsats):
    client.force_login(editor("anne"))
    data = form_data(client.get(change_url(indsats)))
    data["titel"] = ""
    response = client.post(change_url(indsats), data)
    assert response.status_code == 200
    assert "Dette felt er påkrævet." in response.content.decode()
    assert Indsats.objects.get(pk=indsats.pk).titel == "Bo Trygt"


@pytest.mark.django_db
def test_a_duplicate_number_in_one_plan_is_a_danish_form_error(client, draft2021):
    client.force_login(editor("anne"))
    afsnit = Afsnit.objects.get(plan=draft2021, nummer="4.4")
    url = reverse("admin:samarbejdsplan_afsnit_change", args=[afsnit.pk])
    data = form_data(client.get(url))
    data["nummer"] = "4.3"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Planen har allerede et afsnit med det nummer." in response.content.decode()
    assert Afsnit.objects.get(pk=afsnit.pk).nummer == "4.4"

"""Every write path obeys the roles and the lock; no edit is lost; a published
plan does not move (issue 11). Each test reproduces a hole found by trying the
admin as a council member, an editor and an attacker would."""

import pytest
from django.test import Client
from django.urls import reverse

from indsatser.models import Aktoer, Deltagelse, Indsats, Rolle
from kommuner.models import Boligomraade, Kommune
from samarbejdsplan.models import Afsnit, Samarbejdsplan, Status
from tests.admin_client import form_data, user_in_role


def logged_in(role, name=None):
    client = Client()
    client.force_login(user_in_role(role, name))
    return client


def history_form_url(obj, record):
    opts = obj._meta
    return reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history",
        args=[obj.pk, record.history_id],
    )


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


def restore_post(client, obj, record, **changes):
    """Post the history form of `record` as a superuser sees it, with `changes`."""
    boss = logged_in("superuser", "chef")
    data = form_data(boss.get(history_form_url(obj, record)))
    data.update(changes)
    return client.post(history_form_url(obj, record), data)


# --- 1. The history form writes only for those who may change, and never past the lock ---


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Kredsråd", "Sekretariat"])
def test_the_history_form_cannot_retitle_a_locked_plan(plan2020, role):
    record = plan2020.history.first()
    response = restore_post(logged_in(role), plan2020, record, titel="Hacket")
    assert response.status_code == 403
    assert Samarbejdsplan.objects.get(pk=plan2020.pk).titel == "Samarbejdsplan"
    assert "Hacket" not in Client().get("/").content.decode()


@pytest.mark.django_db
def test_a_council_member_cannot_restore_even_an_unlocked_draft(draft2021):
    record = draft2021.history.first()
    response = restore_post(logged_in("Kredsråd"), draft2021, record, titel="Hacket")
    assert response.status_code == 403
    assert Samarbejdsplan.objects.get(pk=draft2021.pk).titel == "Samarbejdsplan"


@pytest.mark.django_db
def test_the_history_form_cannot_move_an_initiative_out_of_a_published_plan(plan2020, draft2021):
    indsats = Indsats.objects.get(plan=plan2020, slug="bo-trygt")
    elsewhere = Afsnit.objects.get(plan=draft2021, nummer="4.4")
    response = restore_post(
        logged_in("Sekretariat"),
        indsats,
        indsats.history.first(),
        afsnit=elsewhere.pk,
        slug="flyttet",
    )
    assert response.status_code == 403
    indsats.refresh_from_db()
    assert (indsats.plan_id, indsats.slug) == (plan2020.pk, "bo-trygt")
    assert Client().get("/2020/indsatser/bo-trygt/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_a_restore_never_changes_the_publication_state(plan2020, draft2021):
    """An old version of a reopened plan is a draft; restoring it keeps the plan public."""
    sekretaer = user_in_role("Sekretariat", "sekretaer")
    draft2021.offentliggoer(sekretaer)
    draft2021.genaabn(sekretaer)
    published = Samarbejdsplan.objects.get(pk=draft2021.pk)
    as_draft = draft2021.history.filter(status=Status.KLADDE).first()
    client = Client()
    client.force_login(sekretaer)

    response = restore_post(client, draft2021, as_draft, raad="Kredsrådet i Sydøstjylland")

    assert response.status_code == 302
    restored = Samarbejdsplan.objects.get(pk=draft2021.pk)
    assert restored.raad == "Kredsrådet i Sydøstjylland"  # the restore itself worked
    assert restored.status == Status.GENAABNET
    assert restored.offentliggjort == published.offentliggjort
    assert restored.offentliggjort_af == published.offentliggjort_af
    assert restored.rettet == published.rettet
    assert Client().get("/2021/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["Kredsråd", "Sekretariat"])
def test_the_history_form_cannot_rename_a_municipality_one_may_only_view(plan2020, role):
    horsens = Kommune.objects.get(slug="horsens")
    response = restore_post(logged_in(role), horsens, horsens.history.first(), navn="Hacket")
    assert response.status_code == 403
    assert Kommune.objects.get(pk=horsens.pk).navn == "Horsens"


@pytest.mark.django_db
def test_the_history_form_cannot_rename_an_actor_for_a_council_member(plan2020):
    aktoer = Aktoer.objects.create(navn="Ny aktør")
    response = restore_post(logged_in("Kredsråd"), aktoer, aktoer.history.first(), navn="Hacket")
    assert response.status_code == 403
    assert Aktoer.objects.get(pk=aktoer.pk).navn == "Ny aktør"


@pytest.mark.django_db
def test_the_history_pages_stay_readable_and_read_only_for_readers(plan2020):
    client = logged_in("Kredsråd")
    record = plan2020.history.last()
    page = client.get(history_form_url(plan2020, record))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Gendan denne udgave" not in html
    assert 'name="titel"' not in html  # shown, not offered as an input
    assert "Samarbejdsplan" in html
    history = reverse("admin:samarbejdsplan_samarbejdsplan_history", args=[plan2020.pk])
    assert client.get(history).status_code == 200


@pytest.mark.django_db
def test_a_history_address_with_a_bad_version_is_404_not_500(plan2020):
    client = logged_in("superuser")
    indsats = Indsats.objects.filter(plan=plan2020).first()
    base = reverse("admin:indsatser_indsats_history", args=[indsats.pk])
    assert client.get(base + "abc/").status_code == 404
    assert client.get(base + "999999999/").status_code == 404
    other = Indsats.objects.filter(plan=plan2020).last().history.first()
    assert client.get(base + f"{other.history_id}/").status_code == 404


# --- 2. No lost update through inlines, and no save without a version ---


@pytest.mark.django_db(transaction=True)
def test_saving_the_plan_page_keeps_a_section_title_saved_meanwhile(draft2021):
    anne, bo = logged_in("Sekretariat", "anne"), logged_in("Sekretariat", "bo")
    plan_page = form_data(bo.get(change_url(draft2021)))  # Bo opens the plan
    afsnit = Afsnit.objects.get(plan=draft2021, nummer="4.4")
    section_page = form_data(anne.get(change_url(afsnit)))
    section_page["titel"] = "Vold i nattelivet"
    assert anne.post(change_url(afsnit), section_page).status_code == 302  # Anne saves

    plan_page["raad"] = "Kredsrådet i Sydøstjylland"
    response = bo.post(change_url(draft2021), plan_page)  # Bo changed only the council

    assert response.status_code == 302
    assert Afsnit.objects.get(pk=afsnit.pk).titel == "Vold i nattelivet"
    assert Samarbejdsplan.objects.get(pk=draft2021.pk).raad == "Kredsrådet i Sydøstjylland"


@pytest.mark.django_db(transaction=True)
def test_a_stale_section_row_that_was_edited_is_a_conflict_not_an_overwrite(draft2021):
    anne, bo = logged_in("Sekretariat", "anne"), logged_in("Sekretariat", "bo")
    plan_page = bo.get(change_url(draft2021))
    plan_data = form_data(plan_page)
    afsnit = Afsnit.objects.get(plan=draft2021, nummer="4.4")
    section_page = form_data(anne.get(change_url(afsnit)))
    section_page["titel"] = "Annes titel"
    anne.post(change_url(afsnit), section_page)

    row = next(
        key[: -len("-id")]
        for key, value in plan_data.items()
        if key.startswith("afsnit-") and key.endswith("-id") and str(value) == str(afsnit.pk)
    )
    plan_data[f"{row}-titel"] = "Bos titel"
    response = bo.post(change_url(draft2021), plan_data)

    assert response.status_code == 200
    assert "er blevet ændret af anne" in response.content.decode()
    assert Afsnit.objects.get(pk=afsnit.pk).titel == "Annes titel"


@pytest.mark.django_db(transaction=True)
def test_saving_an_initiative_keeps_an_actors_role_changed_meanwhile(draft2021):
    indsats = Indsats.objects.filter(plan=draft2021, deltagelser__isnull=False).first()
    deltagelse = indsats.deltagelser.first()
    anne, bo = logged_in("Sekretariat", "anne"), logged_in("Sekretariat", "bo")
    bos_page = form_data(bo.get(change_url(indsats)))
    annes_page = form_data(anne.get(change_url(deltagelse)))
    other = Rolle.INVOLVERET if deltagelse.rolle == Rolle.ANSVARLIG else Rolle.ANSVARLIG
    annes_page["rolle"] = other
    assert anne.post(change_url(deltagelse), annes_page).status_code == 302

    bos_page["tekst"] = "Bos nye tekst."
    assert bo.post(change_url(indsats), bos_page).status_code == 302
    assert Deltagelse.objects.get(pk=deltagelse.pk).rolle == other
    assert Indsats.objects.get(pk=indsats.pk).tekst == "Bos nye tekst."


@pytest.mark.django_db
def test_a_post_without_the_version_is_refused_not_an_overwrite(draft2021):
    client = logged_in("Sekretariat")
    indsats = Indsats.objects.filter(plan=draft2021).first()
    data = form_data(client.get(change_url(indsats)))
    del data["kendt_version"]
    data["tekst"] = "Uden version."
    response = client.post(change_url(indsats), data)
    assert response.status_code == 200
    assert "Genindlæs siden" in response.content.decode()
    assert Indsats.objects.get(pk=indsats.pk).tekst != "Uden version."


@pytest.mark.django_db
def test_an_inline_row_without_the_version_is_refused(draft2021):
    client = logged_in("Sekretariat")
    data = form_data(client.get(change_url(draft2021)))
    version_key = next(k for k in data if k.startswith("afsnit-") and k.endswith("kendt_version"))
    row = version_key[: -len("-kendt_version")]
    del data[version_key]
    data[f"{row}-titel"] = "Uden version"
    response = client.post(change_url(draft2021), data)
    assert response.status_code == 200
    assert "Genindlæs siden" in response.content.decode()
    assert not Afsnit.objects.filter(titel="Uden version").exists()


# --- 3. Shared objects do not change a locked plan ---


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("model", "lookup", "field"),
    [
        (Boligomraade, {"slug": "skovparken"}, "navn"),
        (Aktoer, {"slug": "dks"}, "navn"),
    ],
)
def test_renaming_what_a_published_plan_shows_is_refused_with_the_plan_named(
    plan2020, model, lookup, field
):
    obj = model.objects.get(**lookup)
    before = getattr(obj, field)
    client = logged_in("Sekretariat")
    page = client.get(change_url(obj))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Samarbejdsplan 2020" in html and "låst" in html
    data = form_data(logged_in("superuser", "chef").get(change_url(obj)))
    data[field] = "Omdøbt"
    assert client.post(change_url(obj), data).status_code == 403
    assert getattr(model.objects.get(pk=obj.pk), field) == before


@pytest.mark.django_db
def test_a_superuser_cannot_rename_a_municipality_of_a_published_plan(plan2020):
    horsens = Kommune.objects.get(slug="horsens")
    client = logged_in("superuser")
    data = form_data(client.get(change_url(horsens)))
    data["navn"] = "Omdøbt"
    assert client.post(change_url(horsens), data).status_code == 403
    assert Kommune.objects.get(pk=horsens.pk).navn == "Horsens"


@pytest.mark.django_db
def test_what_no_published_plan_shows_stays_editable(plan2020):
    aktoer = Aktoer.objects.create(navn="Ny aktør")
    client = logged_in("Sekretariat")
    data = form_data(client.get(change_url(aktoer)))
    data["navn"] = "Omdøbt aktør"
    assert client.post(change_url(aktoer), data).status_code == 302
    assert Aktoer.objects.get(pk=aktoer.pk).navn == "Omdøbt aktør"


@pytest.mark.django_db
def test_after_reopening_the_plan_a_shared_name_can_be_corrected(plan2020):
    client = logged_in("Sekretariat", "sekretaer")
    plan2020.genaabn(user_in_role("Sekretariat", "chef"))
    omraade = Boligomraade.objects.get(slug="skovparken")
    data = form_data(client.get(change_url(omraade)))
    data["navn"] = "Skovparken-Skovvejen"
    assert client.post(change_url(omraade), data).status_code == 302
    assert "Skovparken-Skovvejen" in Client().get("/2020/boligomraader/").content.decode()


# --- Versions everywhere, derived from the admin's registry ---


def admin_forms():
    """(name, form class) of every registered admin and inline over a versioned model."""
    from django.contrib import admin

    from common.versioning import Versioneret

    found = []
    for model, model_admin in admin.site._registry.items():
        if issubclass(model, Versioneret):
            found.append((model.__name__, model_admin.form, model_admin))
        for inline in model_admin.inlines:
            if issubclass(inline.model, Versioneret):
                found.append((f"{model.__name__}/{inline.model.__name__}", inline.form, inline))
    return found


def test_every_form_and_inline_of_versioned_content_checks_the_version():
    from common.admin_base import ContentForm

    found = admin_forms()
    assert len(found) >= 15
    missing = [name for name, form, _ in found if not issubclass(form, ContentForm)]
    assert missing == []


@pytest.mark.django_db
def test_every_admin_form_and_inline_row_carries_the_version(draft2021):
    """Opened by the superuser, each form and each inline row holds `kendt_version`."""
    from django.contrib import admin

    client = logged_in("superuser")
    laesoe = Kommune.objects.get(kommunekode=825)  # Læsø, from migrate, in no plan
    Boligomraade.objects.create(navn="Nyt område", kommune=laesoe)
    checked = 0
    for model in admin.site._registry:
        if model._meta.app_label not in {"samarbejdsplan", "indsatser", "kommuner"}:
            continue
        obj = model._default_manager.order_by("-pk").first()
        if obj is None or not hasattr(obj, "version"):
            continue
        page = client.get(change_url(obj))
        assert page.status_code == 200
        data = form_data(page)
        assert "kendt_version" in data, model.__name__
        for formset in page.context["inline_admin_formsets"]:
            for form in formset.formset.initial_forms:
                assert form.add_prefix("kendt_version") in data, form.prefix
                checked += 1
    assert checked > 10


# --- Found by trying it as two editors and an attacker would (after the first fixes) ---


def row_prefix(data, formset, pk):
    return next(
        key[: -len("-id")]
        for key, value in data.items()
        if key.startswith(f"{formset}-") and key.endswith("-id") and str(value) == str(pk)
    )


@pytest.mark.django_db(transaction=True)
def test_deleting_a_stale_inline_row_is_a_conflict(draft2021):
    anne, bo = logged_in("Sekretariat", "anne"), logged_in("Sekretariat", "bo")
    plan_page = form_data(bo.get(change_url(draft2021)))
    afsnit = Afsnit.objects.get(plan=draft2021, nummer="4.4")
    section_page = form_data(anne.get(change_url(afsnit)))
    section_page["titel"] = "Annes titel"
    anne.post(change_url(afsnit), section_page)

    plan_page[f"{row_prefix(plan_page, 'afsnit', afsnit.pk)}-DELETE"] = "on"
    response = bo.post(change_url(draft2021), plan_page)

    assert response.status_code == 200
    assert "er blevet ændret af anne" in response.content.decode()
    assert Afsnit.objects.get(pk=afsnit.pk).titel == "Annes titel"


@pytest.mark.django_db
def test_an_inline_row_duplicating_one_added_meanwhile_is_a_form_error(draft2021):
    indsats = Indsats.objects.filter(plan=draft2021).first()
    aktoer = Aktoer.objects.exclude(deltagelser__indsats=indsats).first()
    client = logged_in("Sekretariat")
    data = form_data(client.get(change_url(indsats)))
    before = indsats.deltagelser.count()
    Deltagelse.objects.create(indsats=indsats, aktoer=aktoer)  # another editor, meanwhile
    row = int(data["deltagelser-TOTAL_FORMS"])
    data.update(
        {
            "deltagelser-TOTAL_FORMS": str(row + 1),
            f"deltagelser-{row}-aktoer": aktoer.pk,
            f"deltagelser-{row}-rolle": "ansvarlig",
        }
    )
    response = client.post(change_url(indsats), data)
    assert response.status_code == 200
    assert "Aktøren er allerede knyttet til indsatsen." in response.content.decode()
    assert indsats.deltagelser.count() == before + 1


@pytest.mark.django_db
def test_a_section_number_added_meanwhile_is_a_form_error(draft2021):
    client = logged_in("Sekretariat")
    data = form_data(client.get(change_url(draft2021)))
    Afsnit.objects.create(plan=draft2021, nummer="8", titel="Andens afsnit", raekkefoelge=99)
    total = int(data["afsnit-TOTAL_FORMS"])
    data.update(
        {
            "afsnit-TOTAL_FORMS": str(total + 1),
            f"afsnit-{total}-nummer": "8",
            f"afsnit-{total}-titel": "Mit afsnit",
            f"afsnit-{total}-art": "generel",
            f"afsnit-{total}-raekkefoelge": "100",
        }
    )
    response = client.post(change_url(draft2021), data)
    assert response.status_code == 200
    assert "Planen har allerede et afsnit med det nummer." in response.content.decode()
    assert not Afsnit.objects.filter(titel="Mit afsnit").exists()


@pytest.mark.django_db
def test_an_inline_row_deleted_meanwhile_is_explained(draft2021):
    indsats = Indsats.objects.filter(plan=draft2021, deltagelser__isnull=False).first()
    client = logged_in("Sekretariat")
    data = form_data(client.get(change_url(indsats)))
    indsats.deltagelser.first().delete()  # another editor, meanwhile
    data["tekst"] = "Min nye tekst."
    response = client.post(change_url(indsats), data)
    assert response.status_code == 200
    assert "slettet af en anden" in response.content.decode()


@pytest.mark.django_db
def test_a_section_with_subsections_cannot_be_deleted_alone(draft2021):
    client = logged_in("Sekretariat")
    kapitel = Afsnit.objects.get(plan=draft2021, nummer="3")
    page = client.get(reverse("admin:samarbejdsplan_afsnit_delete", args=[kapitel.pk]))
    assert "3.1" in page.content.decode()
    client.post(reverse("admin:samarbejdsplan_afsnit_delete", args=[kapitel.pk]), {"post": "yes"})
    assert Afsnit.objects.filter(pk=kapitel.pk).exists()

    data = form_data(client.get(change_url(draft2021)))
    data[f"{row_prefix(data, 'afsnit', kapitel.pk)}-DELETE"] = "on"
    response = client.post(change_url(draft2021), data)
    assert response.status_code == 200
    assert "underafsnit" in response.content.decode()
    assert Afsnit.objects.filter(pk=kapitel.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_a_restore_brings_back_the_municipalities_of_that_version(draft2021):
    indsats = Indsats.objects.filter(plan=draft2021, alle_kommuner=True).first()
    client = logged_in("Sekretariat")
    data = form_data(client.get(change_url(indsats)))
    data["alle_kommuner"] = ""
    data["kommuner"] = [str(Kommune.objects.get(slug="vejle").pk)]
    assert (
        client.post(change_url(indsats), {k: v for k, v in data.items() if v != ""}).status_code
        == 302
    )
    data = form_data(client.get(change_url(indsats)))
    data["kommuner"] = [str(Kommune.objects.get(slug="kolding").pk)]
    assert client.post(change_url(indsats), data).status_code == 302

    # The newest record of the Vejle version (a save with municipalities
    # records the object, then each change of the links).
    vejle_version = indsats.history.filter(version=2).first()
    response = restore_post(client, indsats, vejle_version)
    assert response.status_code == 302, response.context["errors"]
    assert [k.slug for k in Indsats.objects.get(pk=indsats.pk).kommuner.all()] == ["vejle"]


@pytest.mark.django_db
def test_a_refused_write_is_a_danish_page(plan2020):
    client = logged_in("Sekretariat")
    indsats = Indsats.objects.filter(plan=plan2020).first()
    response = client.post(change_url(indsats), {"titel": "x"})
    assert response.status_code == 403
    html = response.content.decode()
    assert 'lang="da"' in html and "Forbidden" not in html
    assert "låst" in html


@pytest.mark.django_db
def test_the_section_autocomplete_offers_only_open_plans(plan2020, draft2021):
    client = logged_in("Sekretariat")
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "indsatser", "model_name": "indsats", "field_name": "afsnit", "term": "2.2"},
    )
    ids = {int(r["id"]) for r in response.json()["results"]}
    assert ids == {Afsnit.objects.get(plan=draft2021, nummer="2.2").pk}


@pytest.mark.django_db
def test_a_garbled_version_is_the_reload_message(draft2021):
    client = logged_in("Sekretariat")
    indsats = Indsats.objects.filter(plan=draft2021).first()
    data = form_data(client.get(change_url(indsats)))
    data["kendt_version"] = "abc"
    response = client.post(change_url(indsats), data)
    assert response.status_code == 200
    assert "Genindlæs siden" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_saves_of_the_same_row_at_once_refuse_the_second_whole(draft2021, monkeypatch):
    """Between the form's check and the save another editor adds the same actor."""
    indsats = Indsats.objects.filter(plan=draft2021).first()
    aktoer = Aktoer.objects.exclude(deltagelser__indsats=indsats).first()
    client = logged_in("Sekretariat")
    data = form_data(client.get(change_url(indsats)))
    row = int(data["deltagelser-TOTAL_FORMS"])
    data.update(
        {
            "deltagelser-TOTAL_FORMS": str(row + 1),
            f"deltagelser-{row}-aktoer": aktoer.pk,
            f"deltagelser-{row}-rolle": "ansvarlig",
            "tekst": "Min tekst.",
        }
    )
    original_save = Deltagelse.save

    def save_after_another_editor(self, *args, **kwargs):
        if self.pk is None:
            Deltagelse.objects.bulk_create([Deltagelse(indsats_id=self.indsats_id, aktoer=aktoer)])
        return original_save(self, *args, **kwargs)

    monkeypatch.setattr(Deltagelse, "save", save_after_another_editor)
    response = client.post(change_url(indsats), data, follow=True)
    assert response.status_code == 200
    assert "en anden gemte det samme samtidig" in response.content.decode()
    assert Indsats.objects.get(pk=indsats.pk).tekst != "Min tekst."  # nothing of it was saved

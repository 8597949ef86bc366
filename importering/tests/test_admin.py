"""The admin page "Importér plan fra Word/tekst": roles, preview, confirmation.

Every step is posted as each role, including the confirmation a Kredsråd
member could craft by hand; the preview's state is the signed source, read
and checked again at the confirmation.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from importering.forms import sign
from importering.parsing import read
from importering.saving import fingerprint
from samarbejdsplan.models import Afsnit, Samarbejdsplan, Status, Underskriver
from tests.admin_client import ROLES, user_in_role
from tests.factories import scaled_copy

from .word import document_of, plan_document

URL = "/admin/samarbejdsplan/samarbejdsplan/importer/"
MAY = {"Sekretariat", "superuser"}


def client_as(role):
    client = Client()
    user = user_in_role(role)
    if user is not None:
        client.force_login(user)
    return client


def upload(client, aar, content, name="plan.docx"):
    return client.post(URL, {"aar": aar, "fil": SimpleUploadedFile(name, content)})


def confirm_data(response, **changes):
    """The preview's form as the browser posts it back (the kinds as shown)."""
    page = response.content.decode()
    data = {"kilde": response.context["kilde"]}
    for row in response.context["raekker"]:
        if row["aendring"].handling == "ny":
            data[row["felt"]] = row["valgt"]
    assert 'name="kilde"' in page
    data.update(changes)
    return data


def content_rows():
    return (
        Samarbejdsplan.objects.count(),
        Afsnit.objects.count(),
        Underskriver.objects.count(),
        sorted(Afsnit.objects.values_list("pk", "version")),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_only_the_secretariat_may_open_upload_and_confirm(role):
    client = client_as(role)
    before = content_rows()
    get = client.get(URL)
    preview = upload(client, 2031, plan_document())
    # A confirmation crafted by hand, with a source signed as the page would sign it.
    crafted = client.post(
        URL, {"kilde": sign(2031, "plan.docx", read(plan_document(), "plan.docx"), "ingen")}
    )
    if role == "anonym":
        assert get.status_code == preview.status_code == crafted.status_code == 302
        assert "/login/" in get["Location"]
    elif role not in MAY:
        assert get.status_code == preview.status_code == crafted.status_code == 403
    else:
        assert get.status_code == preview.status_code == 200
        assert crafted.status_code == 302
    if role in MAY:
        assert Samarbejdsplan.objects.filter(aar=2031).exists()
    else:
        assert content_rows() == before


@pytest.mark.django_db
def test_the_secretariat_imports_the_2020_document_through_the_preview():
    client = client_as("Sekretariat")
    form = client.get(URL)
    assert form.status_code == 200
    response = upload(client, 2031, plan_document(), "samarbejdsplan-2020.docx")
    page = response.content.decode()
    assert "Forhåndsvisning af import" in page
    assert "20 afsnit (20 nye, 0 ændres, 0 uændrede)" in page
    assert "Forsiden (11 linjer) og indholdsfortegnelsen (20 punkter) springes over." in page
    assert "Frands Fischer" in page
    assert "Indbrud i privat beboelse" in page
    assert not Samarbejdsplan.objects.filter(aar=2031).exists()  # nothing saved yet

    # The editor changes one proposed kind before saving.
    data = confirm_data(response, **{"art-4.4": "generel"})
    done = client.post(URL, data)
    plan = Samarbejdsplan.objects.get(aar=2031)
    assert done.status_code == 302
    assert done["Location"] == reverse("admin:samarbejdsplan_samarbejdsplan_change", args=[plan.pk])
    assert plan.status == Status.KLADDE
    assert plan.afsnit.count() == 20 and plan.underskrivere.count() == 8
    assert plan.afsnit.get(nummer="4.4").art == "generel"
    assert plan.afsnit.get(nummer="4.3").art == "lokal"
    assert plan.afsnit.get(nummer="3.1.2").history.first().history_change_reason == (
        "Importeret fra samarbejdsplan-2020.docx"
    )
    followed = client.get(done["Location"])
    assert "Importeret fra samarbejdsplan-2020.docx til Samarbejdsplan 2031 (kladde)" in (
        followed.content.decode()
    )


@pytest.mark.django_db
def test_pasted_text_is_imported_too():
    client = client_as("Sekretariat")
    text = "1. Indledning\n\nPlanen for *2031*.\n\n2. Mål\n\n- Færre indbrud\n- Mere tryghed\n"
    response = client.post(URL, {"aar": 2031, "tekst": text})
    assert response.context["fejl"] == []
    client.post(URL, confirm_data(response))
    plan = Samarbejdsplan.objects.get(aar=2031)
    assert list(plan.afsnit.values_list("nummer", "tekst")) == [
        ("1", "Planen for *2031*."),
        ("2", "- Færre indbrud\n- Mere tryghed"),
    ]
    assert plan.history.first().history_change_reason == "Importeret fra indsat tekst"


@pytest.mark.django_db
def test_the_preview_warns_of_gaps_duplicates_and_empty_sections_and_saves_nothing():
    client = client_as("Sekretariat")
    document = document_of(
        ("Heading 1", "1. Indledning"),
        ("Heading 1", "3. Lokale fokusområder"),
        ("Normal", "Tekst."),
        ("Heading 1", "3. Lokale fokusområder igen"),
        ("Normal", "Tekst."),
    )
    response = upload(client, 2031, document)
    page = response.content.decode()
    assert "Hul i nummereringen: 3 kommer efter 1, men 2 mangler." in page
    assert "Afsnit 1 »Indledning« har ingen tekst." in page
    assert "Nummeret 3 står to gange (»Lokale fokusområder igen«)." in page
    assert "Importen kan ikke gemmes" in page
    assert 'value="Importér' not in page  # no button while there are errors
    # Posted anyway: refused again, nothing written.
    client.post(URL, confirm_data(response))
    assert not Samarbejdsplan.objects.filter(aar=2031).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"aar": 2031}, "Vælg et Word-dokument eller en tekstfil, eller indsæt teksten."),
        ({"aar": 1999, "tekst": "1. A"}, "Året skal ligge mellem 2000 og 2100."),
        (
            {"aar": 2031, "fil": SimpleUploadedFile("plan.docx", b"no zip")},
            "kan ikke læses som et Word-dokument",
        ),
        ({"aar": 2031, "fil": SimpleUploadedFile("plan.docx", b"")}, "tom"),
    ],
)
def test_a_bad_upload_is_answered_in_danish(data, message):
    client = client_as("Sekretariat")
    response = client.post(URL, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Samarbejdsplan.objects.filter(aar=2031).exists()


@pytest.mark.django_db
def test_a_forged_source_or_kind_is_refused():
    client = client_as("Sekretariat")
    response = upload(client, 2031, plan_document())
    data = confirm_data(response)
    forged = dict(data, kilde=data["kilde"][:-3] + "abc")
    refused = client.post(URL, forged, follow=True)
    assert "Forhåndsvisningen kunne ikke genkendes" in refused.content.decode()
    again = client.post(URL, dict(data, **{"art-1": "admin"}))
    assert "Afsnit 1: »admin« er ikke en art, der kan vælges." in again.content.decode()
    assert not Samarbejdsplan.objects.filter(aar=2031).exists()


def test_into_a_draft_the_preview_shows_the_changes_and_a_change_meanwhile_stops_it(draft2021):
    client = client_as("Sekretariat")
    page = client.get(reverse("admin:samarbejdsplan_samarbejdsplan_change", args=[draft2021.pk]))
    assert f"{URL}?aar=2021" in page.content.decode()
    text = "4.4 Vold\n\nNy tekst om vold.\n\n4.6 Cyber\n\nNyt afsnit.\n"
    response = client.post(URL, {"aar": 2021, "tekst": text})
    page = response.content.decode()
    assert "2 afsnit (1 nyt, 1 ændres, 0 uændrede)" in page
    assert "Ændres: tekst" in page
    assert "19 afsnit i planen er ikke i teksten og beholdes uændret" in page
    assert "Hul i nummereringen" not in page  # 4.3 and 4.5 are in the draft
    data = confirm_data(response)

    # Someone edits the draft between the preview and the confirmation.
    afsnit = draft2021.afsnit.get(nummer="2.1")
    afsnit.titel = "Ny titel"
    afsnit.save()
    before = content_rows()
    stopped = client.post(URL, data)
    assert "er ændret, siden du så forhåndsvisningen" in stopped.content.decode()
    assert content_rows() == before

    client.post(URL, confirm_data(stopped))
    assert draft2021.afsnit.get(nummer="4.4").tekst == "Ny tekst om vold."
    assert draft2021.afsnit.get(nummer="4.6").art == "lokal"
    assert draft2021.afsnit.count() == 21


def test_the_published_plan_is_refused_in_danish(plan2020):
    client = client_as("Sekretariat")
    page = client.get(reverse("admin:samarbejdsplan_samarbejdsplan_change", args=[plan2020.pk]))
    assert "Importér tekst i kladden" not in page.content.decode()
    before = content_rows()
    response = client.post(URL, {"aar": 2020, "tekst": "4.4 Vold\n\nNy tekst.\n"})
    assert "Planen for 2020 er offentliggjort og låst." in response.content.decode()
    # Confirmed anyway, with the source signed against the plan as it is.
    blocks = read(b"4.4 Vold\n\nNy tekst.\n", "x.txt")
    crafted = {"kilde": sign(2020, "x.txt", blocks, fingerprint(2020))}
    refused = client.post(URL, crafted)
    assert "offentliggjort og låst" in refused.content.decode()
    assert content_rows() == before


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_list_offers_the_import_to_those_who_may(role):
    client = client_as(role)
    response = client.get("/admin/samarbejdsplan/samarbejdsplan/")
    offered = "Importér plan fra Word/tekst" in response.content.decode()
    assert offered == (role in MAY)


def test_the_preview_of_an_import_into_a_draft_takes_the_same_queries_at_ten_times_the_plan(
    plan2020,
):
    client = client_as("Sekretariat")
    text = read_text_of(plan2020)
    counts = []
    for aar, factor in ((2040, 1), (2041, 10)):
        plan = scaled_copy(plan2020, aar, factor)
        Samarbejdsplan.objects.filter(pk=plan.pk).update(status=Status.KLADDE)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(URL, {"aar": aar, "tekst": text})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def read_text_of(plan):
    return "\n\n".join(f"{a.nummer} {a.titel}\n\n{a.tekst}" for a in plan.afsnit.all())

"""Who may write status updates, and what an update on a locked plan leaves alone (issue 19).

Every POST is sent as each role, built as the superuser's form would be: the
server's rule is tested, not what the page shows.
"""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from indsatser.models import Indsats
from opfoelgning.models import Statusopdatering
from samarbejdsplan.export import render_export
from samarbejdsplan.models import Afsnit, Status
from tests.admin_client import ROLES, user_in_role

from .helpers import opdatering

ADD = "/admin/opfoelgning/statusopdatering/add/"


def client_as(role):
    client = Client()
    user = user_in_role(role, name=f"u-{ROLES.index(role)}")
    if user is not None:
        client.force_login(user)
    return client


def new_update(item, **changes):
    return {
        "indsats": item.pk,
        "kommune": "",
        "dato": "2020-09-01",
        "status": "i_gang",
        "tekst": "Godt i gang.",
        "offentlig": "on",
        **changes,
    }


def prose(plan):
    return list(Afsnit.objects.filter(plan=plan).values_list("nummer", "titel", "tekst"))


@pytest.fixture
def bo_trygt(plan2020):
    assert plan2020.status == Status.OFFENTLIGGJORT  # published, so locked
    return Indsats.objects.get(plan=plan2020, slug="bo-trygt")


def test_the_secretariat_adds_an_update_to_a_published_locked_plan(plan2020, bo_trygt):
    snapshot = bytes(plan2020.eksporter.first().indhold)
    before = (render_export(plan2020), prose(plan2020), plan2020.status)
    response = client_as("Sekretariat").post(ADD, new_update(bo_trygt))
    assert response.status_code == 302, response.content.decode()[:3000]
    update = Statusopdatering.objects.get()
    assert update.forfatter.username == "u-3" and update.history.count() == 1
    # The plan's prose, its export and its frozen snapshot are untouched.
    plan2020.refresh_from_db()
    assert (render_export(plan2020), prose(plan2020), plan2020.status) == before
    assert plan2020.eksporter.count() == 1
    assert bytes(plan2020.eksporter.first().indhold) == snapshot


@pytest.mark.parametrize("role", ["anonym", "ingen gruppe", "Kredsråd"])
def test_no_one_else_adds_changes_or_deletes_an_update(plan2020, bo_trygt, role):
    existing = opdatering(bo_trygt, "i_gang", "2020-03-01", tekst="Oprindelig.")
    client = client_as(role)
    base = f"/admin/opfoelgning/statusopdatering/{existing.pk}"
    change = new_update(bo_trygt, tekst="Hacket", kendt_version=existing.version)
    client.post(ADD, new_update(bo_trygt))
    client.post(f"{base}/change/", change)
    client.post(f"{base}/delete/", {"post": "yes"})
    record = existing.history.earliest().history_id
    client.post(f"{base}/history/{record}/", change)
    assert list(Statusopdatering.objects.values_list("tekst", flat=True)) == ["Oprindelig."]


def test_the_kredsraad_may_view_updates_but_not_change_them(plan2020, bo_trygt):
    existing = opdatering(bo_trygt, "i_gang", "2020-03-01")
    kredsraad = Group.objects.get(name="Kredsråd")
    codenames = set(kredsraad.permissions.values_list("codename", flat=True))
    assert "view_statusopdatering" in codenames
    assert not {"add_statusopdatering", "change_statusopdatering"} & codenames
    client = client_as("Kredsråd")
    page = client.get(f"/admin/opfoelgning/statusopdatering/{existing.pk}/change/")
    assert page.status_code == 200 and not page.context["has_change_permission"]


def test_a_municipality_the_initiative_does_not_concern_is_refused_in_danish(plan2020, kommune):
    lufthavn = Indsats.objects.get(plan=plan2020, slug="graensekontrol-i-billund-lufthavn")
    client = client_as("Sekretariat")
    response = client.post(ADD, new_update(lufthavn, kommune=kommune("kolding").pk))
    assert response.status_code == 200
    assert "vedrører ikke Kolding Kommune" in response.content.decode()
    assert not Statusopdatering.objects.exists()
    response = client.post(ADD, new_update(lufthavn, kommune=kommune("billund").pk))
    assert response.status_code == 302
    assert Statusopdatering.objects.get().kommune == kommune("billund")


def test_the_secretariat_changes_an_update_with_its_version_and_restores_it(plan2020, bo_trygt):
    existing = opdatering(bo_trygt, "i_gang", "2020-03-01", tekst="Først.")
    client = client_as("Sekretariat")
    url = f"/admin/opfoelgning/statusopdatering/{existing.pk}/change/"
    # Without the version it started from, the form is refused.
    response = client.post(url, new_update(bo_trygt, tekst="Uden version"))
    assert response.status_code == 200 and "Genindlæs siden" in response.content.decode()
    response = client.post(url, new_update(bo_trygt, tekst="Rettet.", kendt_version=1))
    assert response.status_code == 302
    existing.refresh_from_db()
    assert (existing.tekst, existing.version) == ("Rettet.", 2)
    # A stale form (version 1 again) is refused, naming the conflict.
    response = client.post(url, new_update(bo_trygt, tekst="Gammel side", kendt_version=1))
    assert "mens du redigerede" in response.content.decode()
    first = existing.history.earliest()
    restore = f"/admin/opfoelgning/statusopdatering/{existing.pk}/history/{first.history_id}/"
    response = client.post(restore, new_update(bo_trygt, tekst="Først.", kendt_version=2))
    assert response.status_code == 302
    existing.refresh_from_db()
    assert existing.tekst == "Først." and existing.version == 3


def test_an_update_moves_the_plans_content_state_but_not_its_prose(plan2020, bo_trygt):
    before = plan2020.opdateret
    opdatering(bo_trygt, "i_gang", "2020-03-01")
    plan2020.refresh_from_db()
    assert plan2020.opdateret > before  # the page cache learns of it

"""Who may do what in the admin: the Sekretariat and Kredsråd groups, a superuser,
and a staff user in no group. The groups come from a migration."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from indsatser.models import Aktoer, Deltagelse, Indsats, Maal
from kommuner.models import Boligomraade, Kommune
from samarbejdsplan.models import Afsnit, Underskriver

ROLES = ["superuser", "Sekretariat", "Kredsråd", "ingen gruppe"]


def make_user(role):
    if role == "superuser":
        return User.objects.create_superuser("admin", "a@example.dk", "x")
    user = User.objects.create_user(f"bruger-{len(role)}", password="x", is_staff=True)
    if role != "ingen gruppe":
        user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def as_role(client, draft2021):
    def login(role):
        client.force_login(make_user(role))
        return client

    return login


def objects(draft):
    """One object per model: in the draft plan where the model belongs to a plan,
    and for shared objects one no published plan shows (those are locked)."""
    indsats = Indsats.objects.filter(plan=draft).first()
    laesoe = Kommune.objects.get(kommunekode=825)  # Læsø, from migrate, in no plan
    return {
        "samarbejdsplan": draft,
        "afsnit": Afsnit.objects.filter(plan=draft).first(),
        "underskriver": Underskriver.objects.filter(plan=draft).first(),
        "indsats": indsats,
        "maal": Maal.objects.filter(afsnit__plan=draft).first(),
        "deltagelse": Deltagelse.objects.filter(indsats=indsats).first(),
        "aktoer": Aktoer.objects.create(navn="Ny aktør"),
        "kommune": laesoe,
        "boligomraade": Boligomraade.objects.create(navn="Nyt område", kommune=laesoe),
    }


APP = {
    "samarbejdsplan": "samarbejdsplan",
    "afsnit": "samarbejdsplan",
    "underskriver": "samarbejdsplan",
    "indsats": "indsatser",
    "maal": "indsatser",
    "deltagelse": "indsatser",
    "aktoer": "indsatser",
    "kommune": "kommuner",
    "boligomraade": "kommuner",
}

ALL = {"view", "add", "change", "delete"}
# What each role may do with each model (in a draft plan).
MATRIX = {
    "superuser": dict.fromkeys(APP, ALL),
    "Sekretariat": {
        **dict.fromkeys(APP, ALL),
        "kommune": {"view"},
        "boligomraade": {"view", "add", "change"},
    },
    "Kredsråd": dict.fromkeys(APP, {"view"}),
    "ingen gruppe": dict.fromkeys(APP, set()),
}


def allowed(client, app, model, obj):
    """Which of view/add/change/delete the admin lets this user do, asked over HTTP."""
    name = f"admin:{app}_{model}"
    found = set()
    if client.get(reverse(f"{name}_changelist")).status_code == 200:
        found.add("view")
    if client.get(reverse(f"{name}_add")).status_code == 200:
        found.add("add")
    change = client.get(reverse(f"{name}_change", args=[obj.pk]))
    if change.status_code == 200 and change.context["has_change_permission"]:
        found.add("change")
    if client.get(reverse(f"{name}_delete", args=[obj.pk])).status_code == 200:
        found.add("delete")
    return found


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_the_role_matrix_for_every_model(as_role, draft2021, role):
    client = as_role(role)
    found = {
        model: allowed(client, APP[model], model, obj) for model, obj in objects(draft2021).items()
    }
    assert found == MATRIX[role]


def actions_offered(client):
    response = client.get(reverse("admin:samarbejdsplan_samarbejdsplan_changelist"))
    if response.status_code != 200 or response.context["action_form"] is None:
        return set()
    return {name for name, _ in response.context["action_form"].fields["action"].choices if name}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("superuser", {"offentliggoer", "genaabn", "kopier", "eksporter"}),
        ("Sekretariat", {"offentliggoer", "genaabn", "kopier", "eksporter"}),
        ("Kredsråd", {"eksporter"}),
        ("ingen gruppe", set()),
    ],
)
def test_publish_and_copy_are_for_the_secretariat(as_role, draft2021, role, expected):
    client = as_role(role)
    assert actions_offered(client) == expected
    # Posting the action anyway changes nothing for those without the right.
    client.post(
        reverse("admin:samarbejdsplan_samarbejdsplan_changelist"),
        {"action": "offentliggoer", "_selected_action": [draft2021.pk], "bekraeftet": "ja"},
    )
    draft2021.refresh_from_db()
    assert draft2021.er_offentliggjort == ("offentliggoer" in expected)


@pytest.mark.django_db
def test_a_council_member_cannot_save_a_change(as_role, draft2021):
    client = as_role("Kredsråd")
    indsats = Indsats.objects.filter(plan=draft2021).first()
    url = reverse("admin:indsatser_indsats_change", args=[indsats.pk])
    assert client.post(url, {"titel": "Ændret"}).status_code == 403
    indsats.refresh_from_db()
    assert indsats.titel != "Ændret"


@pytest.mark.django_db
def test_the_groups_exist_after_migrate_with_their_permissions():
    sekretariat = Group.objects.get(name="Sekretariat")
    kredsraad = Group.objects.get(name="Kredsråd")
    codes = set(sekretariat.permissions.values_list("codename", flat=True))
    assert {"offentliggoer_samarbejdsplan", "kopier_samarbejdsplan", "change_indsats"} <= codes
    assert "delete_kommune" not in codes
    assert all(
        c.startswith("view_") for c in kredsraad.permissions.values_list("codename", flat=True)
    )

"""Next year's plan: `manage.py copy_plan 2020 2021` and the admin action."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse

from indsatser.models import Deltagelse, Indsats, Maal
from samarbejdsplan.models import Afsnit, Samarbejdsplan, Status, Underskriver


def content(plan):
    """Everything a plan holds, without ids: equal for a faithful copy."""
    return {
        "plan": (plan.titel, plan.raad, plan.politikreds),
        "kommuner": sorted(plan.kommuner.values_list("slug", flat=True)),
        "underskrivere": list(plan.underskrivere.values_list("navn", "titel", "raekkefoelge")),
        "afsnit": [
            (
                a.nummer,
                a.titel,
                a.tekst,
                a.art,
                a.raekkefoelge,
                sorted(a.boligomraader.values_list("slug", flat=True)),
                [
                    (
                        m.tekst,
                        m.raekkefoelge,
                        m.alle_kommuner,
                        sorted(m.kommuner.values_list("slug", flat=True)),
                    )
                    for m in a.maal.all()
                ],
                [
                    (
                        i.titel,
                        i.slug,
                        i.tekst,
                        i.prioritet,
                        i.raekkefoelge,
                        i.alle_kommuner,
                        sorted(i.kommuner.values_list("slug", flat=True)),
                        sorted(i.deltagelser.values_list("aktoer__slug", "rolle")),
                    )
                    for i in a.indsatser.all()
                ],
            )
            for a in plan.afsnit.all()
        ],
    }


def counts():
    return [
        m.objects.count() for m in (Samarbejdsplan, Afsnit, Indsats, Maal, Deltagelse, Underskriver)
    ]


@pytest.mark.django_db
def test_copy_is_complete_and_a_draft(plan2020):
    out = io.StringIO()
    call_command("copy_plan", "2020", "2021", stdout=out)
    copy = Samarbejdsplan.objects.get(aar=2021)
    assert content(copy) == content(plan2020)
    assert len(content(copy)["afsnit"]) == 20
    assert copy.status == Status.KLADDE and copy.offentliggjort is None
    assert "Kopieret 2020 til Samarbejdsplan 2021" in out.getvalue()
    assert copy.history.first().history_change_reason == "Kopieret fra samarbejdsplan 2020"


@pytest.mark.django_db
def test_the_copy_is_independent_of_the_original(plan2020):
    before = content(plan2020)
    call_command("copy_plan", "2020", "2021")
    copy = Samarbejdsplan.objects.get(aar=2021)
    assert not set(copy.afsnit.values_list("pk", flat=True)) & set(
        plan2020.afsnit.values_list("pk", flat=True)
    )
    indsats = Indsats.objects.get(plan=copy, slug="bo-trygt")
    indsats.tekst = "Ny tekst for 2021"
    indsats.save()
    indsats.kommuner.set([copy.kommuner.first()])
    Maal.objects.filter(afsnit__plan=copy).delete()
    Afsnit.objects.filter(plan=copy, nummer="4.5").update(titel="Nyt navn")
    copy.underskrivere.all().delete()
    assert content(plan2020) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("source", "target", "message"),
    [
        ("2020", "2020", "Der findes allerede en samarbejdsplan for 2020."),
        ("2019", "2021", "Der findes ingen samarbejdsplan for 2019."),
        ("2020", "2101", "Året skal ligge mellem 2000 og 2100."),
    ],
)
def test_copy_refuses_with_a_message_and_writes_nothing(plan2020, source, target, message):
    before = counts()
    with pytest.raises(CommandError, match=message):
        call_command("copy_plan", source, target)
    assert counts() == before


@pytest.mark.django_db
def test_copy_into_an_existing_year_keeps_that_plan(plan2020):
    call_command("copy_plan", "2020", "2021")
    Indsats.objects.filter(plan__aar=2021, slug="bo-trygt").update(tekst="Redigeret")
    before = counts()
    with pytest.raises(CommandError):
        call_command("copy_plan", "2020", "2021")
    assert counts() == before
    assert Indsats.objects.get(plan__aar=2021, slug="bo-trygt").tekst == "Redigeret"


@pytest.mark.django_db
def test_copy_as_an_admin_action(client, plan2020):
    user = User.objects.create_superuser("admin", "a@example.dk", "x")
    client.force_login(user)
    url = reverse("admin:samarbejdsplan_samarbejdsplan_changelist")
    form = client.post(url, {"action": "kopier", "_selected_action": [plan2020.pk]})
    assert form.status_code == 200
    assert 'value="2021"' in form.content.decode()  # next year is proposed

    done = client.post(
        url,
        {
            "action": "kopier",
            "_selected_action": [plan2020.pk],
            "bekraeftet": "ja",
            "til_aar": 2021,
        },
    )
    copy = Samarbejdsplan.objects.get(aar=2021)
    assert done.status_code == 302
    assert done["Location"] == reverse("admin:samarbejdsplan_samarbejdsplan_change", args=[copy.pk])
    assert content(copy) == content(plan2020)
    assert copy.history.first().history_user == user

    again = client.post(
        url,
        {
            "action": "kopier",
            "_selected_action": [plan2020.pk],
            "bekraeftet": "ja",
            "til_aar": 2021,
        },
    )
    assert again.status_code == 200
    assert "Der findes allerede en samarbejdsplan for 2021." in again.content.decode()

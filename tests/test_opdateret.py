"""'Senest opdateret' follows every change to a plan's content, and only that plan's."""

import datetime

import pytest

from indsatser.models import Aktoer, Deltagelse, Indsats, Maal
from kommuner.models import Boligomraade, Kommune
from samarbejdsplan.models import Afsnit, Samarbejdsplan, SSPAfsnit, SUBAfsnit, Underskriver

LONG_AGO = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)


@pytest.fixture
def plans(plan2020):
    other = Samarbejdsplan.objects.create(aar=2021, politikreds="Et andet politi")
    Samarbejdsplan.objects.update(opdateret=LONG_AGO)
    return plan2020, other


def changed(plans):
    plan2020, other = plans
    plan2020.refresh_from_db()
    other.refresh_from_db()
    return plan2020.opdateret > LONG_AGO, other.opdateret > LONG_AGO


def test_fixture_loading_keeps_the_fixtures_date(plan2020):
    """Loading (or restoring) data is not an edit: the many-to-many links must not stamp it."""
    assert plan2020.opdateret == datetime.datetime.fromisoformat("2020-01-01T00:00:00+01:00")


EDITS = {
    "section text": lambda: Afsnit.objects.get(nummer="4.4").save(),
    "initiative": lambda: Indsats.objects.get(slug="socialsoeg").save(),
    "goal": lambda: Maal.objects.filter(afsnit__nummer="4.5").first().save(),
    "signatory": lambda: Underskriver.objects.first().save(),
    "actor's part": lambda: Deltagelse.objects.first().delete(),
    "actor's name": lambda: Aktoer.objects.get(forkortelse="DKS").save(),
    "municipality's name": lambda: Kommune.objects.get(slug="horsens").save(),
    "housing area": lambda: Boligomraade.objects.get(slug="munkebo").save(),
    "initiative's municipalities": lambda: Indsats.objects.get(slug="socialsoeg").kommuner.add(
        Kommune.objects.get(slug="vejle")
    ),
    "municipality side of the same": lambda: Kommune.objects.get(slug="vejle").indsats_set.add(
        Indsats.objects.get(slug="socialsoeg")
    ),
    "designated areas": lambda: Afsnit.objects.get(nummer="4.5").boligomraader.clear(),
    "deleted initiative": lambda: Indsats.objects.get(slug="socialsoeg").delete(),
    # Through the per-kind proxies, as their admin pages save.
    "section by its kind": lambda: SSPAfsnit.objects.get(nummer="2.1").save(),
    "designated areas by its kind": lambda: SUBAfsnit.objects.get(
        nummer="4.5"
    ).boligomraader.clear(),
}


@pytest.mark.django_db
@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_a_content_change_moves_its_plans_last_change_only(plans, edit):
    edit()
    assert changed(plans) == (True, False)


@pytest.mark.django_db
def test_an_unrelated_municipality_touches_no_plan(plans):
    Kommune.objects.create(navn="Nyby", kommunekode=901)  # added by hand, in no plan
    assert changed(plans) == (False, False)

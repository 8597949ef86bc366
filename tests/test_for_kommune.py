"""'Everything in plan Y that concerns municipality K': AfsnitQuerySet.for_kommune."""

import pytest

from indsatser.models import Indsats, Maal
from tests.factories import scaled_copy


def digest(plan, kommune):
    sections = list(plan.afsnit.for_kommune(kommune))
    return {
        "afsnit": [a.nummer for a in sections],
        "indsatser": {i.titel for a in sections for i in a.kommune_indsatser},
        "indsats_ids": [i.pk for a in sections for i in a.kommune_indsatser],
        "maal": [m.pk for a in sections for m in a.kommune_maal],
        "boligomraader": {b.navn for a in sections for b in a.kommune_boligomraader},
        # What a page shows of each item: its municipalities, actors and place.
        "vist": [
            (i.kommune_navne(), i.ansvarlige(), i.involverede())
            for a in sections
            for i in a.kommune_indsatser
        ]
        + [m.kommune_navne() for a in sections for m in a.kommune_maal]
        + [b.kommune.navn for a in sections for b in a.kommune_boligomraader],
    }


@pytest.mark.django_db
def test_kolding_gets_skovparken_and_munkebo(plan2020, kommune):
    assert digest(plan2020, kommune("kolding"))["boligomraader"] == {"Skovparken", "Munkebo"}


@pytest.mark.django_db
def test_horsens_gets_sundparken(plan2020, kommune):
    assert digest(plan2020, kommune("horsens"))["boligomraader"] == {"Sundparken"}


@pytest.mark.django_db
def test_hedensted_gets_no_sub_area_but_every_common_initiative(plan2020, kommune):
    hedensted = digest(plan2020, kommune("hedensted"))
    common = set(
        Indsats.objects.filter(plan=plan2020, alle_kommuner=True).values_list("titel", flat=True)
    )

    assert hedensted["boligomraader"] == set()
    assert hedensted["indsatser"] == common
    assert "4.5" not in hedensted["afsnit"]
    assert "Koordineret indsats i de særligt udsatte boligområder" not in hedensted["indsatser"]
    # The common goals of 2.2, none of the SUB goals.
    assert set(hedensted["maal"]) == set(
        Maal.objects.filter(afsnit__plan=plan2020, alle_kommuner=True).values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_items_for_one_municipality_go_to_it_alone(plan2020, kommune):
    billund = digest(plan2020, kommune("billund"))
    vejle = digest(plan2020, kommune("vejle"))
    assert "Grænsekontrol i Billund Lufthavn" in billund["indsatser"]
    assert "Grænsekontrol i Billund Lufthavn" not in vejle["indsatser"]
    assert "Koordineret indsats i de særligt udsatte boligområder" in vejle["indsatser"]
    assert vejle["boligomraader"] == {"Finlandsparken"}
    assert len(vejle["maal"]) == 18


@pytest.mark.django_db
def test_an_item_for_all_that_also_names_municipalities_is_listed_once(plan2020, kommune):
    horsens = kommune("horsens")
    indsats = Indsats.objects.get(slug="socialsoeg")
    indsats.kommuner.add(horsens, kommune("kolding"))

    ids = digest(plan2020, horsens)["indsats_ids"]
    assert ids.count(indsats.pk) == 1
    assert len(ids) == len(set(ids))


@pytest.mark.django_db
def test_sections_come_in_plan_order(plan2020, kommune):
    numbers = digest(plan2020, kommune("kolding"))["afsnit"]
    assert numbers == [a.nummer for a in plan2020.afsnit.all() if a.nummer in numbers]
    assert numbers[0] == "2.1" and numbers[-1] == "4.5"


@pytest.mark.django_db
def test_for_kommune_runs_a_fixed_number_of_queries(plan2020, kommune, django_assert_num_queries):
    """Guards against N+1: sections, then one query each for initiatives, their
    municipalities, their actors, goals, the goals' municipalities, and areas."""
    kolding = kommune("kolding")
    with django_assert_num_queries(7):
        small = digest(plan2020, kolding)
    big_plan = scaled_copy(plan2020, 2021, factor=10)
    with django_assert_num_queries(7):
        big = digest(big_plan, kolding)
    assert len(big["indsats_ids"]) == 10 * len(small["indsats_ids"])

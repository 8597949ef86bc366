"""Status costs a constant number of queries on every page (issue 19): the same
for the 2020 plan and one ten times larger, with ten updates per initiative."""

import pytest
from django.db import transaction

from kommuner.models import Kommune
from opfoelgning.models import Statusopdatering
from samarbejdsplan.models import Samarbejdsplan
from samarbejdsplan.publishing import store_snapshot
from tests.factories import scaled_copy, status_updates
from tests.fixtures import load_initial_plan
from tests.test_query_counts import queries

PAGES = [
    "/{aar}/opfoelgning/",
    "/{aar}/indsatser/{slug}/",
    "/{aar}/kommuner/kolding/",
    "/{aar}/indsatser/",
    "/{aar}/indsatser/?status=i_gang",
    "/{aar}/indsatser/?status=blandet&afsnit=3.1",
    "/{aar}/indsatser/?status=gennemfoert&kommune=kolding",
    "/{aar}/indsatser/?status=ukendt",
    "/{aar}/opfoelgning/skema.csv?kommune=kolding",
    "/{aar}/opfoelgning/statusrapport.html",
]


@pytest.fixture(scope="module")
def plans(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        load_initial_plan()
        small = Samarbejdsplan.objects.get(aar=2020)
        big = scaled_copy(small, 2021, factor=10)
        big.kommuner.set(Kommune.objects.all())
        store_snapshot(big)
        status_updates(small)
        status_updates(big)
        yield {"small": (2020, ""), "big": (2021, "-9")}, big
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("template", PAGES)
def test_status_costs_the_same_queries_at_any_plan_size(plans, client, db, template):
    sizes, big = plans
    assert Statusopdatering.objects.filter(indsats__plan=big).count() == 4300
    counts = {}
    for size, (aar, suffix) in sizes.items():
        counts[size] = queries(client, template.format(aar=aar, slug="bo-trygt" + suffix))
    assert counts["small"] == counts["big"], counts
    assert counts["small"] <= 15, counts

"""Guards against N+1 queries: every public page costs the same number of
queries for the 2020 plan and for a generated plan ten times larger, and at
most 15."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import scaled_copy

PAGES = [
    "/{aar}/",
    "/{aar}/afsnit/3.1.2/",
    "/{aar}/afsnit/3/",
    "/{aar}/kommuner/kolding/",
    "/{aar}/kommuner/hedensted/",
    "/{aar}/indsatser/",
    "/{aar}/indsatser/?kommune=kolding&q=indbrud",
    "/{aar}/indsatser/?kommune=billund&art=national&afsnit=3.1&ansvarlig=politiet&prioritet=skal",
    "/{aar}/indsatser/?kommune=oslo",
    "/{aar}/indsatser/{slug}/",
    "/{aar}/boligomraader/",
]


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code in (200, 400), url
    return len(captured)


@pytest.fixture
def plans(plan2020):
    return {"small": (2020, ""), "big": (2021, "-9")}, scaled_copy(plan2020, 2021, factor=10)


@pytest.mark.django_db
@pytest.mark.parametrize("template", PAGES)
def test_page_query_count_does_not_grow_with_the_plan(client, plans, template):
    sizes, big = plans
    assert big.indsatser.count() == 430
    counts = {}
    for size, (aar, suffix) in sizes.items():
        # The big plan renumbers its chapters and suffixes its slugs per copy;
        # "-9" is the last copy, deep in the big plan.
        url = template.format(aar=aar, slug="bo-trygt" + suffix)
        counts[size] = queries(client, url)
    assert counts["small"] == counts["big"], counts
    assert counts["small"] <= 15, counts


@pytest.mark.django_db
def test_front_page_query_count_does_not_grow_with_the_plan(client, plan2020):
    small = queries(client, "/")
    scaled_copy(plan2020, 2021, factor=10)  # now the newest plan, so the front page
    big = queries(client, "/")
    assert small == big
    assert small <= 15

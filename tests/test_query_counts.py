"""Guards against N+1 queries: every public page costs the same number of
queries for the 2020 plan and for a generated plan ten times larger, and at
most 15."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from kommuner.models import Kommune
from samarbejdsplan.models import Samarbejdsplan, Status
from samarbejdsplan.publishing import store_snapshot
from tests.factories import scaled_copy
from tests.fixtures import load_initial_plan

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
    "/{aar}/eksport/",
    "/{aar}/eksport/?kommune=kolding",
    "/{aar}/soeg/",
    "/{aar}/soeg/?q=indbrud",
    "/{aar}/soeg/?q=ungdomskriminalitet+vejle",
    "/{aar}/soeg/?q=politi&kun=indsatser&page=2",
    "/{aar}/soeg/?q=tryhed",  # no hit: the suggestion's query too
    "/{aar}/opfoelgning/",
    "/{aar}/indsatser/?kommune=kolding&status=ingen",
]


def queries(client, url, **headers):
    """Queries to render `url` (the page cache emptied first, so it is rendered;
    a render always reads the content state: one of the queries)."""
    cache.clear()
    return cached_queries(client, url, **headers)


def cached_queries(client, url, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, headers=headers)
    assert response.status_code in (200, 304, 400), url
    return len(captured)


@pytest.fixture(scope="module")
def plans(django_db_setup, django_db_blocker):
    """The 2020 plan and one ten times larger, built once for the module.

    Built inside a transaction that is rolled back after the module, as
    Django's TestCase.setUpTestData does; each test runs in a savepoint within.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        load_initial_plan()
        big = scaled_copy(Samarbejdsplan.objects.get(aar=2020), 2021, factor=10)
        big.kommuner.set(Kommune.objects.all())  # all of Denmark's 98, as `make bench` has it
        store_snapshot(big)  # as publishing would; the 2020 plan has its own from loading
        yield {"small": (2020, ""), "big": (2021, "-9")}, big
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.parametrize("template", PAGES)
def test_page_query_count_does_not_grow_with_the_plan(plans, client, db, template, settings):
    sizes, big = plans
    # Only the big plan has an earlier plan to carry "Ændringer siden <år>": the
    # appendices other apps add are counted by them, at two sizes that both have
    # one (aendringer/tests/test_aendringer_queries.py).
    settings.EXPORT_APPENDICES = []
    assert big.indsatser.count() == 430
    counts = {}
    for size, (aar, suffix) in sizes.items():
        # The big plan renumbers its chapters and suffixes its slugs per copy;
        # "-9" is the last copy, deep in the big plan.
        url = template.format(aar=aar, slug="bo-trygt" + suffix)
        counts[size] = queries(client, url)
    assert counts["small"] == counts["big"], counts
    assert counts["small"] <= 15, counts


def test_front_page_query_count_does_not_grow_with_the_plan(plans, client, db):
    _, big = plans
    big.status = Status.KLADDE  # the front page shows the newest published plan: 2020
    big.save()
    small = queries(client, "/")
    big.status = Status.OFFENTLIGGJORT  # now 2021, ten times larger
    big.save()
    assert client.get("/").context["plan"] == big
    assert small == queries(client, "/")
    assert small <= 15


@pytest.mark.django_db
@pytest.mark.parametrize("template", [p for p in PAGES if "oslo" not in p] + ["/"])
def test_a_cached_page_and_a_304_cost_one_query_a_second(plans, client, db, template, clock):
    """Once rendered, a page costs no query while the content state read less
    than PAGE_STATE_INTERVAL ago holds, and one (has anything changed?) after."""
    url = template.format(aar=2021, slug="bo-trygt-9")
    queries(client, url)
    assert cached_queries(client, url) == 0
    etag = client.get(url).headers["ETag"]
    assert cached_queries(client, url, if_none_match=etag) == 0
    clock.advance(1.1)
    assert cached_queries(client, url) == 1
    clock.advance(1.1)
    assert cached_queries(client, url, if_none_match=etag) == 1
    assert client.get(url, headers={"if-none-match": etag}).status_code == 304

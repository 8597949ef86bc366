"""The comparison costs the same number of queries for the 2020 plan and one ten times larger."""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from aendringer.tests.helpers import edit_the_copy, publish
from samarbejdsplan.copying import copy_plan
from samarbejdsplan.models import Samarbejdsplan
from tests.factories import scaled_copy
from tests.fixtures import load_initial_plan

PAGES = [
    "/{aar}/aendringer/",
    "/{aar}/aendringer/?kommune=kolding",
    "/{aar}/aendringer/?fra={fra}&kommune=horsens",
    "/{aar}/indsatser/bo-trygt{suffix}/",
    "/{fra}/indsatser/bo-trygt{suffix}/",
    # Made on request (not the stored snapshot), with the appendix "Ændringer siden <år>".
    "/{aar}/eksport/?kommune=kolding",
]


@pytest.fixture(scope="module")
def pairs(django_db_setup, django_db_blocker):
    """2020 → 2021 with the main test's edits, and the same ten times larger (2030 → 2031).

    Built once for the module in a transaction rolled back after it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        load_initial_plan()
        small = copy_plan(2020, 2021)
        edit_the_copy(small)
        publish(small)
        scaled_copy(Samarbejdsplan.objects.get(aar=2020), 2030, factor=10)
        big = copy_plan(2030, 2031)
        edit_the_copy(big, suffix="-9")
        publish(big)
        yield {"small": (2020, 2021, ""), "big": (2030, 2031, "-9")}
        transaction.set_rollback(True)


def queries(client, url):
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured), response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("template", PAGES)
def test_query_count_does_not_grow_with_the_plans(pairs, client, db, template):
    counts = {}
    for size, (fra, aar, suffix) in pairs.items():
        counts[size], page = queries(client, template.format(aar=aar, fra=fra, suffix=suffix))
    assert counts["small"] == counts["big"], counts
    # The pages stay within the portal's 15. The download adds the appendix's ten
    # (the earlier plan with its parties and signatories, both plans' items) to
    # the export's own twelve: more, but as constant.
    assert counts["small"] <= (22 if "eksport" in template else 15), counts


@pytest.mark.django_db
def test_the_large_plan_shows_the_same_edits(pairs, client, db):
    """The edits fall on the big plan's last copy: the same changes, more unchanged."""
    row = '<th scope="row">{}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
    small = queries(client, "/2021/aendringer/")[1]
    big = queries(client, "/2031/aendringer/")[1]
    assert row.format("Afsnit", 0, 0, 1, 19) in small
    assert row.format("Afsnit", 0, 0, 1, 199) in big
    assert row.format("Indsatser", 1, 1, 3, 39) in small
    assert row.format("Indsatser", 1, 1, 3, 426) in big
    assert row.format("Mål", 0, 0, 1, 17) in small
    assert row.format("Mål", 0, 0, 1, 179) in big

"""Where follow-up status exists, the new year's initiative shows where its predecessor
ended (issue 20): its last public status, per municipality where they differ, in a
constant number of queries."""

import pytest
from django.db import transaction

from indsatser.models import Indsats
from kommuner.models import Kommune
from opfoelgning.models import Status
from opfoelgning.tests.helpers import opdatering
from samarbejdsplan.copying import copy_plan
from samarbejdsplan.models import Samarbejdsplan
from tests.admin_client import user_in_role
from tests.factories import scaled_copy, status_updates
from tests.fixtures import load_initial_plan
from tests.test_query_counts import queries

HEADING = "Seneste status for indsatsen i 2020"


@pytest.mark.django_db
def test_the_new_initiative_shows_where_its_predecessor_ended(client, draft2021):
    old = Indsats.objects.get(plan__aar=2020, slug="bo-trygt")
    kolding = Kommune.objects.get(slug="kolding")
    opdatering(old, Status.I_GANG, "2020-03-01")
    opdatering(old, Status.GENNEMFOERT, "2020-11-01", kommune=kolding)
    opdatering(old, Status.OPGIVET, "2020-12-01", offentlig=False)  # internal: not shown
    client.force_login(user_in_role("Kredsråd"))  # 2021 is a draft
    html = client.get("/2021/indsatser/bo-trygt/").content.decode()
    part = html[html.index(HEADING) : html.index("</section>", html.index(HEADING))]
    part = " ".join(part.split())
    assert '<th scope="row">Kolding</th><td> <span class="status status-gennemfoert">' in part
    others = [k.navn for k in old.plan.kommuner.all() if k != kolding]
    for navn in others:
        assert f'<th scope="row">{navn}</th><td> <span class="status status-i_gang">' in part
    assert "Opgivet" not in part
    assert 'href="/2020/indsatser/bo-trygt/#status"' in part
    # One status for all: one line.
    opdatering(old, Status.GENNEMFOERT, "2020-12-15")
    html = " ".join(client.get("/2021/indsatser/bo-trygt/").content.decode().split())
    assert 'I alle indsatsens kommuner: <span class="status status-gennemfoert">' in html
    # No follow-up of the predecessor, or no predecessor: nothing said.
    assert HEADING not in client.get("/2021/indsatser/exit-programmet/").content.decode()
    assert HEADING not in client.get("/2020/indsatser/bo-trygt/").content.decode()


@pytest.fixture(scope="module")
def plans(django_db_setup, django_db_blocker):
    """2020 → 2021 and a plan ten times larger → its copy, each earlier plan with updates."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_initial_plan()
        small = Samarbejdsplan.objects.get(aar=2020)
        status_updates(small)
        copy_plan(2020, 2021)
        big = scaled_copy(small, 2030, factor=10)
        status_updates(big)
        copy_plan(2030, 2031)
        yield {"small": "/2021/indsatser/bo-trygt/", "big": "/2031/indsatser/bo-trygt-9/"}
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_the_predecessors_status_costs_the_same_queries_at_any_size(plans, client, db):
    client.force_login(user_in_role("Kredsråd"))  # the copies are drafts
    counts = {size: queries(client, url) for size, url in plans.items()}
    assert counts["small"] == counts["big"], counts
    # 14 for the draft's page as a Kredsråd reads it (its session and user
    # included), and 2 for the predecessor's status: its public updates and its
    # plan's municipalities (measured with the hook switched off: 14 and 14).
    assert counts["small"] <= 16, counts
    for url in plans.values():
        assert "Seneste status for indsatsen i 20" in client.get(url).content.decode()

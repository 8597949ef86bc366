import io

import pytest
from django.core.management import call_command

from kommuner.models import Kommune
from samarbejdsplan.models import Samarbejdsplan


def load_initial_plan():
    out = io.StringIO()
    call_command("load_initial_plan", stdout=out)
    return out.getvalue()


@pytest.fixture
def plan2020(db):
    """The 2020 plan as `make db` loads it."""
    load_initial_plan()
    return Samarbejdsplan.objects.get(aar=2020)


@pytest.fixture
def kommune(plan2020):
    return lambda slug: Kommune.objects.get(slug=slug)

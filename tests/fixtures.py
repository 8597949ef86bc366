import io
import os
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command

from kommuner.models import Kommune
from samarbejdsplan.models import Samarbejdsplan


def pytest_collection_modifyitems(config, items):
    """`make test` runs the suite twice; tests marked one_database run once, on SQLite.

    Browser tests drive Chromium through pages whose database queries the other
    tests already check on both databases; running them twice doubled their
    share of CI's time for nothing.
    """
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    kept, deselected = [], []
    for item in items:
        (deselected if item.get_closest_marker("one_database") else kept).append(item)
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = kept


def load_initial_plan():
    out = io.StringIO()
    call_command("load_initial_plan", stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def empty_page_cache():
    """Each test starts with an empty page cache and no remembered content state.

    Test databases load the same fixtures, so two tests can reach the same plan
    state (and so the same cache key) with different data around it.
    """
    from django.core.cache import cache

    from web.state import state

    # The content state this process last read, too: the test database's
    # rollback between tests changes the plans without any signal.
    state.reset()
    cache.clear()
    yield
    cache.clear()
    state.reset()


class Clock:
    """The content-state check's clock (web/state.py), moved by hand."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now

    def advance(self, seconds):
        self.now += seconds


@pytest.fixture
def clock(monkeypatch):
    """`clock.advance(1.1)`: as if PAGE_STATE_INTERVAL had passed, without sleeping."""
    from web import state

    fake = Clock()
    monkeypatch.setattr(state, "monotonic", fake)
    return fake


@pytest.fixture
def plan2020(db):
    """The 2020 plan as `make db` loads it."""
    load_initial_plan()
    return Samarbejdsplan.objects.get(aar=2020)


@pytest.fixture
def kommune(plan2020):
    return lambda slug: Kommune.objects.get(slug=slug)


# --- Browser tests ---------------------------------------------------------------
# Playwright drives Debian's Chromium (`apt-get install chromium`); Playwright's
# own browser download is not used. Without Chromium the browser tests skip and
# say why, except where BROWSER_TESTS=required (.ci/run sets it): there a
# missing browser fails the run.

CHROMIUM_CANDIDATES = ("chromium", "chromium-browser")


def find_chromium():
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured if Path(configured).exists() else None
    return next(filter(None, map(shutil.which, CHROMIUM_CANDIDATES)), None)


@pytest.fixture(scope="session")
def chromium_path():
    path = find_chromium()
    if path is None:
        message = (
            "Chromium is not installed (apt-get install chromium, or set CHROMIUM_PATH): "
            "the browser tests cannot run"
        )
        if os.environ.get("BROWSER_TESTS") == "required":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API keeps an event loop in this thread, which makes
    # Django refuse ORM calls ("async context"); the tests themselves are sync.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=chromium_path,
                args=["--no-sandbox", "--disable-background-networking"],
            )
            yield browser
            browser.close()


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def new_page(browser):
    """Opens pages in fresh browser contexts, closed after the test."""
    contexts = []

    def open_page(viewport=DESKTOP, **options):
        context = browser.new_context(viewport=viewport, locale="da-DK", **options)
        context.set_default_timeout(10_000)  # fail in seconds, not half a minute
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def draft2021(plan2020):
    """Next year's plan as the secretariat starts it: a draft copy of 2020."""
    from samarbejdsplan.copying import copy_plan

    return copy_plan(2020, 2021)

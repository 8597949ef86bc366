"""The follow-up's pages in Chromium: axe finds no violations at desktop and
phone widths, with updates on the pages (status tables, timelines, charts)."""

import pytest

from indsatser.models import Indsats
from tests.test_browser import axe_at_both_widths

from .helpers import opdatering

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_database]

PAGES = {
    "oversigt": "/2020/opfoelgning/",
    "indsats med forløb": "/2020/indsatser/bo-trygt/",
    "kommune": "/2020/kommuner/kolding/",
    "liste efter status": "/2020/indsatser/?status=blandet",
}


@pytest.fixture
def with_updates(plan2020, kommune):
    bo_trygt = Indsats.objects.get(plan=plan2020, slug="bo-trygt")
    opdatering(bo_trygt, "i_gang", "2020-03-01", tekst="Alle kommuner er i gang.")
    opdatering(bo_trygt, "gennemfoert", "2020-06-01", kommune=kommune("kolding"), tekst="Færdig.")
    opdatering(bo_trygt, "udskudt", "2020-06-02", kommune=kommune("vejle"), tekst="Til efteråret.")
    for n, item in enumerate(plan2020.indsatser.exclude(pk=bo_trygt.pk)[:12]):
        opdatering(item, ["ikke_paabegyndt", "i_gang", "opgivet"][n % 3], "2020-04-01")


def shows_status_without_sideways_scrolling(page, viewport):
    assert page.locator(".status").count() >= 1
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


@pytest.mark.parametrize("url", PAGES.values(), ids=PAGES.keys())
def test_axe_finds_no_violations_on_the_follow_up(live_server, with_updates, new_page, url):
    report = axe_at_both_widths(
        live_server, new_page, url, check=shows_status_without_sideways_scrolling
    )
    assert not report, report

"""The comparison in Chromium: axe finds nothing at phone and desktop width, the page
reflows, and the change is said in words (not by colour alone)."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from aendringer.tests.helpers import edit_the_copy, publish
from tests.fixtures import DESKTOP, PHONE
from tests.test_browser import AXE_OPTIONS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_database]

PAGES = [
    "/2021/aendringer/",
    "/2021/aendringer/?kommune=horsens",
    "/2021/aendringer/?fra=abc",
    "/2020/aendringer/",
    "/2021/indsatser/bo-trygt/",
]


def test_the_comparison_pages_pass_axe_at_both_widths(live_server, draft2021, new_page):
    edit_the_copy(draft2021)
    publish(draft2021)
    axe = Axe()
    report = {}
    for url in PAGES:
        for name, viewport in {"desktop": DESKTOP, "phone": PHONE}.items():
            page = new_page(viewport)
            page.goto(live_server.url + url)
            assert page.locator("h1").count() == 1
            # Reflow: nothing wider than the window.
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= viewport["width"], (url, name, width)
            results = axe.run(page, options=AXE_OPTIONS)
            if results.violations_count:
                report[f"{url} {name}"] = results.generate_report()
    assert not report, "\n".join(f"{name}:\n{text}" for name, text in report.items())

    # What a screen reader reads of the word diff: the change in words.
    page = new_page(DESKTOP)
    page.goto(live_server.url + "/2021/aendringer/")
    deleted = page.locator("del", has_text="grundejerforeninger")
    assert deleted.text_content() == "fjernet: grundejerforeninger"
    assert page.locator("ins", has_text="boligforeninger").text_content().startswith("tilføjet:")

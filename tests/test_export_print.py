"""The export as a council secretary prints it and a mayor reads it on a phone, in Chromium.

The 2020 export is printed to PDF once (A4, the export's own @page rules) and
read back with pypdf: as tight as the signed plan (at most 16 pages against
27 when each initiative's text was printed a second time), a page number on
every page but the cover, and no page that ends with a box's title or a heading
whose content starts on the next page.
"""

import html
import io
import re

import pytest
from django.db import transaction

from samarbejdsplan.export import render_export
from samarbejdsplan.models import Samarbejdsplan
from tests.fixtures import load_initial_plan

pytestmark = [pytest.mark.django_db, pytest.mark.one_database]

PAGE_NUMBER = re.compile(r"Side (\d+) af (\d+)")


@pytest.fixture(scope="module")
def export_2020(django_db_setup, django_db_blocker, tmp_path_factory):
    """The 2020 export as a file, made once for the module in a transaction rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_initial_plan()
        document = render_export(Samarbejdsplan.objects.get(aar=2020))
        transaction.set_rollback(True)
    path = tmp_path_factory.mktemp("eksport") / "samarbejdsplan-2020.html"
    path.write_bytes(document)
    return path


@pytest.fixture(scope="module")
def printed(browser, export_2020):
    """The pages' text, as Chromium prints the export to PDF on A4."""
    from pypdf import PdfReader

    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(export_2020.as_uri())
        pdf = page.pdf(format="A4", prefer_css_page_size=True, print_background=True)
    finally:
        context.close()
    reader = PdfReader(io.BytesIO(pdf))
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    return [page.extract_text() for page in reader.pages]


def lines(text):
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_the_2020_export_prints_to_at_most_16_pages(printed):
    assert len(printed) <= 16


def test_every_page_after_the_cover_has_its_number(printed):
    total = len(printed)
    assert not PAGE_NUMBER.search(printed[0]), "the cover has no page number"
    assert [PAGE_NUMBER.findall(text) for text in printed[1:]] == [
        [(str(number), str(total))] for number in range(2, total + 1)
    ]


def test_no_page_ends_with_a_title_whose_content_is_on_the_next(printed, export_2020):
    document = export_2020.read_text(encoding="utf-8")
    found = re.findall(
        r'<p class="boks-titel">(.*?)</p>|<h[2-4] id="[^"]+">(.*?)</h[2-4]>', document
    )
    titles = {
        " ".join(html.unescape(re.sub(r"<[^>]+>", " ", box or heading)).split())
        for box, heading in found
    }
    assert "Indsatser i afsnit 4.1" in titles and "4.4 Vold" in titles
    last_lines = {
        number: [line for line in lines(text) if not PAGE_NUMBER.fullmatch(line)][-1]
        for number, text in enumerate(printed, start=1)
    }
    assert {n: line for n, line in last_lines.items() if line in titles} == {}


def test_the_export_reflows_on_a_320_px_phone(new_page, export_2020):
    page = new_page({"width": 320, "height": 640})
    page.goto(export_2020.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    # Nothing is cut off: every element ends inside the page, except the rows
    # of the appendix's matrix, which scrolls inside its own (focusable) box.
    cut = page.evaluate(
        """() => [...document.querySelectorAll('body *')]
            .filter(e => !e.closest('.rulle') && e.getBoundingClientRect().right > 320.5)
            .map(e => e.tagName + ' ' + e.textContent.trim().slice(0, 40))"""
    )
    assert cut == []
    # The appendix's matrix is one line per initiative naming its
    # municipalities, not a table whose "Ja" columns sit off to the right.
    assert not page.locator(".rulle").is_visible()
    lines = page.locator(".matrix-linjer li")
    assert lines.count() == page.locator(".matrix tbody tr").count() > 20
    assert lines.first.is_visible()
    assert "Kolding" in page.locator(".matrix-linjer").inner_text()


def test_the_export_keeps_the_matrix_on_a_wide_screen(new_page, export_2020):
    page = new_page({"width": 1280, "height": 800})
    page.goto(export_2020.as_uri())
    matrix = page.locator(".rulle")
    assert matrix.is_visible() and matrix.get_attribute("tabindex") == "0"
    assert not page.locator(".matrix-linjer").is_visible()

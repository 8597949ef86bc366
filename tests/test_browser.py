"""In a real browser: Debian's Chromium, driven by Playwright, against the live server.

A council member's way through the portal (without JavaScript, as the pages
must work without it), the axe-core accessibility check on every page type at
desktop and phone widths, keyboard access, and drafts.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.contrib.auth.models import Permission, User
from django.test import Client

from samarbejdsplan.models import Afsnit, Samarbejdsplan
from tests.fixtures import DESKTOP, PHONE

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_database]

# WCAG 2.1 A and AA, as the Danish web accessibility law requires, plus axe's
# best practices (landmarks, one h1, heading order).
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
    }
}

PAGE_TYPES = {
    "forside": "/",
    "hele planen": "/2020/",
    "afsnit": "/2020/afsnit/3.1.4/",
    "kapitel": "/2020/afsnit/3/",
    "kommune": "/2020/kommuner/kolding/",
    "indsatser": "/2020/indsatser/",
    "indsatser filtreret": "/2020/indsatser/?kommune=kolding&q=indbrud",
    "indsatser uden resultat": "/2020/indsatser/?q=zyxwvu",
    "indsatser med fejl": "/2020/indsatser/?kommune=oslo",
    "indsats": "/2020/indsatser/graensekontrol-i-billund-lufthavn/",
    "indsats uden tekst": "/2020/indsatser/responstider/",
    "boligområder": "/2020/boligomraader/",
    "søg tom": "/2020/soeg/",
    "søg med forslag": "/2020/soeg/?q=tryhed",
    "søg i en kommune": "/2020/soeg/?q=ungdomskriminalitet+vejle",
    "søg én slags uden træf": "/2020/soeg/?q=indbrud&kun=maal",
    "søg afsnitsnummer": "/2020/soeg/?q=3.1.2",
    "søg ukendt slags": "/2020/soeg/?q=kolding&kun=xyz",
    "opfølgning": "/2020/opfoelgning/",
    "indsatser efter status": "/2020/indsatser/?kommune=kolding&status=ingen",
    "tilgængelighed": "/tilgaengelighed/",
    "ikke fundet": "/2020/afsnit/9/",
    "kommune uden plan": "/kommuner/koebenhavn/",
}


def axe_at_both_widths(live_server, new_page, url, check=None):
    """axe's reports on `url` at desktop and phone widths, by width, where it found
    violations; `check(page, viewport)` looks at each page first."""
    axe = Axe()
    report = {}
    for name, viewport in {"desktop": DESKTOP, "phone": PHONE}.items():
        page = new_page(viewport)
        page.goto(live_server.url + url)
        # axe reports what it checked; an empty run would pass for nothing.
        assert page.locator("h1").count() == 1
        if check is not None:
            check(page, viewport)
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            report[name] = results.generate_report()
    return "\n".join(f"{name}:\n{text}" for name, text in report.items())


@pytest.mark.parametrize("url", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_axe_finds_no_violations(live_server, plan2020, new_page, url):
    report = axe_at_both_widths(live_server, new_page, url)
    assert not report, report


def test_a_council_member_finds_kolding_an_initiative_and_a_filtered_list(
    live_server, plan2020, new_page
):
    page = new_page(java_script_enabled=False)  # everything works without JavaScript
    page.goto(live_server.url + "/")
    page.get_by_role("link", name=re.compile("^Kolding")).click()
    assert page.url.endswith("/2020/kommuner/kolding/")
    assert page.get_by_role("heading", level=1).inner_text() == "Kolding Kommune"
    assert page.get_by_text("Skovparken").is_visible()

    page.get_by_role("link", name="Koordineret indsats i de særligt udsatte boligområder").click()
    assert page.url.endswith(
        "/2020/indsatser/koordineret-indsats-i-de-saerligt-udsatte-boligomraader/"
    )
    page.get_by_role("link", name="Alle indsatser for Kolding Kommune").click()
    assert page.url.endswith("/2020/indsatser/?kommune=kolding")
    assert page.get_by_label("Kommune").input_value() == "kolding"
    count = page.get_by_role("status").inner_text()
    assert re.match(r"\d+ indsatser matcher filteret", count), count

    # Narrow the same list by free text; the URL carries both filters.
    page.get_by_label("Søg i titel og tekst").fill("indbrud")
    page.get_by_role("button", name="Vis indsatser").click()
    assert "kommune=kolding" in page.url and "q=indbrud" in page.url
    titles = page.locator(".resultater .indsats-titel").all_inner_texts()
    # Soft hyphens in long titles are for line breaks only (common/orddeling.py).
    assert "Trygheds- og indbrudsprojektet" in [t.replace("\u00ad", "") for t in titles]
    assert all("Billund" not in title for title in titles)
    # Back in the browser: the previous filtered list, as it was.
    page.go_back()
    assert page.url.endswith("/2020/indsatser/?kommune=kolding")


def test_keyboard_users_can_skip_to_the_content_and_see_focus(live_server, plan2020, new_page):
    page = new_page()
    page.goto(live_server.url + "/2020/kommuner/kolding/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Spring til indholdet")
    assert skip.evaluate("element => element === document.activeElement")
    box = skip.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0  # on screen once focused
    outline = skip.evaluate("element => getComputedStyle(element).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "indhold"


def test_a_draft_is_hidden_from_visitors_and_bannered_for_a_council_member(
    live_server, plan2020, new_page
):
    draft = Samarbejdsplan.objects.create(aar=2021, politikreds="Sydøstjyllands Politi")
    draft.kommuner.set(plan2020.kommuner.all())
    Afsnit.objects.create(plan=draft, nummer="1", titel="Indledning", tekst="Næste års plan.")

    visitor = new_page()
    response = visitor.goto(live_server.url + "/2021/")
    assert response.status == 404
    assert visitor.get_by_role("heading", level=1).inner_text() == "Siden findes ikke"

    member = User.objects.create_user("borgmester-kolding", password="ikke-brugt")
    member.user_permissions.add(Permission.objects.get(codename="view_samarbejdsplan"))
    client = Client()
    client.force_login(member)
    reader = new_page()
    reader.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    for url in ["/2021/", "/2021/kommuner/kolding/", "/2021/indsatser/"]:
        response = reader.goto(live_server.url + url)
        assert response.status == 200, url
        assert "KLADDE" in reader.get_by_role("note").inner_text()
    assert reader.get_by_text("Næste års plan.").count() == 0  # list page: no prose
    reader.goto(live_server.url + "/2021/")
    assert reader.get_by_text("Næste års plan.").is_visible()
    reader.goto(live_server.url + "/2020/")
    # The published plan's notes (it is the current plan) have no draft banner.
    assert reader.get_by_role("note").filter(has_text="KLADDE").count() == 0


@pytest.mark.parametrize("kommune", [None, "kolding"])
def test_the_export_opens_offline_and_passes_axe(plan2020, new_page, tmp_path, kommune):
    from django.core.management import call_command

    path = tmp_path / "eksport.html"
    call_command(
        "export_plan", "2020", "-o", str(path), *(["--kommune", kommune] if kommune else [])
    )
    axe = Axe()
    report = {}
    for name, viewport in {"desktop": DESKTOP, "phone": PHONE}.items():
        page = new_page(viewport, offline=True)
        requests = []

        def record(request, requests=requests):
            requests.append(request)

        page.on("request", record)
        page.goto(path.as_uri())
        assert page.get_by_role("heading", level=1).inner_text().startswith("Samarbejdsplan")
        # The contents' links work: following one lands on its section.
        page.get_by_role("link", name="4.5 Særlig Udsatte Boligområder").click()
        assert page.url.endswith("#afsnit-4-5")
        assert [r.url for r in requests if not r.url.startswith("file://")] == []
        results = axe.run(page, options=AXE_OPTIONS)
        if results.violations_count:
            report[name] = results.generate_report()
    assert not report, "\n".join(f"{name}:\n{text}" for name, text in report.items())


def test_an_outage_copy_shows_its_notice_and_passes_axe(
    live_server, plan2020, new_page, clock, monkeypatch
):
    """While the database does not answer, a page already rendered is served with
    a notice (web/caching.py): visible, announced as a note, accessible."""
    from django.db import OperationalError

    from web import state

    url = live_server.url + "/2020/kommuner/kolding/"
    new_page().goto(url)  # rendered and cached by the live server (this process)

    def down():
        raise OperationalError("connection failed: Connection refused")

    monkeypatch.setattr(state, "query_content_state", down)
    clock.advance(1.1)  # the state is due to be read again
    axe = Axe()
    for viewport in (DESKTOP, PHONE):
        page = new_page(viewport)
        page.goto(url)
        notice = page.get_by_role("note").filter(has_text="Måske forældet")
        assert notice.is_visible()
        assert "portalen kan ikke nå sin database lige nu" in notice.inner_text()
        assert page.get_by_role("heading", level=1).is_visible()  # the page itself
        results = axe.run(page, options=AXE_OPTIONS)
        assert not results.violations_count, results.generate_report()

"""The import in a real browser: from the plans' list to a saved draft in two
submissions, under the Content-Security-Policy, with axe finding nothing on
the form and the preview at desktop and phone widths."""

import time

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Group, User

from samarbejdsplan.models import Samarbejdsplan
from tests.fixtures import DESKTOP, PHONE
from tests.test_browser import AXE_OPTIONS

from .word import plan_document

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_database]


def axe_report(page, axe):
    results = axe.run(page, options=AXE_OPTIONS)
    assert page.locator("h1").count() == 1
    return results.generate_report() if results.violations_count else None


def test_the_secretariat_imports_the_2020_document_in_two_submissions(
    live_server, new_page, tmp_path
):
    User.objects.create_user("sekretaer", password="et-godt-kodeord-2031", is_staff=True)
    User.objects.get(username="sekretaer").groups.add(Group.objects.get(name="Sekretariat"))
    document = tmp_path / "samarbejdsplan-2020.docx"
    document.write_bytes(plan_document())
    axe, reports, violations = Axe(), {}, []

    page = new_page(DESKTOP)
    page.on(
        "console",
        lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Brugernavn").fill("sekretaer")
    page.get_by_label("Adgangskode").fill("et-godt-kodeord-2031")
    page.get_by_role("button", name="Log ind").click()

    submissions = 0
    started = time.monotonic()
    page.goto(live_server.url + "/admin/samarbejdsplan/samarbejdsplan/")
    page.get_by_role("link", name="Importér plan fra Word/tekst").click()
    reports["formular"] = axe_report(page, axe)
    page.get_by_label("Planens år").fill("2031")
    page.get_by_label("Word-dokument eller tekstfil").set_input_files(str(document))
    page.get_by_role("button", name="Vis forhåndsvisning").click()
    submissions += 1
    assert page.get_by_role("heading", name="Forhåndsvisning af import").is_visible()
    reports["forhåndsvisning"] = axe_report(page, axe)
    page.get_by_label("Art for afsnit 4.4").select_option("generel")
    page.get_by_role("button", name="Importér: 20 nye afsnit").click()
    submissions += 1
    assert "Importeret fra samarbejdsplan-2020.docx" in page.locator(".messagelist").inner_text()
    elapsed = time.monotonic() - started

    plan = Samarbejdsplan.objects.get(aar=2031)
    assert plan.afsnit.count() == 20
    assert plan.afsnit.get(nummer="4.4").art == "generel"
    assert submissions == 2
    print(f"\nImport af 20 afsnit: {submissions} indsendelser, {elapsed:.1f} s i browseren")

    # The preview on a phone: the table scrolls within its box, the page does not.
    phone = new_page(PHONE)
    phone.context.add_cookies(page.context.cookies())
    phone.goto(live_server.url + "/admin/samarbejdsplan/samarbejdsplan/importer/")
    reports["formular, telefon"] = axe_report(phone, axe)
    phone.get_by_label("… eller indsæt teksten her").fill(
        "1. Indledning\n\nTekst.\n\n3. Hul\n\n- Punkt med *kursiv*\n"
    )
    phone.get_by_label("Planens år").fill("2032")
    phone.get_by_role("button", name="Vis forhåndsvisning").click()
    assert phone.get_by_text("Hul i nummereringen").is_visible()
    reports["forhåndsvisning, telefon"] = axe_report(phone, axe)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], width

    assert violations == []
    reports = {k: v for k, v in reports.items() if v}
    assert not reports, "\n".join(f"{k}:\n{v}" for k, v in reports.items())

"""The admin's slug proposals in Chromium with JavaScript on: the server's rule (issue 17)."""

import pytest
from django.contrib.auth.models import User

from common.text import slug_da
from tests.test_admin_friction import SLUG_EXAMPLES

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_database]


def log_in(page, live_server):
    User.objects.create_superuser("anne", "anne@example.dk", "et-godt-kodeord-2021")
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Brugernavn").fill("anne")
    page.get_by_label("Adgangskode").fill("et-godt-kodeord-2021")
    page.get_by_role("button", name="Log ind").click()


def test_typing_a_danish_name_proposes_the_servers_slug(live_server, new_page):
    page = new_page()
    problems = []
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    log_in(page, live_server)

    page.goto(live_server.url + "/admin/kommuner/kommune/add/")
    # Typed key by key, as a person types, then on to the next field (Django's
    # script proposes on keyup and change; Playwright types æ, ø, å without keyup).
    page.get_by_label("Navn:").press_sequentially("Læsø")
    page.keyboard.press("Tab")
    assert page.locator("#id_slug").input_value() == "laesoe"
    page.get_by_label("Navn:").fill("")
    page.get_by_label("Navn:").press_sequentially("København")
    page.keyboard.press("Tab")
    assert page.locator("#id_slug").input_value() == "koebenhavn"

    # The script and the server agree on every example, and on the tricky ones.
    names = [*SLUG_EXAMPLES, "Tårnby", "Ålborg Øst–Æblehaven", "a\x1cb", "--x--", "Ü ö é"]
    proposed = page.evaluate("(names) => names.map((n) => URLify(n, 100, false))", names)
    assert proposed == [slug_da(name) for name in names]
    assert proposed[: len(SLUG_EXAMPLES)] == list(SLUG_EXAMPLES.values())

    # An actor's slug from its name likewise.
    page.goto(live_server.url + "/admin/indsatser/aktoer/add/")
    page.get_by_label("Navn:").press_sequentially("Tårnby Kommune")
    page.keyboard.press("Tab")
    assert page.locator("#id_slug").input_value() == "taarnby-kommune"
    assert problems == []

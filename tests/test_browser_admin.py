"""The secretariat's year in a real browser: log in, edit, publish, see it public."""

import pytest
from django.contrib.auth.models import Group, User

from samarbejdsplan.models import Status

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.one_database]


def test_the_secretariat_edits_publishes_and_the_public_sees_it(live_server, draft2021, new_page):
    user = User.objects.create_user("sekretaer", password="et-godt-kodeord-2021", is_staff=True)
    user.groups.add(Group.objects.get(name="Sekretariat"))

    public = new_page()
    assert public.goto(live_server.url + "/2021/indsatser/bo-trygt/").status == 404  # a draft

    page = new_page()
    page.goto(live_server.url + "/admin/")
    page.get_by_label("Brugernavn").fill("sekretaer")
    page.get_by_label("Adgangskode").fill("et-godt-kodeord-2021")
    page.get_by_role("button", name="Log ind").click()
    assert page.get_by_role("link", name="Log ud").count() + page.get_by_text("Log ud").count()

    # Find the initiative by searching the list, and change its text.
    page.goto(live_server.url + "/admin/indsatser/indsats/?plan__aar=2021&q=Bo+Trygt")
    page.get_by_role("link", name="Bo Trygt").first.click()
    page.get_by_label("Tekst:").fill("Bo Trygt hjælper grundejerforeninger med indbrudssikring.")
    page.get_by_role("button", name="Gem", exact=True).click()
    assert "blev ændret" in page.locator(".messagelist").inner_text()

    # Publish 2021 with the action, through its confirmation page.
    page.goto(live_server.url + "/admin/samarbejdsplan/samarbejdsplan/")
    page.get_by_role("row", name="2021").get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option("offentliggoer")
    page.get_by_role("button", name="Udfør").click()
    assert page.get_by_text("Planen bliver synlig for alle").is_visible()
    page.get_by_role("button", name="Ja, offentliggør samarbejdsplan").click()
    assert "er offentliggjort" in page.locator(".messagelist").inner_text()
    draft2021.refresh_from_db()
    assert draft2021.status == Status.OFFENTLIGGJORT

    response = public.goto(live_server.url + "/2021/indsatser/bo-trygt/")
    assert response.status == 200
    assert public.get_by_text("Bo Trygt hjælper grundejerforeninger").is_visible()


def test_the_admin_works_under_the_content_security_policy(live_server, draft2021, new_page):
    """Editing in the admin runs its scripts (autocomplete, inlines, the
    municipality checkboxes) with no CSP violation in the browser's console."""
    User.objects.create_superuser("anne", "anne@example.dk", "et-godt-kodeord-2021")
    page = new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.on("pageerror", lambda error: violations.append(str(error)))

    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Brugernavn").fill("anne")
    page.get_by_label("Adgangskode").fill("et-godt-kodeord-2021")
    page.get_by_role("button", name="Log ind").click()

    page.goto(live_server.url + "/admin/indsatser/indsats/?plan__aar=2021&q=Bo+Trygt")
    page.get_by_role("link", name="Bo Trygt").first.click()
    # An inline row added by the admin's script, and the actor autocomplete (select2).
    page.get_by_role("link", name="Tilføj endnu en").first.click()
    page.locator(".select2-selection").last.click()
    page.locator(".select2-search__field").fill("Politi")
    page.locator(".select2-results__option", has_text="Politiet").first.wait_for()
    page.keyboard.press("Escape")
    page.get_by_label("Tekst:").fill("Bo Trygt, rettet under CSP.")
    page.locator("input[name=_continue]").click()
    assert "blev ændret" in page.locator(".messagelist").inner_text()
    page.get_by_role("link", name="Historik").click()
    page.goto(live_server.url + "/admin/samarbejdsplan/samarbejdsplan/")
    page.get_by_role("row", name="2021").get_by_role("checkbox").check()
    assert violations == []

    # The policy is really enforced, and a violation would be seen: an inline
    # style set by script is refused and reported.
    page.evaluate("document.body.setAttribute('style', 'background: red')")
    page.wait_for_timeout(200)
    assert any("style-src" in v for v in violations), violations

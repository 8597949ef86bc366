"""The secretariat's year in a real browser: log in, edit, publish, see it public."""

import pytest
from django.contrib.auth.models import Group, User

from samarbejdsplan.models import Status

pytestmark = pytest.mark.django_db(transaction=True)


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

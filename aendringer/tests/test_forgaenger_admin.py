"""Picking a predecessor by hand in the admin, for a plan not made by copy_plan:
only the previous plan's items of the same kind, as each role, under the lock, versioned."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from aendringer.tests.helpers import publish
from indsatser.models import Indsats, Maal
from samarbejdsplan.models import Afsnit, Art
from tests.admin_client import form_data, user_in_role


@pytest.fixture
def hand_entered(draft2021):
    """An initiative typed into the 2021 draft, with no predecessor yet, in place of the
    copy of Exit-programmet (so that 2020's Exit-programmet is free to be its predecessor)."""
    Indsats.objects.get(plan=draft2021, slug="exit-programmet").delete()
    afsnit = Afsnit.objects.get(plan=draft2021, nummer="3.1.3")
    return Indsats.objects.create(afsnit=afsnit, titel="Exit 2.0", slug="exit-2")


def change_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def offered(client, obj):
    form = client.get(change_url(obj)).context["adminform"].form
    return form.fields["forgaenger"].queryset


def exit_2020():
    return Indsats.objects.get(plan__aar=2020, slug="exit-programmet")


@pytest.mark.django_db
def test_the_secretariat_picks_a_predecessor_of_the_previous_plan(client, hand_entered):
    client.force_login(user_in_role("Sekretariat"))
    choices = offered(client, hand_entered)
    assert choices.count() == 43
    assert set(choices.values_list("plan__aar", flat=True)) == {2020}
    page = client.get(change_url(hand_entered))
    html = page.content.decode()
    # Named with the year, grouped by section (a plan has some 40 initiatives).
    assert f'<option value="{exit_2020().pk}">2020 · 3.1.3 · Exit-programmet</option>' in html
    group = html[html.index('<optgroup label="2020 · 3.1.3 ') :]
    assert group.index("Exit-programmet") < group.index("</optgroup>")
    data = form_data(page)
    data["forgaenger"] = exit_2020().pk
    assert client.post(change_url(hand_entered), data).status_code == 302
    hand_entered.refresh_from_db()
    assert hand_entered.forgaenger == exit_2020()
    assert hand_entered.history.first().forgaenger_id == exit_2020().pk  # versioned


@pytest.mark.django_db
def test_a_predecessor_outside_the_previous_plan_is_refused(client, hand_entered):
    client.force_login(user_in_role("Sekretariat"))
    same_year = Indsats.objects.get(plan__aar=2021, slug="bo-trygt")
    data = form_data(client.get(change_url(hand_entered)))
    data["forgaenger"] = same_year.pk
    response = client.post(change_url(hand_entered), data)
    assert response.status_code == 200
    assert "Vælg forgængeren blandt indsatser i planen for 2020." in response.content.decode()
    hand_entered.refresh_from_db()
    assert hand_entered.forgaenger is None
    # The model refuses it too, whatever writes it.
    hand_entered.forgaenger = same_year
    with pytest.raises(ValidationError, match="tidligere plan end 2021"):
        hand_entered.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["anonym", "ingen gruppe", "Kredsråd"])
def test_other_roles_cannot_set_a_predecessor(client, hand_entered, role):
    boss = user_in_role("Sekretariat", name="chef")
    client.force_login(boss)
    data = form_data(client.get(change_url(hand_entered)))
    data["forgaenger"] = exit_2020().pk
    client.logout()
    user = user_in_role(role)
    if user is not None:
        client.force_login(user)
    assert client.post(change_url(hand_entered), data).status_code in (302, 403)
    hand_entered.refresh_from_db()
    assert hand_entered.forgaenger is None


@pytest.mark.django_db
def test_the_lock_holds_for_the_predecessor(client, hand_entered):
    client.force_login(user_in_role("Sekretariat"))
    data = form_data(client.get(change_url(hand_entered)))
    data["forgaenger"] = exit_2020().pk
    publish(hand_entered.plan)
    client.post(change_url(hand_entered), data)
    hand_entered.refresh_from_db()
    assert hand_entered.forgaenger is None


@pytest.mark.django_db
def test_sections_and_goals_offer_their_own_kind(client, draft2021):
    client.force_login(user_in_role("Sekretariat"))
    sub = Afsnit.objects.get(plan=draft2021, nummer="4.5")
    sub_page = reverse("admin:samarbejdsplan_subafsnit_change", args=[sub.pk])
    sub_choices = client.get(sub_page).context["adminform"].form.fields["forgaenger"].queryset
    assert [(a.plan.aar, a.nummer) for a in sub_choices] == [(2020, "4.5")]
    national = Afsnit.objects.get(plan=draft2021, nummer="3.1.2")
    # The general page offers the section's own kind too, as the kind's page does.
    all_sections = offered(client, national)
    assert 1 < all_sections.count() < 20
    assert set(all_sections.values_list("art", flat=True)) == {national.art}
    goal = Maal.objects.filter(afsnit__plan=draft2021).first()
    goals = offered(client, goal)
    assert goals.count() == 18
    assert set(goals.values_list("afsnit__plan__aar", flat=True)) == {2020}


@pytest.mark.django_db
def test_the_first_plan_offers_no_predecessor(client, plan2020):
    user = user_in_role("superuser")
    plan2020.genaabn(user)  # open for editing; no plan before it
    client.force_login(user)
    assert not offered(client, Indsats.objects.get(plan=plan2020, slug="bo-trygt")).exists()


SECTION_PAGES = [
    "admin:samarbejdsplan_afsnit_change",
    "admin:samarbejdsplan_nationaltfokusomraade_change",
]


def post_forgaenger(client, url, forgaenger):
    data = form_data(client.get(url))
    data["forgaenger"] = forgaenger.pk
    return client.post(url, data)


@pytest.mark.django_db
@pytest.mark.parametrize("page", SECTION_PAGES)
def test_a_section_of_another_kind_is_refused_on_every_page(client, draft2021, page):
    client.force_login(user_in_role("Sekretariat"))
    national = Afsnit.objects.get(plan=draft2021, nummer="3.1.2")
    assert national.art == Art.NATIONAL
    sub_2020 = Afsnit.objects.get(plan__aar=2020, art=Art.SUB)
    response = post_forgaenger(client, reverse(page, args=[national.pk]), sub_2020)
    assert response.status_code == 200
    assert "Vælg forgængeren blandt" in response.content.decode()
    national.refresh_from_db()
    assert national.forgaenger.nummer == "3.1.2"  # as copy_plan set it
    national.forgaenger = sub_2020  # and the model refuses it, whatever writes it
    with pytest.raises(ValidationError, match="samme art"):
        national.full_clean()


@pytest.mark.django_db
@pytest.mark.parametrize("page", SECTION_PAGES)
def test_a_section_continued_already_is_refused_naming_the_other(client, draft2021, page):
    client.force_login(user_in_role("Sekretariat"))
    national = Afsnit.objects.get(plan=draft2021, nummer="3.1.2")
    taken = Afsnit.objects.get(plan__aar=2020, nummer="3.1.1")
    assert taken.art == national.art
    response = post_forgaenger(client, reverse(page, args=[national.pk]), taken)
    assert response.status_code == 200
    successor = Afsnit.objects.get(plan=draft2021, nummer="3.1.1")
    said = f"»{taken}« er allerede forgænger for »{successor}« i planen for 2021"
    assert said in response.content.decode()
    national.refresh_from_db()
    assert national.forgaenger.nummer == "3.1.2"


@pytest.mark.django_db
def test_an_initiative_continued_already_is_refused_naming_the_other(client, hand_entered):
    client.force_login(user_in_role("Sekretariat"))
    bo_trygt_2020 = Indsats.objects.get(plan__aar=2020, slug="bo-trygt")
    response = post_forgaenger(client, change_url(hand_entered), bo_trygt_2020)
    assert response.status_code == 200
    assert "»Bo Trygt« er allerede forgænger for »Bo Trygt« i planen for 2021" in (
        response.content.decode()
    )
    hand_entered.refresh_from_db()
    assert hand_entered.forgaenger is None


@pytest.mark.django_db
def test_an_inline_row_with_a_taken_predecessor_is_refused_not_a_crash(client, draft2021):
    """Rows linked twice before the rule (by a crafted POST): editing one in the section's
    inline table, which has no predecessor field, says why instead of failing."""
    client.force_login(user_in_role("Sekretariat"))
    bo_trygt = Indsats.objects.get(plan=draft2021, slug="bo-trygt")
    twin = Indsats.objects.filter(afsnit=bo_trygt.afsnit).exclude(pk=bo_trygt.pk).first()
    Indsats.objects.filter(pk=twin.pk).update(forgaenger=bo_trygt.forgaenger)
    url = reverse("admin:samarbejdsplan_afsnit_change", args=[bo_trygt.afsnit_id])
    data = form_data(client.get(url))
    row = next(k for k, v in data.items() if k.endswith("-id") and str(v) == str(twin.pk))
    data[row.replace("-id", "-titel")] = "Nyt navn"
    response = client.post(url, data)
    assert response.status_code == 200
    assert "er allerede forgænger for" in response.content.decode()
    twin.refresh_from_db()
    assert twin.titel != "Nyt navn"

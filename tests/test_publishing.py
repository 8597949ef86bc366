"""Publishing a plan through the admin, the lock on published content, and reopening."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from indsatser.models import Indsats
from samarbejdsplan.models import Samarbejdsplan, Status

CHANGELIST = reverse("admin:samarbejdsplan_samarbejdsplan_changelist")


@pytest.fixture
def sekretaer(client):
    user = User.objects.create_user("sekretaer", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name="Sekretariat"))
    client.force_login(user)
    return user


def action(client, name, plan, confirmed=True, **extra):
    data = {"action": name, "_selected_action": [plan.pk], **extra}
    if confirmed:
        data["bekraeftet"] = "ja"
    return client.post(CHANGELIST, data)


@pytest.mark.django_db
def test_publishing_asks_for_confirmation_then_records_who_and_when(client, draft2021, sekretaer):
    asked = action(client, "offentliggoer", draft2021, confirmed=False)
    assert asked.status_code == 200
    assert "Ja, offentliggør samarbejdsplan" in asked.content.decode()
    draft2021.refresh_from_db()
    assert draft2021.status == Status.KLADDE  # nothing happens before the confirmation

    done = action(client, "offentliggoer", draft2021)
    assert done.status_code == 302
    draft2021.refresh_from_db()
    assert draft2021.status == Status.OFFENTLIGGJORT
    assert draft2021.offentliggjort_af == sekretaer
    assert draft2021.offentliggjort is not None
    assert draft2021.rettet is None
    last = draft2021.history.first()
    assert last.history_user == sekretaer
    assert last.history_change_reason == "Offentliggjort af sekretaer"
    # Now public.
    client.logout()
    assert client.get("/2021/").status_code == 200


@pytest.mark.django_db
def test_a_published_plans_content_is_read_only(client, plan2020, sekretaer):
    indsats = Indsats.objects.get(plan=plan2020, slug="bo-trygt")
    url = reverse("admin:indsatser_indsats_change", args=[indsats.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert 'name="_save"' not in page.content.decode()
    assert "er offentliggjort og derfor låst" in page.content.decode()
    assert client.post(url, {"titel": "Rettet"}).status_code == 403
    delete = reverse("admin:indsatser_indsats_delete", args=[indsats.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Indsats.objects.get(pk=indsats.pk).titel == "Bo Trygt"
    # Nor can new content be placed in it: its sections are not offered.
    add = client.get(reverse("admin:indsatser_indsats_add"))
    assert indsats.afsnit not in add.context["adminform"].form.fields["afsnit"].queryset
    # The plan itself: read-only, and not deletable, not even in bulk.
    plan_page = client.get(
        reverse("admin:samarbejdsplan_samarbejdsplan_change", args=[plan2020.pk])
    )
    assert plan_page.context["has_change_permission"] is False
    assert "delete_selected" not in str(client.get(CHANGELIST).context["action_form"])


@pytest.mark.django_db
def test_publishing_twice_is_refused(client, plan2020, sekretaer):
    response = action(client, "offentliggoer", plan2020)
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Kun kladder og genåbnede planer" in m for m in messages)


@pytest.mark.django_db
def test_reopen_unlocks_keeps_it_public_and_shows_rettet(client, plan2020, sekretaer):
    asked = action(client, "genaabn", plan2020, confirmed=False)
    assert "Ja, genåbn samarbejdsplan for rettelse" in asked.content.decode()
    action(client, "genaabn", plan2020)
    plan2020.refresh_from_db()
    assert plan2020.status == Status.GENAABNET
    assert plan2020.rettet is not None
    assert plan2020.history.first().history_change_reason == "Genåbnet for rettelse af sekretaer"

    indsats = Indsats.objects.get(plan=plan2020, slug="bo-trygt")
    page = client.get(reverse("admin:indsatser_indsats_change", args=[indsats.pk]))
    assert page.context["has_change_permission"] is True

    client.logout()
    public = client.get("/2020/")
    assert public.status_code == 200  # still public while corrected
    assert "rettet" in public.content.decode()
    assert "KLADDE" not in public.content.decode()

    approved = plan2020.offentliggjort
    client.force_login(sekretaer)
    action(client, "offentliggoer", plan2020)
    plan2020.refresh_from_db()
    assert plan2020.status == Status.OFFENTLIGGJORT
    assert plan2020.offentliggjort == approved  # the approval date stays
    assert plan2020.rettet is not None


@pytest.mark.django_db
def test_only_published_plans_can_be_reopened(client, draft2021, sekretaer):
    action(client, "genaabn", draft2021)
    assert Samarbejdsplan.objects.get(pk=draft2021.pk).status == Status.KLADDE

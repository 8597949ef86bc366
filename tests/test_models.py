"""Rules the database enforces, with the Danish messages the admin shows."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from common.text import render_markdown, slug_da
from indsatser.models import Indsats
from kommuner.models import Kommune
from samarbejdsplan.models import (
    Afsnit,
    Art,
    NationaltFokusomraade,
    Samarbejdsplan,
    SSPAfsnit,
    SUBAfsnit,
)


def test_slugs_spell_danish_letters_out():
    assert slug_da("Læsø") == "laesoe"
    assert slug_da("Ærø Å") == "aeroe-aa"
    assert slug_da("Høje-Taastrup") == "hoeje-taastrup"


@pytest.mark.django_db
def test_kommune_slug_is_made_from_the_name():
    assert Kommune.objects.create(navn="Nørre Læsø", kommunekode=901).slug == "noerre-laesoe"


@pytest.mark.django_db
def test_a_second_plan_for_a_year_is_refused(plan2020):
    duplicate = Samarbejdsplan(aar=2020, politikreds="Sydøstjyllands Politi")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.message_dict["aar"] == ["Der findes allerede en samarbejdsplan for det år."]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db
def test_a_year_outside_2000_2100_is_refused():
    plan = Samarbejdsplan(aar=1999, politikreds="Sydøstjyllands Politi")
    with pytest.raises(ValidationError) as error:
        plan.full_clean()
    assert "aar" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        plan.save()


@pytest.mark.django_db
def test_a_published_plan_needs_a_publication_date():
    with pytest.raises(IntegrityError), transaction.atomic():
        Samarbejdsplan.objects.create(aar=2030, politikreds="X", status="offentliggjort")


@pytest.mark.django_db
def test_a_duplicate_number_in_one_plan_is_refused(plan2020):
    duplicate = Afsnit(plan=plan2020, nummer="3.1.4", titel="Endnu et afsnit")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.messages == ["Planen har allerede et afsnit med det nummer."]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    # The same number in another plan is fine.
    other = Samarbejdsplan.objects.create(aar=2021, politikreds="Sydøstjyllands Politi")
    Afsnit.objects.create(plan=other, nummer="3.1.4", titel="Grænseområder")


@pytest.mark.django_db
def test_a_duplicate_kommunekode_is_refused(plan2020):
    duplicate = Kommune(navn="Nyby", kommunekode=615)
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert error.value.message_dict["kommunekode"] == [
        "Der findes allerede en kommune med den kommunekode."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db
def test_a_duplicate_kommune_slug_is_refused(plan2020):
    with pytest.raises(IntegrityError), transaction.atomic():
        Kommune.objects.create(navn="Horsens", slug="horsens", kommunekode=999)


@pytest.mark.django_db
def test_section_numbers_have_one_to_three_levels_under_an_existing_parent(plan2020):
    for bad in ["3.1.4.2", "0", "3.", "a", "3..1"]:
        with pytest.raises(ValidationError) as error:
            Afsnit(plan=plan2020, nummer=bad, titel="X").full_clean()
        assert "nummer" in error.value.message_dict, bad
    with pytest.raises(ValidationError) as error:
        Afsnit(plan=plan2020, nummer="5.1", titel="X").full_clean()
    assert error.value.message_dict["nummer"] == [
        "Planen har intet afsnit 5, som dette afsnit kan høre under."
    ]
    Afsnit(plan=plan2020, nummer="3.1.9", titel="Nyt fokusområde").full_clean()
    afsnit = Afsnit.objects.get(plan=plan2020, nummer="3.1.4")
    assert (afsnit.niveau, afsnit.overskriftsniveau, afsnit.anker) == (3, 4, "afsnit-3-1-4")


@pytest.mark.django_db
def test_proxy_models_give_each_kind_of_section_its_own_manager(plan2020):
    assert list(SSPAfsnit.objects.values_list("nummer", flat=True)) == ["2.1", "2.2"]
    assert NationaltFokusomraade.objects.count() == 9
    assert [a.nummer for a in SUBAfsnit.objects.all()] == ["4.5"]
    nyt = NationaltFokusomraade.objects.create(plan=plan2020, nummer="3.1.9", titel="Nyt")
    assert Afsnit.objects.get(pk=nyt.pk).art == Art.NATIONAL


@pytest.mark.django_db
def test_initiative_takes_its_plan_and_slug_from_its_section(plan2020):
    afsnit = Afsnit.objects.get(plan=plan2020, nummer="4.4")
    indsats = Indsats.objects.create(afsnit=afsnit, titel="Øget tryghed på gaden")
    assert indsats.plan == plan2020
    assert indsats.slug == "oeget-tryghed-paa-gaden"


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "Den *generelle* indsats\n\n- **fed** punkt\n\n"
        '<script>alert("x")</script><img src=x onerror=alert(1)>[link](javascript:alert(1))'
    )
    assert "<em>generelle</em>" in html
    assert "<li><strong>fed</strong> punkt</li>" in html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html
    assert "<img" not in html


@pytest.mark.django_db
def test_str_and_urls(plan2020):
    afsnit = Afsnit.objects.get(plan=plan2020, nummer="3.1.2")
    assert str(plan2020) == "Samarbejdsplan 2020"
    assert str(afsnit) == "3.1.2 Indbrud i privat beboelse"
    assert plan2020.get_absolute_url() == "/2020/"
    assert afsnit.get_absolute_url() == "/2020/afsnit/3.1.2/"

"""A section page saved in the admin without edits changes nothing a comparison can see.

Browsers send a textarea's lines ended by CR LF; stored as sent, every saved
section would compare as "changed text" with an empty diff (found in the trial).
"""

import importlib

import pytest
from django.urls import reverse

from aendringer.sammenligning import compare
from aendringer.tests.helpers import publish
from indsatser.models import Indsats, Maal
from samarbejdsplan.export import render_export
from samarbejdsplan.models import Afsnit, Samarbejdsplan
from tests.admin_client import form_data, user_in_role


def as_a_browser_posts(data):
    """The admin's form as a browser sends it: every line break of a textarea as CR LF."""
    return {
        key: value.replace("\n", "\r\n") if isinstance(value, str) else value
        for key, value in data.items()
    }


def save_unchanged(client, afsnit, url_name):
    url = reverse(url_name, args=[afsnit.pk])
    data = as_a_browser_posts(form_data(client.get(url)))
    assert any("\r\n" in v for v in data.values() if isinstance(v, str))  # a real test
    response = client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]


@pytest.mark.django_db
def test_a_section_page_saved_without_edits_shows_no_change(client, draft2021):
    client.force_login(user_in_role("Sekretariat"))
    prose = Afsnit.objects.get(plan=draft2021, nummer="3.1.2")
    sub = Afsnit.objects.get(plan=draft2021, art="sub")
    # The general page and the kind's page, each with its initiatives and goals inline.
    save_unchanged(client, prose, "admin:samarbejdsplan_afsnit_change")
    save_unchanged(client, sub, "admin:samarbejdsplan_subafsnit_change")

    texts = [
        *Afsnit.objects.filter(plan=draft2021).values_list("tekst", flat=True),
        *Indsats.objects.filter(plan=draft2021).values_list("tekst", flat=True),
        *Maal.objects.filter(afsnit__plan=draft2021).values_list("tekst", flat=True),
    ]
    assert not [t for t in texts if "\r" in t]  # stored as the seed has it
    publish(draft2021)
    plan2020, plan2021 = Samarbejdsplan.objects.filter(aar__in=[2020, 2021]).order_by("aar")
    found = compare(plan2020, plan2021)
    assert found.ingen_aendringer
    assert all(o.aendret == 0 for o in found.optaelling.values())
    page = client.get("/2021/aendringer/").content.decode()
    assert '<p class="tom">Intet er ændret.</p>' in page
    assert 'class="maerke aendret"' not in page
    appendix = render_export(plan2021).decode()
    appendix = appendix[appendix.index('id="aendringer"') :]
    assert "<del" not in appendix and "<ins" not in appendix


@pytest.mark.django_db
def test_rows_saved_with_cr_lf_before_the_fix_are_no_change(draft2021):
    """Rows already stored with CR LF (or a space at a line's end) compare as unchanged."""
    afsnit = Afsnit.objects.get(plan=draft2021, nummer="3.1.2")
    Afsnit.objects.filter(pk=afsnit.pk).update(tekst=afsnit.tekst.replace("\n", " \r\n"))
    indsats = Indsats.objects.get(plan=draft2021, slug="bo-trygt")
    Indsats.objects.filter(pk=indsats.pk).update(tekst=indsats.tekst + " \r\n")
    indsats.refresh_from_db()
    plan2020 = Samarbejdsplan.objects.get(aar=2020)
    found = compare(plan2020, draft2021)
    assert found.ingen_aendringer
    assert not indsats.forskelle(indsats.forgaenger)


@pytest.mark.django_db
def test_the_migration_normalises_rows_saved_before(draft2021):
    from django.apps import apps

    migration = importlib.import_module("samarbejdsplan.migrations.0008_linjeskift")
    afsnit = Afsnit.objects.get(plan=draft2021, nummer="3.1.2")
    Afsnit.objects.filter(pk=afsnit.pk).update(tekst=afsnit.tekst.replace("\n", "\r\n"))
    assert "\r" in Afsnit.objects.get(pk=afsnit.pk).tekst
    migration.normalise(apps, None)
    assert Afsnit.objects.get(pk=afsnit.pk).tekst == afsnit.tekst

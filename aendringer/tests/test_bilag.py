"""The export's appendix "Ændringer siden <år>": there when there is an earlier plan,
self-contained and the same bytes each time."""

import re

import pytest
from django.core.management import call_command

from aendringer.tests.helpers import edit_the_copy, publish
from kommuner.models import Kommune
from samarbejdsplan.export import render_export
from samarbejdsplan.models import Eksport


@pytest.mark.django_db
def test_no_appendix_without_an_earlier_plan(plan2020):
    assert "Ændringer siden" not in render_export(plan2020).decode()


@pytest.mark.django_db
def test_the_appendix_shows_the_changes_and_is_deterministic(draft2021, tmp_path):
    edit_the_copy(draft2021)
    paths = [tmp_path / "a.html", tmp_path / "b.html"]
    for path in paths:
        call_command("export_plan", "2021", "-o", str(path))
    first, second = (path.read_bytes() for path in paths)
    assert first == second  # two runs, byte for byte
    document = first.decode()
    assert (
        '<li class="niveau-1"><a href="#aendringer">Bilag: Ændringer siden 2020</a></li>'
        in document
    )
    appendix = document[document.index('<section class="bilag" id="aendringer"') :]
    assert '<del><span class="sr-only">fjernet: </span>grundejerforeninger</del>' in appendix
    assert "Nabohjælp i boligområderne" in appendix
    assert "Ikke længere udpeget</dt><dd>Sundparken (Horsens)" in appendix
    # Self-contained: no link leaves the file.
    assert re.findall(r'href="(?!#)[^"]*"', appendix) == []
    kolding = render_export(draft2021, Kommune.objects.get(slug="kolding")).decode()
    assert "Bilag: Ændringer siden 2020" in kolding
    assert "Sundparken (Horsens)" not in kolding[kolding.index('id="aendringer"') :]


@pytest.mark.django_db
def test_the_published_snapshot_carries_the_appendix(draft2021):
    edit_the_copy(draft2021)
    publish(draft2021)
    snapshot = bytes(Eksport.objects.get(plan=draft2021).indhold).decode()
    assert "Bilag: Ændringer siden 2020" in snapshot

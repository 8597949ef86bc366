"""The account (statusrapport): self-contained, deterministic, as of a meeting (issue 19)."""

import re

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command

from indsatser.models import Indsats
from opfoelgning.models import Statusrapport
from opfoelgning.rapport import render_report
from tests.test_export import References

from .helpers import opdatering


def report(tmp_path, *args):
    path = tmp_path / "rapport.html"
    call_command("statusrapport", "2020", "-o", str(path), *args)
    return path.read_bytes()


@pytest.fixture
def updates(plan2020, kommune):
    bo_trygt = Indsats.objects.get(plan=plan2020, slug="bo-trygt")
    opdatering(bo_trygt, "i_gang", "2020-03-01", tekst="Marts: alle er i gang.")
    opdatering(bo_trygt, "gennemfoert", "2020-06-20", kommune=kommune("kolding"), tekst="Juni.")
    opdatering(bo_trygt, "udskudt", "2020-09-10", kommune=kommune("vejle"), tekst="September.")
    opdatering(bo_trygt, "opgivet", "2020-09-11", offentlig=False, tekst="Intern note.")
    return bo_trygt


def section(document, anchor):
    start = document.index(f'id="{anchor}"')
    return document[start : document.index("</section>", start)]


def test_the_years_account_has_every_status_and_all_public_updates(plan2020, updates, tmp_path):
    document = report(tmp_path).decode()
    item = section(document, "indsatser")
    bo_trygt = item[item.index('id="indsats-bo-trygt"') :][:1500]
    assert re.search(r"Kolding: <span class=\"status status-gennemfoert\">Gennemført", bo_trygt)
    assert re.search(r"Vejle: <span class=\"status status-udskudt\">Udskudt", bo_trygt)
    assert re.search(r"Horsens: <span class=\"status status-i_gang\">I gang", bo_trygt)
    assert item.count('class="indsats"') == plan2020.indsatser.count()
    texts = section(document, "opdateringer")
    assert texts.index("Marts:") < texts.index("Juni.") < texts.index("September.")
    assert "Intern note." not in document and "Opgivet</span>" not in document
    assert "Årets redegørelse" in document


def test_a_meetings_report_is_the_status_then_and_the_updates_since_the_last(
    plan2020, updates, tmp_path
):
    june = report(tmp_path, "--moede", "2020-07-01").decode()
    assert Statusrapport.objects.filter(moede="2020-07-01").exists()
    assert "Marts:" in june and "Juni." in june and "September." not in june
    assert "status-udskudt" not in section(june, "indsatser")  # Vejle's came later
    october = report(tmp_path, "--moede", "2020-10-01").decode()
    since = section(october, "opdateringer")
    assert "siden 1. juli 2020" in since
    assert "September." in since and "Juni." not in since and "Marts:" not in since
    # The status is as of the meeting, from all updates up to it.
    assert "status-gennemfoert" in section(october, "indsatser")
    # Made again, the June report is the same: its previous meeting has not changed.
    assert report(tmp_path, "--moede", "2020-07-01").decode() == june


def test_the_report_is_deterministic_and_refers_to_nothing_outside(plan2020, updates, tmp_path):
    first = report(tmp_path, "--kommune", "kolding")
    assert report(tmp_path, "--kommune", "kolding") == first
    assert render_report(plan2020) == render_report(plan2020)
    for data in (first, render_report(plan2020)):
        parser = References()
        parser.feed(data.decode())
        assert parser.found
        assert [ref for ref in parser.found if not ref.startswith("#")] == []
        assert not parser.tags & {"script", "link", "img", "iframe", "object", "embed", "base"}
        css = "\n".join(parser.styles)
        assert "@import" not in css and "url(" not in css
        assert "@page" in css  # the export's print rules: A4, page numbers


def test_the_municipality_excerpt_holds_only_its_part(plan2020, updates, tmp_path):
    document = report(tmp_path, "--kommune", "kolding").decode()
    assert "Uddrag for Kolding Kommune" in document
    assert "Vejle:" not in document and "September." not in document
    assert 'id="indsats-graensekontrol-i-billund-lufthavn"' not in document


def test_bad_arguments_are_danish_messages_and_write_nothing(plan2020, tmp_path):
    for args, message in (
        (["--moede", "1. juli"], "er ikke en dato"),
        (["--kommune", "oslo"], "er ikke part i"),
    ):
        with pytest.raises(CommandError, match=message):
            report(tmp_path, *args)
    with pytest.raises(CommandError, match="ingen samarbejdsplan for 1999"):
        call_command("statusrapport", "1999")
    assert not (tmp_path / "rapport.html").exists()
    assert not Statusrapport.objects.exists()


def test_the_years_account_is_downloadable_from_the_overview(plan2020, updates, client):
    cache.clear()
    page = client.get("/2020/opfoelgning/").content.decode()
    assert 'href="/2020/opfoelgning/statusrapport.html"' in page
    response = client.get("/2020/opfoelgning/statusrapport.html")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="statusrapport-2020.html"'
    assert response.content == render_report(plan2020)
    assert "script-src 'none'" in response["Content-Security-Policy"]
    assert client.get("/2020/opfoelgning/statusrapport.html?kommune=oslo").status_code == 404

"""The yearly export: one self-contained, complete, deterministic HTML file,
frozen as a snapshot when the plan is published."""

import hashlib
import html
import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Permission, User
from django.core.management import CommandError, call_command
from django.utils.html import strip_tags

from common.text import render_markdown
from indsatser.models import Indsats, Maal
from kommuner.models import Boligomraade
from samarbejdsplan.export import render_export
from samarbejdsplan.models import Afsnit, Eksport

OTHER_THAN_KOLDING = ["Sundparken", "Finlandsparken", "Korskærparken"]


def visible(document):
    """The words a reader sees, on one line (no tags, entities decoded)."""
    return " ".join(html.unescape(strip_tags(document.partition("</head>")[2])).split())


def words(markdown_text):
    return visible("</head>" + render_markdown(markdown_text))


def export(tmp_path, *args):
    out = tmp_path / "eksport.html"
    call_command("export_plan", *args, "--output", str(out))
    return out.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_the_export_carries_every_text_of_the_plan(plan2020, tmp_path):
    document = export(tmp_path, "2020")
    assert document.startswith("<!DOCTYPE html>")
    assert '<html lang="da">' in document
    for kommune in plan2020.kommuner.all():
        assert f"<li>{kommune.navn}</li>" in document
    for afsnit in Afsnit.objects.filter(plan=plan2020):
        assert f'id="{afsnit.anker}"' in document and f'href="#{afsnit.anker}"' in document
        assert html.escape(afsnit.titel) in document
        assert render_markdown(afsnit.tekst) in document, afsnit
    seen = visible(document)
    for indsats in Indsats.objects.filter(plan=plan2020):
        assert html.escape(indsats.titel) in document
        # In its section's prose or printed under its title: either way there.
        assert words(indsats.tekst) in seen
        for aktoer in [*indsats.ansvarlige(), *indsats.involverede()]:
            assert html.escape(str(aktoer)) in document
    for maal in Maal.objects.filter(afsnit__plan=plan2020):
        assert html.escape(maal.tekst) in document
    for underskriver in plan2020.underskrivere.all():
        assert html.escape(underskriver.navn) in document
    for omraade in Boligomraade.objects.filter(udpeget_i__plan=plan2020):
        assert f'<th scope="row">{omraade.navn}</th><td>{omraade.kommune.navn} Kommune' in document
    assert "Bilag: Indsatser og kommuner" in document
    assert "Offentliggjort 1. januar 2020" in document
    # In plan order.
    positions = [document.index(f'id="{a.anker}"') for a in plan2020.afsnit.all()]
    assert positions == sorted(positions)


# The pages' words (templates/includes/uden_tekst.html): a draft is not signed.
NO_TEXT = "{} har ingen tekst i planen, kun overskriften."


def entry(document, slug):
    """An initiative's entry in the export, up to the next entry or the box's end."""
    start = document.index(f'<div class="indsats" id="indsats-{slug}">')
    ends = [document.find(end, start + 1) for end in ('<div class="indsats" ', "</section>")]
    return document[start : min(e for e in ends if e > 0)]


@pytest.mark.django_db
def test_the_prose_is_printed_once_and_initiatives_in_it_as_compact_entries(plan2020):
    document = render_export(plan2020).decode()
    seen = visible(document)
    # The 2020 plan's initiatives are all passages of their sections' prose:
    # none is printed a second time, each is an entry with who and where.
    assert 'class="indsats-tekst"' not in document
    for indsats in Indsats.objects.filter(plan=plan2020).shown():
        text = entry(document, indsats.slug)
        assert f'<p class="indsats-titel">{html.escape(indsats.titel)}' in text
        assert f"<dt>Kommuner</dt><dd>{indsats.kommune_navne()}</dd>" in text
        for aktoer in indsats.ansvarlige():
            assert html.escape(str(aktoer)) in text
        if indsats.prioritet:
            assert indsats.get_prioritet_display() in text
        if len(indsats.tekst) > 40:  # the few words of "Gå-prøver" are also a title
            assert seen.count(words(indsats.tekst)) == 1, indsats
    # The nine points of 2.2 and of 4.5 stand once, in the prose; the goals'
    # boxes say where they are and whom they concern.
    for maal in Maal.objects.filter(afsnit__plan=plan2020):
        assert seen.count(maal.tekst) == 1, maal
    assert seen.count("De 9 mål står i teksten ovenfor. Kommuner: Alle kommuner") == 1
    assert "Mål for disse områder De 9 mål står i teksten ovenfor." in seen


@pytest.mark.django_db
def test_an_initiative_or_goal_not_in_the_prose_keeps_its_text(plan2020):
    Indsats.objects.filter(plan=plan2020, slug="bo-trygt").update(
        tekst="Et nyt *projekt* med boligforeningerne."
    )
    goal = Maal.objects.filter(afsnit__plan=plan2020, afsnit__nummer="2.2").first()
    Maal.objects.filter(pk=goal.pk).update(tekst="Et mål, som teksten ikke nævner")
    document = render_export(plan2020).decode()
    assert (
        '<div class="indsats-tekst"><p>Et nyt <em>projekt</em> med boligforeningerne.</p></div>'
        in entry(document, "bo-trygt")
    )
    assert "<li>Et mål, som teksten ikke nævner <span" in document
    assert "De 8 mål står i teksten ovenfor." in document
    # A text that is only part of a word of the prose is not "in the prose".
    Indsats.objects.filter(plan=plan2020, slug="bo-trygt").update(tekst="Tryg")
    assert 'class="indsats-tekst"><p>Tryg</p>' in render_export(plan2020).decode()


@pytest.mark.django_db
def test_a_heading_without_text_says_so(plan2020):
    """ "Responstider" stands in the signed plan as a heading with nothing under it."""
    indsats_note = NO_TEXT.format("Indsatsen")
    afsnit_note = NO_TEXT.format("Afsnittet")
    document = render_export(plan2020).decode()
    assert f'<p class="note">{indsats_note}</p>' in entry(document, "responstider")
    assert document.count(indsats_note) == 1
    assert afsnit_note not in document
    # A section with no prose and nothing else says so; a chapter whose text is
    # its subsections ("2") does not.
    Afsnit.objects.create(
        plan=plan2020, nummer="4.6", titel="Nyt afsnit", art="lokal", raekkefoelge=999
    )
    document = render_export(plan2020).decode()
    section = document.partition('id="afsnit-4-6"')[2].partition("</section>")[0]
    assert f'<p class="note">{afsnit_note}</p>' in section
    assert document.count(afsnit_note) == 1


@pytest.mark.django_db
def test_the_same_data_gives_the_same_bytes(plan2020, tmp_path):
    first = tmp_path / "a.html"
    second = tmp_path / "b.html"
    call_command("export_plan", "2020", "-o", str(first))
    call_command("export_plan", "2020", "-o", str(second))
    assert first.read_bytes() == second.read_bytes()
    kolding = plan2020.kommuner.get(slug="kolding")
    assert render_export(plan2020, kolding) == render_export(plan2020, kolding)


class References(HTMLParser):
    ATTRIBUTES = {"src", "href", "srcset", "action", "data", "poster", "background", "formaction"}

    def __init__(self):
        super().__init__()
        self.found, self.tags, self.styles = [], set(), []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self._in_style = tag == "style"
        for name, value in attrs:
            if name in self.ATTRIBUTES or name.endswith(":href"):
                self.found.append(value or "")
            if name == "style":
                self.styles.append(value or "")

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)


@pytest.mark.django_db
@pytest.mark.parametrize("kommune", [None, "kolding"])
def test_the_export_refers_to_nothing_outside_itself(plan2020, tmp_path, kommune):
    # An editor's link in the prose must not become a reference either.
    Afsnit.objects.filter(plan=plan2020, nummer="4.4").update(
        tekst="Se [politiet](https://politi.dk/sydoestjylland) og [os](mailto:a@b.dk)."
    )
    document = export(tmp_path, "2020", *(["--kommune", kommune] if kommune else []))
    parser = References()
    parser.feed(document)
    assert parser.found, "the table of contents links to its sections"
    outside = [ref for ref in parser.found if not ref.startswith(("#", "mailto:"))]
    assert outside == []
    assert not parser.tags & {"script", "link", "img", "iframe", "object", "embed", "base"}
    css = "\n".join(parser.styles)
    assert "@import" not in css
    assert [
        u for u in re.findall(r"url\(([^)]*)\)", css) if not u.strip("'\"").startswith("data:")
    ] == []
    if kommune is None:
        assert "politiet (https://politi.dk/sydoestjylland)" in document


def designated(document):
    """The housing areas in the export's tables of designated areas."""
    return set(re.findall(r'<tr><th scope="row">([^<]+)</th><td>[^<]+ Kommune</td></tr>', document))


@pytest.mark.django_db
def test_the_kolding_excerpt_holds_its_areas_and_no_others(plan2020, tmp_path):
    document = export(tmp_path, "2020", "--kommune", "kolding")
    assert designated(document) == {"Skovparken", "Munkebo"}
    # The signed sentence committing to the five areas names the others too:
    # it concerns Kolding, so the excerpt keeps it whole (the prose is the
    # plan's text); the structured items are Kolding's and the common ones.
    assert "Sundparken i Horsens, Finlandsparken i Vejle" in document
    assert 'id="indsats-graensekontrol-i-billund-lufthavn"' not in document  # Billund's own
    assert "Trygheds- og indbrudsprojektet" in document  # common to all
    assert "Uddrag for Kolding Kommune" in document
    full = render_export(plan2020).decode()
    assert designated(full) == {"Skovparken", "Munkebo", *OTHER_THAN_KOLDING}
    assert 'id="indsats-graensekontrol-i-billund-lufthavn"' in full


@pytest.mark.django_db
def test_default_file_name_and_standard_output(plan2020, tmp_path, monkeypatch, capfdbinary):
    monkeypatch.chdir(tmp_path)
    call_command("export_plan", "2020")
    assert (tmp_path / "samarbejdsplan-2020.html").read_bytes() == render_export(plan2020)
    call_command("export_plan", "2020", "--kommune", "vejle")
    assert (tmp_path / "samarbejdsplan-2020-vejle.html").exists()
    capfdbinary.readouterr()
    call_command("export_plan", "2020", "-o", "-")
    assert capfdbinary.readouterr().out == render_export(plan2020)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["1999"], "Der findes ingen samarbejdsplan for 1999."),
        (["2020", "--kommune", "oslo"], "Kommunen »oslo« er ikke part i Samarbejdsplan 2020."),
        (["2020", "-o", "/ingen/mappe/fil.html"], "Mappen /ingen/mappe findes ikke."),
    ],
)
def test_unknown_year_or_municipality_writes_nothing(
    plan2020, tmp_path, monkeypatch, args, message
):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CommandError, match=re.escape(message)):
        call_command("export_plan", *args)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_unknown_year_exits_non_zero_with_the_message(plan2020, tmp_path, capsys):
    from django.core.management import execute_from_command_line

    with pytest.raises(SystemExit) as exit_:
        execute_from_command_line(["manage.py", "export_plan", "1899", "-o", str(tmp_path / "x")])
    assert exit_.value.code != 0
    assert "Der findes ingen samarbejdsplan for 1899." in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


@pytest.mark.django_db
def test_an_export_that_fails_midway_leaves_the_old_file(plan2020, tmp_path, monkeypatch):
    target = tmp_path / "samarbejdsplan-2020.html"
    target.write_text("den gamle, godkendte fil", encoding="utf-8")

    def broken_fsync(fd):
        raise OSError("disken er fuld")  # after the bytes went to the temporary file

    monkeypatch.setattr("samarbejdsplan.export.os.fsync", broken_fsync)
    with pytest.raises(OSError, match="disken er fuld"):
        call_command("export_plan", "2020", "-o", str(target))
    assert target.read_text(encoding="utf-8") == "den gamle, godkendte fil"
    assert [p.name for p in tmp_path.iterdir()] == ["samarbejdsplan-2020.html"]  # no leftovers


@pytest.fixture
def sekretaer():
    return User.objects.create_superuser("sekretaer", "s@example.dk", "x")


@pytest.mark.django_db
def test_publishing_stores_a_snapshot_that_the_download_serves(client, draft2021, sekretaer):
    draft2021.offentliggoer(sekretaer)
    snapshot = Eksport.objects.get(plan=draft2021)
    assert snapshot.oprettet_af == sekretaer
    assert snapshot.sha256 == hashlib.sha256(bytes(snapshot.indhold)).hexdigest()

    response = client.get("/2021/eksport/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="samarbejdsplan-2021.html"'
    assert response.content == bytes(snapshot.indhold)

    # Reopen and correct: the download stays the approved document.
    draft2021.genaabn(sekretaer)
    Indsats.objects.filter(plan=draft2021, slug="bo-trygt").update(
        tekst="Rettet efter godkendelsen."
    )
    Afsnit.objects.filter(plan=draft2021, nummer="4.4").update(titel="Nyt navn")
    later = client.get("/2021/eksport/")
    assert later.content == bytes(snapshot.indhold)
    assert b"Rettet efter godkendelsen." not in later.content

    # Publishing again stores a new snapshot and keeps the old one.
    draft2021.refresh_from_db()
    draft2021.offentliggoer(sekretaer)
    assert Eksport.objects.filter(plan=draft2021).count() == 2
    newest = client.get("/2021/eksport/").content
    assert b"Rettet efter godkendelsen." in newest
    assert Eksport.objects.filter(plan=draft2021, sha256=snapshot.sha256).exists()


@pytest.mark.django_db
def test_a_snapshot_cannot_be_changed(draft2021, sekretaer):
    draft2021.offentliggoer(sekretaer)
    snapshot = Eksport.objects.get(plan=draft2021)
    snapshot.indhold = b"forfalsket"
    with pytest.raises(ValueError, match="kan ikke ændres"):
        snapshot.save()


@pytest.mark.django_db
def test_the_2020_plan_arrives_with_its_snapshot(client, plan2020):
    snapshot = Eksport.objects.get(plan=plan2020)
    assert client.get("/2020/eksport/").content == bytes(snapshot.indhold)


@pytest.mark.django_db
def test_draft_downloads_only_for_readers_with_permission(client, draft2021):
    assert client.get("/2021/eksport/").status_code == 404
    reader = User.objects.create_user("kredsraad", password="x")
    reader.user_permissions.add(Permission.objects.get(codename="view_samarbejdsplan"))
    client.force_login(reader)
    response = client.get("/2021/eksport/")
    assert response.status_code == 200
    assert b"<strong>KLADDE</strong>" in response.content


@pytest.mark.django_db
def test_the_municipality_excerpt_as_a_download(client, plan2020):
    response = client.get("/2020/eksport/", {"kommune": "kolding"})
    assert response.status_code == 200
    assert 'filename="samarbejdsplan-2020-kolding.html"' in response["Content-Disposition"]
    assert designated(response.content.decode()) == {"Munkebo", "Skovparken"}
    assert client.get("/2020/eksport/", {"kommune": "oslo"}).status_code == 404
    assert client.get("/2019/eksport/").status_code == 404


@pytest.mark.django_db
def test_the_admin_action_exports_the_plan(client, plan2020, sekretaer):
    client.force_login(sekretaer)
    response = client.post(
        "/admin/samarbejdsplan/samarbejdsplan/",
        {"action": "eksporter", "_selected_action": [plan2020.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="samarbejdsplan-2020.html"'
    assert response.content == render_export(plan2020)
    listing = client.get(f"/admin/samarbejdsplan/samarbejdsplan/{plan2020.pk}/change/")
    snapshot = Eksport.objects.get(plan=plan2020)
    assert snapshot.sha256 in listing.content.decode()
    assert f"{len(snapshot.indhold) / 1024:.0f} KB" in listing.content.decode()


@pytest.mark.django_db
def test_an_exported_file_is_readable_by_others_as_any_new_file(plan2020, tmp_path):
    """A file for a USB stick or a share: the umask's permissions, not owner-only."""
    import os
    import stat

    from django.core.management import call_command

    umask = os.umask(0o022)
    try:
        call_command("export_plan", "2020", output=str(tmp_path / "plan.html"))
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "plan.html").stat().st_mode) == 0o644

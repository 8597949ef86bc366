"""`importer_plan <år> <fil>`: Danish messages, exit 1 and nothing written on any error."""

import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from samarbejdsplan.models import Afsnit, Samarbejdsplan, Underskriver

from .word import document_of, plan_document

GAP = document_of(
    ("Heading 1", "1. Indledning"),
    ("Normal", "Tekst."),
    ("Heading 1", "3. Lokale fokusområder"),
    ("Normal", "Tekst."),
)
DUPLICATE = document_of(
    ("Heading 1", "1. Indledning"),
    ("Normal", "Tekst."),
    ("Heading 1", "1. Indledning igen"),
    ("Normal", "Tekst."),
)


def run(tmp_path, name, content, *args):
    path = tmp_path / name
    path.write_bytes(content)
    out, err = io.StringIO(), io.StringIO()
    call_command("importer_plan", *args, str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def nothing_written():
    return (
        not Samarbejdsplan.objects.filter(aar=2031).exists()
        and not Afsnit.objects.filter(plan__aar=2031).exists()
        and not Underskriver.objects.filter(plan__aar=2031).exists()
    )


@pytest.mark.django_db
def test_the_command_imports_the_2020_document(tmp_path):
    out, err = run(tmp_path, "plan.docx", plan_document(), "2031")
    assert "20 nye afsnit" in out and "8 underskrivere" in out
    assert err == ""
    plan = Samarbejdsplan.objects.get(aar=2031)
    assert plan.afsnit.count() == 20 and plan.status == "kladde"
    assert plan.politikreds == "Sydøstjyllands Politi"


@pytest.mark.django_db
def test_a_gap_in_the_numbering_is_a_warning_and_the_plan_is_made(tmp_path):
    out, err = run(tmp_path, "hul.docx", GAP, "2031")
    assert "Hul i nummereringen: 3 kommer efter 1, men 2 mangler." in err
    assert Samarbejdsplan.objects.get(aar=2031).afsnit.count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("dobbelt.docx", DUPLICATE, "Nummeret 1 står to gange"),
        ("tom.docx", document_of(), "Filen er tom"),
        ("tom.txt", b"", "Filen er tom"),
        ("plan.docx", b"%PDF-1.4 not a zip", "kan ikke læses som et Word-dokument"),
        ("plan.pdf", b"%PDF-1.4", "kan ikke importeres"),
        ("plan.doc", b"\xd0\xcf\x11\xe0", "gamle format (.doc)"),
        ("plan.txt", b"\xff\xfe1\x00.\x00", "kan ikke læses som tekst"),
        ("plan.txt", plan_document(), "ikke tekst"),
        ("uden.txt", b"Bare tekst\n\nog mere", "ingen nummererede overskrifter"),
        ("fire.txt", b"1. A\n\n1.1 B\n\n1.1.1 C\n\n1.1.1.1 D\n", "én til tre dele"),
        ("foraeldreloes.txt", b"1. A\n\nx\n\n2.1 B\n\ny\n", "intet afsnit 2"),
    ],
)
def test_a_bad_source_is_refused_with_a_danish_message_and_nothing_written(
    tmp_path, name, content, message
):
    with pytest.raises(CommandError, match=re.escape(message)):
        run(tmp_path, name, content, "2031")
    assert nothing_written()


def test_a_year_taken_is_refused(tmp_path, plan2020):
    before = Afsnit.objects.count()
    with pytest.raises(CommandError, match="Der findes allerede en samarbejdsplan for 2020"):
        run(tmp_path, "plan.docx", plan_document(), "2020")
    assert Afsnit.objects.count() == before


def test_the_published_plan_is_not_imported_into(tmp_path, plan2020):
    with pytest.raises(CommandError, match="offentliggjort og låst"):
        run(tmp_path, "plan.docx", plan_document(), "2020", "--kladde")


@pytest.mark.parametrize("year", ["1999", "2101"])
def test_a_year_outside_the_plans_range_is_refused(tmp_path, db, year):
    with pytest.raises(CommandError, match="mellem 2000 og 2100"):
        run(tmp_path, "plan.docx", plan_document(), year)
    assert not Samarbejdsplan.objects.exists()


def test_the_text_replaces_the_prose_of_a_copied_draft(tmp_path, draft2021):
    text = b"4.4 Vold\n\nNy tekst om vold.\n"
    out, err = run(tmp_path, "vold.txt", text, "2021", "--kladde")
    assert "0 nye afsnit, 1 ændret, 0 uændrede" in out
    assert err == ""  # 4.3 is in the draft: no gap
    assert draft2021.afsnit.get(nummer="4.4").tekst == "Ny tekst om vold."
    assert draft2021.afsnit.count() == 20


RENAMED = b"3.1.2 Droner\n\nDroner over byen.\n"


def test_a_draft_import_names_each_change_and_warns_of_a_renamed_sections_initiatives(
    tmp_path, draft2021
):
    section = draft2021.afsnit.get(nummer="3.1.2")
    old_title = section.titel
    initiatives, goals = section.indsatser.count(), section.maal.count()
    assert initiatives  # the 2020 plan's burglary initiatives
    out, err = run(tmp_path, "droner.txt", RENAMED, "2021", "--kladde")
    assert f"Ændres: 3.1.2 »{old_title}« → »Droner« (titel og tekst)" in out
    assert f"skifter titel fra »{old_title}« til »Droner«" in err
    has = f"{initiatives} indsatser" + (f" og {goals} mål" if goals else "")
    assert f"Afsnittet har {has}, som bliver stående under den nye titel" in err


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "findes-ikke.docx", "Filen {fil} findes ikke."),
        (lambda tmp: tmp, "{fil} er en mappe, ikke en fil."),
    ],
)
def test_os_errors_are_danish(tmp_path, db, make, message):
    path = make(tmp_path)
    with pytest.raises(CommandError) as raised:
        call_command("importer_plan", "2031", str(path))
    assert str(raised.value).startswith(message.format(fil=path))
    assert "No such" not in str(raised.value) and "Is a directory" not in str(raised.value)
    assert nothing_written()


def test_a_file_without_read_permission_is_a_danish_error(tmp_path, db, monkeypatch):
    path = tmp_path / "laast.txt"
    path.write_bytes(b"1. A\n\nx\n")

    def refuse(self):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "read_bytes", refuse)  # the tests run as root
    with pytest.raises(CommandError) as raised:
        call_command("importer_plan", "2031", str(path))
    assert str(raised.value) == f"Der er ikke adgang til at læse filen {path}."
    assert nothing_written()


def test_a_year_that_is_not_a_number_is_a_danish_error_with_exit_1(tmp_path, db):
    with pytest.raises(CommandError, match="»abc« er ikke et år") as raised:
        run(tmp_path, "plan.txt", b"1. A\n\nx\n", "abc")
    assert raised.value.returncode == 1
    assert nothing_written()


def test_help_still_works(capsys):
    with pytest.raises(SystemExit) as raised:
        call_command("importer_plan", "--help")
    assert raised.value.code == 0
    assert "--kladde" in capsys.readouterr().out


def test_kladde_without_a_plan_says_there_is_no_draft(tmp_path, db):
    with pytest.raises(CommandError, match="Der er ingen kladde for 2098"):
        run(tmp_path, "plan.txt", b"1. A\n\nx\n", "2098", "--kladde")
    assert not Samarbejdsplan.objects.filter(aar=2098).exists()

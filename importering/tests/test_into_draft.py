"""Importing next year's text into a draft made with copy_plan: the prose changes,
initiatives and goals stay, and only what the preview showed is written."""

import pytest

from importering.parsing import ImportFejl, parse_source
from importering.saving import PlanenErAendret, fingerprint, plan_import, save_import
from samarbejdsplan.models import Afsnit
from tests.plan_source import read_source

NEW_4_4 = "Volden mod kommunernes medarbejdere følges i 2021 hver måned."


def text_for_2021():
    """The 2020 text with 4.4's prose rewritten, 4.3 gone, and a new 4.6."""
    source = read_source()
    start = source.rindex("4.4 Vold")
    end = source.rindex("4.5 Særlig")
    source = source[:start] + f"4.4 Vold\n\n{NEW_4_4}\n\n" + source[end:]
    source = source.replace("4.3 Social søg", "4.3 Social søg (Socialsøg)")
    return source + "\n\n4.6 Cyber\n\nNyt fokus i 2021 på *digitale* krænkelser.\n"


def test_the_preview_shows_what_changes_and_the_import_writes_exactly_that(draft2021):
    source = text_for_2021().encode()
    resultat = parse_source(source, "plan-2021.txt")
    preview = plan_import(resultat, 2021)
    changed = {a.afsnit.nummer: a.felter for a in preview.aendringer if a.handling == "ændret"}
    new = [a.afsnit.nummer for a in preview.aendringer if a.handling == "ny"]
    # 4.5 differs already: the text has the PDF's "Finlands-parken", the draft the repaired name.
    assert changed == {"4.3": ["titel"], "4.4": ["tekst"], "4.5": ["tekst"]}
    assert new == ["4.6"]
    assert preview.beholdes == [] and preview.fejl == []

    before = {a.nummer: (a.version, a.tekst) for a in draft2021.afsnit.all()}
    initiatives = draft2021.indsatser.count()
    plan, antal = save_import(resultat, 2021, "plan-2021.txt")
    assert plan == draft2021
    assert antal == {"ny": 1, "ændret": 3, "uændret": 17, "underskrivere": 0}
    after = {a.nummer: a for a in plan.afsnit.all()}
    moved = {n for n, (version, _) in before.items() if after[n].version != version}
    assert moved == set(changed)
    assert after["4.4"].tekst == NEW_4_4
    assert after["4.3"].titel == "Social søg (Socialsøg)"
    assert after["4.6"].tekst == "Nyt fokus i 2021 på *digitale* krænkelser."
    assert after["4.6"].art == "lokal"  # from its parent 4
    assert after["4.4"].history.first().history_change_reason == "Importeret fra plan-2021.txt"
    # Initiatives, goals and signatories are not in the text: they stay as copied.
    assert plan.indsatser.count() == initiatives
    assert plan.underskrivere.count() == 8


def test_sections_the_document_lacks_are_kept(draft2021):
    resultat = parse_source(b"1. Indledning\n\nKort indledning.\n", "kort.txt")
    preview = plan_import(resultat, 2021)
    assert len(preview.beholdes) == 19
    save_import(resultat, 2021, "kort.txt")
    assert draft2021.afsnit.count() == 20
    assert Afsnit.objects.get(plan=draft2021, nummer="1").tekst == "Kort indledning."


def test_an_error_writes_nothing_in_the_draft(draft2021):
    before = list(draft2021.afsnit.values_list("nummer", "version"))
    resultat = parse_source(b"1. Indledning\n\nNy.\n\n5.2 Uden 5\n\nTekst.\n", "fejl.txt")
    with pytest.raises(ImportFejl, match="intet afsnit 5"):
        save_import(resultat, 2021, "fejl.txt")
    assert list(draft2021.afsnit.values_list("nummer", "version")) == before


def test_the_fingerprint_moves_when_the_draft_changes(draft2021):
    before = fingerprint(2021)
    afsnit = draft2021.afsnit.get(nummer="2.1")
    afsnit.tekst += " Mere."
    afsnit.save()
    assert fingerprint(2021) != before
    assert fingerprint(2040) == "ingen"


def test_a_plan_made_after_the_preview_stops_the_import(draft2021):
    """Previewed as a new year ("ingen" plan), confirmed after someone made the plan."""
    resultat = parse_source(b"1. Indledning\n\nNy.\n", "ny.txt")
    before = list(draft2021.afsnit.values_list("nummer", "version"))
    with pytest.raises(PlanenErAendret, match="er ændret, siden du så forhåndsvisningen"):
        save_import(resultat, 2021, "ny.txt", aftryk="ingen")
    assert list(draft2021.afsnit.values_list("nummer", "version")) == before

"""The 2020 plan, imported from its Word document and from its text, is the 2020 fixture.

The one difference is the source's own: the text in tests/data/ is the
signed PDF's, which broke "Finlandsparken" over a line as "Finlands-parken";
the fixture has the repaired name (README, "The signed text as test data").
A Word document written from that text carries the hyphen, and the import
keeps prose verbatim, so 4.5 differs by exactly that and nothing else.
"""

import json
from pathlib import Path

import pytest
from django.conf import settings

from importering.parsing import parse_source
from importering.saving import save_import
from samarbejdsplan.models import Samarbejdsplan
from tests.plan_source import SOURCE, read_source

from .word import plan_document

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "samarbejdsplan-2020.json"
ARTEFACT = ("Finlands-parken", "Finlandsparken")


def fixture_sections():
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return [
        (r["fields"]["nummer"], r["fields"]["titel"], r["fields"]["tekst"], r["fields"]["art"])
        for r in rows
        if r["model"] == "samarbejdsplan.afsnit"
    ]


def fixture_signatories():
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))
    return [r["fields"]["navn"] for r in rows if r["model"] == "samarbejdsplan.underskriver"]


def imported_sections(plan):
    return [
        (a.nummer, a.titel, a.tekst.replace(*ARTEFACT), a.art)
        for a in plan.afsnit.order_by("raekkefoelge")
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["docx", "txt"])
def test_the_2020_source_imported_into_an_empty_year_is_the_2020_fixture(kind):
    content = plan_document() if kind == "docx" else SOURCE.read_bytes()
    resultat = parse_source(content, f"samarbejdsplan-2020.{kind}")
    assert resultat.fejl == []
    assert resultat.advarsler == [] and resultat.huller == []
    plan, antal = save_import(resultat, 2030, f"samarbejdsplan-2020.{kind}")

    assert imported_sections(plan) == fixture_sections()
    # The repair is the only difference: the hyphen is in 4.5's imported prose.
    assert [a.nummer for a in plan.afsnit.all() if ARTEFACT[0] in a.tekst] == ["4.5"]
    assert [a.niveau for a in plan.afsnit.order_by("raekkefoelge")] == [
        n.count(".") + 1 for n, *_ in fixture_sections()
    ]
    # The names under the introduction are the plan's signatories, not its prose.
    assert list(plan.underskrivere.values_list("navn", flat=True)) == fixture_signatories()
    assert antal == {"ny": 20, "ændret": 0, "uændret": 0, "underskrivere": 8}
    # The cover and the contents are recognised and left out.
    assert "KREDSRÅDET" in resultat.forside and "Horsens" in resultat.forside
    assert resultat.indhold == 20
    assert plan.status == "kladde"


@pytest.mark.django_db
def test_the_import_is_in_the_history_naming_the_file():
    save_import(parse_source(plan_document(), "plan.docx"), 2030, "plan.docx")
    plan = Samarbejdsplan.objects.get(aar=2030)
    reasons = {h.history_change_reason for h in plan.history.all()}
    reasons |= {h.history_change_reason for a in plan.afsnit.all() for h in a.history.all()}
    assert reasons == {"Importeret fra plan.docx"}


def test_the_word_document_holds_what_the_brief_asks():
    import io

    import docx

    document = docx.Document(io.BytesIO(plan_document()))
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3", "List Bullet", "List Bullet 2"} <= styles
    assert any("\t" in p.text for p in document.paragraphs)  # contents with page numbers
    runs = [r for p in document.paragraphs for r in p.runs]
    assert any(r.bold for r in runs) and any(r.italic for r in runs)
    assert "Horsens" in document.paragraphs[0].text
    assert read_source().count("\n") > 200

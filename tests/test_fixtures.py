"""The 2020 plan as fixtures: it loads, it is complete, and loading never overwrites edits."""

import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from indsatser.models import Aktoer, Deltagelse, Indsats, Maal, Prioritet
from kommuner.models import Boligomraade, Kommune
from samarbejdsplan.models import Afsnit, Samarbejdsplan, Status, Underskriver
from tests.fixtures import load_initial_plan
from tests.plan_source import SOURCE

ROOT = Path(__file__).resolve().parent.parent
SEED = SOURCE  # the signed text, kept in the repository (tests/data/)


def plain(markdown_text):
    """A section's Markdown as the words a reader sees, one line per block."""
    text = re.sub(r"\*+", "", markdown_text)
    return [re.sub(r"^\s*- ", "", line).strip() for line in text.splitlines() if line.strip()]


def test_fixtures_load_into_an_empty_database(db):
    assert not Samarbejdsplan.objects.exists()
    out = load_initial_plan()

    plan = Samarbejdsplan.objects.get()
    assert "Indlæst Samarbejdsplan 2020" in out
    assert (plan.aar, plan.titel, plan.raad, plan.politikreds) == (
        2020,
        "Samarbejdsplan",
        "Kredsrådet",
        "Sydøstjyllands Politi",
    )
    assert plan.status == Status.OFFENTLIGGJORT and plan.offentliggjort is not None
    assert {k.navn: k.kommunekode for k in plan.kommuner.all()} == {
        "Horsens": 615,
        "Hedensted": 766,
        "Vejle": 630,
        "Billund": 530,
        "Fredericia": 607,
        "Kolding": 621,
    }
    assert list(plan.afsnit.values_list("nummer", flat=True)) == [
        "1", "2", "2.1", "2.2", "3", "3.1", "3.1.1", "3.1.2", "3.1.3", "3.1.4",
        "3.1.5", "3.1.6", "3.1.7", "3.1.8", "4", "4.1", "4.2", "4.3", "4.4", "4.5",
    ]  # fmt: skip
    assert list(plan.underskrivere.values_list("navn", flat=True)) == [
        "Frands Fischer",
        "Kasper Glyngø",
        "Peter Sørensen",
        "Jacob Bjerregaard",
        "Jørn Pedersen",
        "Ib Kristensen",
        "Jens Ejner Christensen",
        "Jørgen Abrahamsen",
    ]
    assert plan.indsatser.count() >= 40
    assert Maal.objects.filter(afsnit__nummer="2.2").count() == 9
    assert Maal.objects.filter(afsnit__nummer="4.5").count() == 9
    assert Aktoer.objects.filter(navn__in=["Kriminalforsorgen", "SKAT", "Bo Trygt"]).count() == 3
    assert Aktoer.objects.get(forkortelse="DKS").navn == "Det Kriminalpræventive Sekretariat"


def test_sub_areas_are_places_in_one_municipality_each(plan2020):
    sub = Afsnit.objects.get(plan=plan2020, nummer="4.5")
    assert {(b.navn, b.kommune.navn) for b in sub.boligomraader.all()} == {
        ("Sundparken", "Horsens"),
        ("Finlandsparken", "Vejle"),
        ("Korskærparken", "Fredericia"),
        ("Skovparken", "Kolding"),
        ("Munkebo", "Kolding"),
    }
    goal_municipalities = {k.slug for m in sub.maal.all() for k in m.kommuner.all()}
    assert goal_municipalities == {"horsens", "vejle", "fredericia", "kolding"}


def test_initiatives_carry_priority_actors_and_municipalities(plan2020):
    skal = set(Indsats.objects.filter(prioritet=Prioritet.SKAL).values_list("titel", flat=True))
    kan = set(Indsats.objects.filter(prioritet=Prioritet.KAN).values_list("titel", flat=True))
    assert skal == {
        "Cyklistprøver",
        "Skolepatrulje-uddannelse",
        "Cykelkontrol og skolestartskampagner",
    }
    assert kan == {"Gå-prøver", "Generel færdselsundervisning", "Lokale kampagner"}

    projekt = Indsats.objects.get(titel="Trygheds- og indbrudsprojektet")
    assert [a.forkortelse for a in projekt.ansvarlige()] == ["DKS"]
    assert {a.navn for a in projekt.involverede()} >= {"Patruljecentrene", "Grundejerforeninger"}

    exit_programmet = Indsats.objects.get(slug="exit-programmet")
    assert "Kriminalforsorgen" in {a.navn for a in exit_programmet.involverede()}

    graense = Indsats.objects.get(titel="Grænsekontrol i Billund Lufthavn")
    assert not graense.alle_kommuner
    assert [k.navn for k in graense.kommuner.all()] == ["Billund"]
    # Every initiative either concerns all municipalities or names some.
    assert not Indsats.objects.filter(alle_kommuner=False, kommuner__isnull=True).exists()
    # The actors of every initiative are known, and each has one responsible at least.
    assert not Indsats.objects.exclude(deltagelser__rolle="ansvarlig").exists()
    assert Deltagelse.objects.count() > 60


def test_every_text_of_the_fixture_is_verbatim_from_the_signed_plan(plan2020):
    """Guards against typos in the fixture: each line of prose is in the source."""
    seed = re.sub(r"\s+", " ", SEED.read_text(encoding="utf-8"))
    # The PDF's hyphenation "Finlands-parken" is corrected, as the issue asks; the
    # paragraph split by a page break in 4.3 is one line once white space is normalised.
    seed = seed.replace("Finlands-parken", "Finlandsparken")
    seed = seed.replace("*", "")
    missing = []
    for afsnit in plan2020.afsnit.all():
        assert f"{afsnit.nummer}" in seed and afsnit.titel in seed, afsnit
        missing += [line for line in plain(afsnit.tekst) if line not in seed]
    for indsats in plan2020.indsatser.all():
        missing += [line for line in plain(indsats.tekst) if line not in seed]
    for maal in Maal.objects.all():
        missing += [line for line in plain(maal.tekst) if line not in seed]
    for navn in plan2020.underskrivere.values_list("navn", flat=True):
        assert navn in seed
    assert missing == []


def test_load_twice_keeps_one_plan_and_an_edit_in_between(plan2020):
    counts = (Samarbejdsplan.objects.count(), Afsnit.objects.count(), Indsats.objects.count())
    Afsnit.objects.filter(nummer="4.4").update(titel="Vold (rettet af sekretariatet)")

    out = load_initial_plan()

    assert "intet indlæst" in out
    assert counts == (
        Samarbejdsplan.objects.count(),
        Afsnit.objects.count(),
        Indsats.objects.count(),
    )
    assert Afsnit.objects.get(nummer="4.4").titel == "Vold (rettet af sekretariatet)"


def test_existing_municipalities_are_reused_not_duplicated(db):
    # Migrate has put Denmark's 98 municipalities in the database already.
    horsens = Kommune.objects.get(kommunekode=615)
    load_initial_plan()
    assert Kommune.objects.count() == 98
    assert Kommune.objects.filter(slug="horsens").get().pk == horsens.pk
    assert Boligomraade.objects.get(navn="Sundparken").kommune == horsens
    # The plan takes its six of them, no more.
    assert Samarbejdsplan.objects.get().kommuner.count() == 6


@pytest.fixture
def scratch_database(tmp_path):
    """A database of its own for `make db`, of the kind the suite runs on, and a way to query it."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        path = tmp_path / "db.sqlite3"

        def query(sql):
            with sqlite3.connect(path) as conn:
                return conn.execute(sql).fetchall()

        yield {"SQLITE_PATH": str(path)}, query
        return

    import psycopg

    name = f"samarbejdsplan_make_db_{os.getpid()}"
    server = url.rsplit("/", 1)[0]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name}")
        admin.execute(f"CREATE DATABASE {name}")

    def query(sql):
        with psycopg.connect(f"{server}/{name}", autocommit=True) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else []

    try:
        yield {"DATABASE_URL": f"{server}/{name}"}, query
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_make_db_twice_keeps_one_plan_and_an_edit_in_between(scratch_database):
    """The real `make db`: migrate and load; an editor's change; `make db` again."""
    database_env, query = scratch_database
    # The real settings, as `make db` has them: not the test settings pytest runs with.
    unset = ("DATABASE_URL", "SQLITE_PATH", "DJANGO_SETTINGS_MODULE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env |= database_env | {"DEBUG": "true"}

    def make_db():
        return subprocess.run(
            ["make", "--no-print-directory", "db", f"PYTHON={sys.executable}"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout

    assert "Indlæst Samarbejdsplan 2020" in make_db()
    query("update samarbejdsplan_afsnit set titel = 'Redigeret' where nummer = '4.4'")
    assert "intet indlæst" in make_db()
    assert query("select count(*) from samarbejdsplan_samarbejdsplan") == [(1,)]
    assert query("select count(*) from samarbejdsplan_afsnit") == [(20,)]
    assert query("select titel from samarbejdsplan_afsnit where nummer = '4.4'") == [("Redigeret",)]


def test_signatories_are_in_order(plan2020):
    assert list(
        Underskriver.objects.filter(plan=plan2020).values_list("raekkefoelge", flat=True)
    ) == list(range(1, 9))

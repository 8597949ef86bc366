"""The status sheet: a municipality's rows as CSV for Danish Excel, and back (issue 19).

`/<år>/opfoelgning/skema.csv?kommune=<slug>` gives one row per initiative that
concerns the municipality, with its newest public status there, if any:

    indsats;kommune;dato;status;tekst

semicolon-separated (Danish Excel's list separator), UTF-8 with a BOM (so Excel
reads æ, ø, å), the header unquoted on the first line and no `sep=` line.
`kommune` empty means all the initiative's municipalities.

The secretariat sends it to the municipality, which fills in new rows or
changes the status, date and text, and uploads it again (the admin, with a
preview, or `manage.py importer_status`). All or nothing: one bad row, and
nothing is written; each bad row gets a Danish message. A row identical to an
existing public update is skipped, and a row without date, status and text (an
initiative not yet reported on) is blank: so a file downloaded and imported
unchanged adds nothing, and the next download is byte for byte the same.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from indsatser.models import Indsats

from .datoer import EXAMPLES, date_problem, parse_date
from .models import Status, Statusopdatering
from .status import Statusbillede, for_kommune, kommuner_of, public_updates

COLUMNS = ["indsats", "kommune", "dato", "status", "tekst"]
BOM = "\ufeff"
# A cell Excel would run as a formula (OWASP "CSV injection") gets a leading
# apostrophe on download; a leading apostrophe itself gets one more, so the
# import can take exactly one off and the round trip stays byte-identical.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
ESCAPE = "'"
# A municipality's sheet is some hundred rows even at ten times the plan's size.
# The limits keep a wrong file from filling the preview, and keep the preview's
# hidden copy of the file under Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB).
MAX_BYTES = 1_000_000
MAX_ROWS = 5_000
STATUS_NAMES = ", ".join(s.label for s in list(Status)[:-1]) + f" eller {list(Status)[-1].label}"


def filename(plan, kommune):
    return f"status-{plan.aar}-{kommune.slug}.csv"


# The downloaded name, also as browsers rename a second copy ("… (1).csv").
FILENAME_YEAR = re.compile(r"status-(\d{4})-[\w-]+(?: ?\(\d+\))?\.csv", re.IGNORECASE)


def size_problem(size):
    """A Danish message when the file is larger than any status sheet."""
    if size > MAX_BYTES:
        return (
            f"Filen fylder {size / 1_000_000:.1f} MB; et statusskema må højst fylde "
            f"{MAX_BYTES // 1_000_000} MB. Del den op i en fil pr. kommune."
        ).replace(".", ",", 1)
    return None


def year_problem(plan, name):
    """A Danish message when the file's name says it is another year's sheet."""
    match = FILENAME_YEAR.fullmatch(Path(name).name)
    if match and int(match[1]) != plan.aar:
        return (
            f"Filen {Path(name).name} er skemaet for {match[1]}, men du har valgt {plan}. "
            f"Vælg planen for {match[1]}, eller hent skemaet for {plan.aar}."
        )
    return None


def defuse(cell):
    """The cell as written to the sheet: never the start of a formula."""
    if cell.startswith((*FORMULA_START, ESCAPE)):
        return ESCAPE + cell
    return cell


def restore(cell):
    """The cell as it was before `defuse`; a cell the portal did not defuse is kept."""
    if cell.startswith(ESCAPE) and cell[1:].startswith((*FORMULA_START, ESCAPE)):
        return cell[1:]
    return cell


def sheet(plan, kommune):
    """The municipality's sheet as bytes (three queries)."""
    billede = Statusbillede(
        public_updates(for_kommune(kommune), indsats__plan=plan)
        .select_related("kommune")
        .only("indsats_id", "kommune__slug", "dato", "status", "tekst")
    )
    indsatser = Indsats.objects.filter(plan=plan).for_kommune(kommune).only("slug")
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for indsats in indsatser:
        update = billede.i_kommune(indsats.pk, kommune.pk)
        if update is None:
            row = [indsats.slug, kommune.slug, "", "", ""]
        else:
            row = [
                indsats.slug,
                update.kommune.slug if update.kommune_id else "",
                update.dato.isoformat(),
                Status(update.status).label,
                update.tekst,
            ]
        writer.writerow([defuse(cell) for cell in row])
    return out.getvalue().encode("utf-8")


@dataclass
class Indlaesning:
    """What a file would do: the updates to add, identical rows skipped, errors by line."""

    nye: list = field(default_factory=list)
    uaendrede: int = 0  # identical to an update already in the portal
    gentagne: int = 0  # the same row again further down the file
    tomme: int = 0  # rows without date, status and text: not reported on
    fejl: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.fejl

    def summary(self, plan, added):
        """What an import did, in Danish (the admin's message, the command's output)."""
        text = (
            f"Indlæst {added} statusopdatering{'er' if added != 1 else ''} i {plan}; "
            f"{self.uaendrede} uændrede rækker sprunget over"
        )
        if self.gentagne:
            text += f"; {self.gentagne} gentagne rækker i filen indlæst én gang"
        return text + "."


def decode(data):
    """Text from the bytes Excel writes: UTF-8 (with or without BOM), else Windows-1252,
    which Danish Excel uses for "CSV (semikolonsepareret)"."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_status(text):
    wanted = text.strip().casefold()
    for status in Status:
        if wanted in (status.value, status.label.casefold()):
            return status
    return None


def read(plan, data):
    """Check every row of the file against the plan; write nothing."""
    result = Indlaesning()
    if problem := size_problem(len(data)):
        result.fejl.append(problem)
        return result
    lines = decode(data).splitlines(keepends=True)
    if lines and lines[0].strip().lower().startswith("sep="):
        lines = lines[1:]  # a `sep=;` line some tools write: harmless, ignored
    rows = [[restore(cell) for cell in row] for row in csv.reader(lines, delimiter=";")]
    if not rows or [c.strip().lower() for c in rows[0]] != COLUMNS:
        result.fejl.append(
            "Første linje skal være kolonneoverskrifterne " + ";".join(COLUMNS) + " (adskilt med "
            "semikolon). Hent skemaet fra portalen og udfyld det."
        )
        return result
    if len(rows) - 1 > MAX_ROWS:
        result.fejl.append(
            f"Filen har {len(rows) - 1:,} rækker; et statusskema må højst have {MAX_ROWS:,}. "
            "Del den op i en fil pr. kommune.".replace(",", ".")
        )
        return result
    shown = Indsats.objects.filter(plan=plan).select_related("plan").prefetch_related("kommuner")
    indsatser = {i.slug: i for i in shown}
    plan_kommuner = list(plan.kommuner.all())
    # By slug, as downloaded, or by name as people write it ("Kolding", "KOLDING
    # Kommune"): statuses are read in any case, so municipalities are too.
    kommuner = {key.casefold(): k for k in plan_kommuner for key in (k.slug, k.navn)}
    existing = {
        (u.indsats_id, u.kommune_id, u.dato, u.status, u.tekst)
        for u in Statusopdatering.objects.filter(indsats__plan=plan, offentlig=True)
    }
    in_file = set()
    for number, row in enumerate(rows[1:], start=2):
        problems, update = check_row(row, indsatser, kommuner, plan, plan_kommuner)
        result.fejl += [f"Linje {number}: {p}" for p in problems]
        if update is None:
            result.tomme += not problems
            continue
        key = (update.indsats_id, update.kommune_id, update.dato, update.status, update.tekst)
        if key in existing:
            result.uaendrede += 1
        elif key in in_file:
            result.gentagne += 1  # the same row twice in a file is added once
        else:
            in_file.add(key)
            result.nye.append(update)
    return result


def kommune_key(text):
    text = text.casefold()
    return text.removesuffix(" kommune").strip() if text.endswith(" kommune") else text


def check_row(row, indsatser, kommuner, plan, plan_kommuner):
    """(Danish problems, the update or None) for one row."""
    if not any(cell.strip() for cell in row):
        return [], None
    if len(row) != len(COLUMNS):
        return [f"rækken har {len(row)} kolonner; den skal have {len(COLUMNS)}."], None
    # The text as written (it is compared with the stored one); the rest without spaces.
    *cells, tekst = row
    slug, kommune_slug, dato_text, status_text = (cell.strip() for cell in cells)
    if not (dato_text or status_text or tekst.strip()):
        return [], None  # an initiative not reported on yet
    problems = []
    indsats = indsatser.get(slug)
    if not slug:
        problems.append("rækken mangler en indsats (kolonnen indsats er tom).")
    elif indsats is None:
        problems.append(f"{plan} har ingen indsats »{slug}«.")
    kommune = None
    if kommune_slug:
        kommune = kommuner.get(kommune_key(kommune_slug))
        if kommune is None:
            problems.append(
                f"»{kommune_slug}« er ikke en af kommunerne i {plan}. Skriv kommunens "
                "navn eller dens kortnavn fra skemaet, fx kolding."
            )
        elif indsats is not None and kommune not in kommuner_of(indsats, plan_kommuner):
            problems.append(f"indsatsen »{indsats}« vedrører ikke {kommune.navn} Kommune.")
    dato = parse_date(dato_text)
    if dato is None:
        problems.append(
            f"»{dato_text}« er ikke en dato. Skriv den som {EXAMPLES}."
            if dato_text
            else "datoen mangler."
        )
    elif problem := date_problem(plan.aar, dato):
        problems.append(problem)
    status = parse_status(status_text)
    if status is None:
        problems.append(
            f"»{status_text}« er ikke en status. Brug {STATUS_NAMES}."
            if status_text
            else f"status mangler. Brug {STATUS_NAMES}."
        )
    if problems:
        return problems, None
    return [], Statusopdatering(
        indsats=indsats, kommune=kommune, dato=dato, status=status, tekst=tekst, offentlig=True
    )


@transaction.atomic
def apply(result, user=None):
    """Write the new updates, each with its history; nothing when any row was bad."""
    if not result.ok:
        return 0
    for update in result.nye:
        update.forfatter = user
        update._change_reason = "Indlæst fra statusskema"
        update.save()
    return len(result.nye)

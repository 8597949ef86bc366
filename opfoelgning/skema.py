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
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction

from indsatser.models import Indsats

from .models import Status, Statusopdatering
from .status import Statusbillede, for_kommune, kommuner_of, public_updates

COLUMNS = ["indsats", "kommune", "dato", "status", "tekst"]
BOM = "\ufeff"
STATUS_NAMES = ", ".join(s.label for s in list(Status)[:-1]) + f" eller {list(Status)[-1].label}"


def filename(plan, kommune):
    return f"status-{plan.aar}-{kommune.slug}.csv"


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
            writer.writerow([indsats.slug, kommune.slug, "", "", ""])
        else:
            writer.writerow(
                [
                    indsats.slug,
                    update.kommune.slug if update.kommune_id else "",
                    update.dato.isoformat(),
                    Status(update.status).label,
                    update.tekst,
                ]
            )
    return out.getvalue().encode("utf-8")


@dataclass
class Indlaesning:
    """What a file would do: the updates to add, identical rows skipped, errors by line."""

    nye: list = field(default_factory=list)
    uaendrede: int = 0
    tomme: int = 0  # rows without date, status and text: not reported on
    fejl: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.fejl


def decode(data):
    """Text from the bytes Excel writes: UTF-8 (with or without BOM), else Windows-1252,
    which Danish Excel uses for "CSV (semikolonsepareret)"."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def parse_date(text):
    for pattern in ("%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def parse_status(text):
    wanted = text.strip().casefold()
    for status in Status:
        if wanted in (status.value, status.label.casefold()):
            return status
    return None


def read(plan, data):
    """Check every row of the file against the plan; write nothing."""
    result = Indlaesning()
    lines = decode(data).splitlines(keepends=True)
    if lines and lines[0].strip().lower().startswith("sep="):
        lines = lines[1:]  # a `sep=;` line some tools write: harmless, ignored
    rows = list(csv.reader(lines, delimiter=";"))
    if not rows or [c.strip().lower() for c in rows[0]] != COLUMNS:
        result.fejl.append(
            "Første linje skal være kolonneoverskrifterne " + ";".join(COLUMNS) + " (adskilt med "
            "semikolon). Hent skemaet fra portalen og udfyld det."
        )
        return result
    shown = Indsats.objects.filter(plan=plan).select_related("plan").prefetch_related("kommuner")
    indsatser = {i.slug: i for i in shown}
    plan_kommuner = list(plan.kommuner.all())
    kommuner = {k.slug: k for k in plan_kommuner}
    existing = {
        (u.indsats_id, u.kommune_id, u.dato, u.status, u.tekst)
        for u in Statusopdatering.objects.filter(indsats__plan=plan, offentlig=True)
    }
    for number, row in enumerate(rows[1:], start=2):
        problems, update = check_row(row, indsatser, kommuner, plan, plan_kommuner)
        result.fejl += [f"Linje {number}: {p}" for p in problems]
        if update is None:
            result.tomme += not problems
            continue
        key = (update.indsats_id, update.kommune_id, update.dato, update.status, update.tekst)
        if key in existing:
            result.uaendrede += 1
        else:
            existing.add(key)  # the same row twice in a file is added once
            result.nye.append(update)
    return result


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
    if indsats is None:
        problems.append(f"{plan} har ingen indsats »{slug}«.")
    kommune = None
    if kommune_slug:
        kommune = kommuner.get(kommune_slug)
        if kommune is None:
            problems.append(f"»{kommune_slug}« er ikke en af kommunerne i {plan}.")
        elif indsats is not None and kommune not in kommuner_of(indsats, plan_kommuner):
            problems.append(f"indsatsen »{indsats}« vedrører ikke {kommune.navn} Kommune.")
    dato = parse_date(dato_text)
    if dato is None:
        problems.append(
            f"»{dato_text}« er ikke en dato. Skriv den som 2020-03-31 eller 31-03-2020."
            if dato_text
            else "datoen mangler."
        )
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

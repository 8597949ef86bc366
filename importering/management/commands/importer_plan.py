from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importering.forms import MAX_BYTES
from importering.parsing import ImportFejl, parse_source
from importering.saving import Plan, plan_import, save_import, summary
from samarbejdsplan.models import Samarbejdsplan

# The operating system's reasons in Danish: its own (strerror) are in English.
OS_ERRORS = [
    (FileNotFoundError, "Filen {fil} findes ikke."),
    (IsADirectoryError, "{fil} er en mappe, ikke en fil. Angiv Word-dokumentet eller tekstfilen."),
    (PermissionError, "Der er ikke adgang til at læse filen {fil}."),
]


class Command(BaseCommand):
    help = (
        "Opretter en ny kladde for et år ud fra planens Word-dokument (.docx) eller tekst "
        "(.txt, .md): nummererede overskrifter bliver afsnit, afsnittene tekst. Alt eller "
        "intet. Med --kladde erstattes teksten i en eksisterende kladdes afsnit med samme nummer."
    )

    def add_arguments(self, parser):
        # A string, checked in handle(): argparse's own "invalid int value" is
        # English and exits 2, where every other refusal is Danish and exits 1.
        parser.add_argument("aar", help="Planens år, fx 2021.")
        parser.add_argument("fil", help="Word-dokumentet (.docx) eller tekstfilen (.txt, .md).")
        parser.add_argument(
            "--kladde",
            action="store_true",
            help="Importér i årets eksisterende kladde (fx lavet med copy_plan) i stedet for "
            "at oprette en ny plan.",
        )

    def handle(self, *args, aar, fil, kladde, **options):
        aar = year(aar)
        if kladde and not Samarbejdsplan.objects.filter(aar=aar).exists():
            raise CommandError(
                f"Der er ingen kladde for {aar} at importere i. Lav den med copy_plan, eller "
                "udelad --kladde for at oprette en ny plan."
            )
        path = Path(fil)
        content = read_file(path, fil)
        resultat = parse_source(content, path.name)
        planned = plan_import(resultat, aar, into_existing=kladde)
        try:
            plan, antal = save_import(resultat, aar, path.name, into_existing=kladde)
        except ImportFejl as error:
            raise CommandError(str(error)) from None
        for advarsel in planned.advarsler:
            self.stderr.write(f"Advarsel: {advarsel}")
        if kladde:
            for line in changed_lines(planned):
                self.stdout.write(line)
        self.stdout.write(
            self.style.SUCCESS(f"Importeret {path.name} til {plan} (kladde): {summary(antal)}.")
        )


def year(value):
    if not value.strip().isdigit():
        raise CommandError(f"»{value}« er ikke et år. Skriv året med fire cifre, fx 2027.")
    return int(value)


def read_file(path, fil):
    try:
        if path.is_file() and path.stat().st_size > MAX_BYTES:
            raise CommandError(f"Filen {fil} er over 20 MB. Gem dokumentet uden billeder.")
        return path.read_bytes()
    except OSError as error:
        for kind, message in OS_ERRORS:
            if isinstance(error, kind):
                raise CommandError(message.format(fil=fil)) from None
        raise CommandError(f"Filen {fil} kan ikke læses.") from None


def changed_lines(planned: Plan):
    """Which sections the import into a draft changes or adds, one a line."""
    for aendring in planned.aendringer:
        afsnit = aendring.afsnit
        if aendring.handling == "ny":
            yield f"Nyt afsnit {afsnit.nummer} »{afsnit.titel}«"
        elif aendring.gammel_titel is not None:
            felter = " og ".join(aendring.felter)
            yield (
                f"Ændres: {afsnit.nummer} »{aendring.gammel_titel}« → »{afsnit.titel}« ({felter})"
            )
        elif aendring.handling == "ændret":
            yield f"Ændres: {afsnit.nummer} »{afsnit.titel}« (tekst)"

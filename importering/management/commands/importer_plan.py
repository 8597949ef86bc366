from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importering.parsing import ImportFejl, parse_source
from importering.saving import plan_import, save_import, summary


class Command(BaseCommand):
    help = (
        "Opretter en ny kladde for et år ud fra planens Word-dokument (.docx) eller tekst "
        "(.txt, .md): nummererede overskrifter bliver afsnit, afsnittene tekst. Alt eller "
        "intet. Med --kladde erstattes teksten i en eksisterende kladdes afsnit med samme nummer."
    )

    def add_arguments(self, parser):
        parser.add_argument("aar", type=int, help="Planens år, fx 2021.")
        parser.add_argument("fil", help="Word-dokumentet (.docx) eller tekstfilen (.txt, .md).")
        parser.add_argument(
            "--kladde",
            action="store_true",
            help="Importér i årets eksisterende kladde (fx lavet med copy_plan) i stedet for "
            "at oprette en ny plan.",
        )

    def handle(self, *args, aar, fil, kladde, **options):
        path = Path(fil)
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Filen {fil} kan ikke læses: {error.strerror}.") from None
        resultat = parse_source(content, path.name)
        advarsler = plan_import(resultat, aar, into_existing=kladde).advarsler
        try:
            plan, antal = save_import(resultat, aar, path.name, into_existing=kladde)
        except ImportFejl as error:
            raise CommandError(str(error)) from None
        for advarsel in advarsler:
            self.stderr.write(f"Advarsel: {advarsel}")
        self.stdout.write(
            self.style.SUCCESS(f"Importeret {path.name} til {plan} (kladde): {summary(antal)}.")
        )

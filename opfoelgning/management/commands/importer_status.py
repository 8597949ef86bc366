from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opfoelgning.skema import apply, read
from samarbejdsplan.management.arguments import plan_of_year


class Command(BaseCommand):
    help = (
        "Indlæser et udfyldt statusskema (CSV: indsats;kommune;dato;status;tekst) for en plan. "
        "Alt eller intet: er én række forkert, skrives intet, og kommandoen slutter med status 1."
    )

    def add_arguments(self, parser):
        parser.add_argument("aar", type=int, help="Planens år, fx 2020.")
        parser.add_argument("fil", help="CSV-filen, som hentet fra /<år>/opfoelgning/ og udfyldt.")

    def handle(self, *args, aar, fil, **options):
        plan = plan_of_year(aar)
        path = Path(fil)
        if not path.is_file():
            raise CommandError(f"Filen {path} findes ikke.")
        result = read(plan, path.read_bytes())
        if not result.ok:
            for message in result.fejl:
                self.stderr.write(message)
            raise CommandError(f"Intet er indlæst: {len(result.fejl)} fejl i {path}.")
        added = apply(result)
        self.stdout.write(
            f"Indlæst {added} statusopdatering{'er' if added != 1 else ''} i {plan}; "
            f"{result.uaendrede} uændrede rækker sprunget over."
        )

from django.core.management.base import BaseCommand, CommandError

from samarbejdsplan.copying import CopyError, copy_plan


class Command(BaseCommand):
    help = (
        "Kopierer en samarbejdsplan til et nyt år som kladde: afsnit, indsatser, mål, "
        "udpegede boligområder, kommuner og underskrivere. Alt eller intet."
    )

    def add_arguments(self, parser):
        parser.add_argument("kilde", type=int, help="Året for planen, der kopieres, fx 2020.")
        parser.add_argument("maal", type=int, help="Året for den nye plan, fx 2021.")

    def handle(self, *args, kilde, maal, **options):
        try:
            plan = copy_plan(kilde, maal)
        except CopyError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Kopieret {kilde} til {plan} (kladde): {plan.afsnit.count()} afsnit, "
                f"{plan.indsatser.count()} indsatser."
            )
        )

import sys
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from opfoelgning.models import Statusrapport
from opfoelgning.rapport import filename, render_report
from samarbejdsplan.export import write_atomically
from samarbejdsplan.management.arguments import kommune_of_plan, plan_of_year


def meeting_date(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"»{text}« er ikke en dato. Skriv den som 2020-06-15.") from None


class Command(BaseCommand):
    help = (
        "Skriver status på en samarbejdsplan som én selvstændig HTML-fil: uden --moede årets "
        "redegørelse (hver indsats' status i hver kommune og alle årets offentlige "
        "opdateringer); med --moede status pr. mødets dato og opdateringerne siden sidste "
        "mødes rapport."
    )

    def add_arguments(self, parser):
        parser.add_argument("aar", type=int, help="Planens år, fx 2020.")
        parser.add_argument("--moede", help="Kredsrådets mødedato, YYYY-MM-DD.")
        parser.add_argument("--kommune", help="Kun denne kommune (slug).")
        parser.add_argument(
            "--output", "-o", help="Filen, der skrives (standard: statusrapport-<år>….html); "
            "'-' skriver til standard output."
        )  # fmt: skip

    def handle(self, *args, aar, moede=None, kommune=None, output=None, **options):
        plan = plan_of_year(aar)
        moede = meeting_date(moede) if moede else None
        chosen = kommune_of_plan(plan, kommune)
        data = render_report(plan, moede, chosen)
        path = None
        if output != "-":
            path = Path(output or filename(plan, moede, chosen))
            if not path.parent.is_dir():
                raise CommandError(f"Mappen {path.parent} findes ikke.")
        if moede is not None:
            # The next meeting's report tells what happened since this one.
            Statusrapport.objects.get_or_create(plan=plan, moede=moede)
        if path is None:
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        write_atomically(path, data)
        self.stderr.write(f"Skrev {path} ({len(data):,} bytes).".replace(",", "."))

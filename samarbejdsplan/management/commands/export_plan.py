import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from samarbejdsplan.export import filename, render_export, write_atomically
from samarbejdsplan.management.arguments import kommune_of_plan, plan_of_year


class Command(BaseCommand):
    help = (
        "Skriver en samarbejdsplan som én selvstændig HTML-fil (CSS indbygget, ingen scripts, "
        "ingen eksterne henvisninger). Med --kommune: uddraget for én kommune."
    )

    def add_arguments(self, parser):
        parser.add_argument("aar", type=int, help="Planens år, fx 2020.")
        parser.add_argument(
            "--output",
            "-o",
            help="Filen, der skrives (standard: samarbejdsplan-<år>.html); '-' skriver til "
            "standard output.",
        )
        parser.add_argument("--kommune", help="Kun det, der vedrører denne kommune (slug).")

    def handle(self, *args, aar, output=None, kommune=None, **options):
        plan = plan_of_year(aar)
        chosen = kommune_of_plan(plan, kommune)
        data = render_export(plan, chosen)
        if output == "-":
            sys.stdout.buffer.write(data)
            sys.stdout.buffer.flush()
            return
        path = Path(output or filename(plan, chosen))
        if not path.parent.is_dir():
            raise CommandError(f"Mappen {path.parent} findes ikke.")
        write_atomically(path, data)
        self.stderr.write(f"Skrev {path} ({len(data):,} bytes).".replace(",", "."))

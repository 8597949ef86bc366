from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from simple_history.models import registered_models

from kommuner.danmark import add_missing
from kommuner.models import Kommune
from samarbejdsplan.models import Samarbejdsplan
from samarbejdsplan.publishing import store_snapshot

FIXTURES = ["kommuner", "aktoerer", "samarbejdsplan-2020"]


class Command(BaseCommand):
    help = (
        "Indlæser Danmarks kommuner og (med INITIAL_PLAN=2020, standard) aktørerne og "
        "samarbejdsplanen 2020 fra fixtures/, men kun når databasen endnu ikke har nogen "
        "plan. Med INITIAL_PLAN=none indlæses kun kommunerne. Redaktørernes ændringer "
        "bliver aldrig overskrevet eller fordoblet."
    )

    def handle(self, *args, **options):
        choice = settings.INITIAL_PLAN
        if choice not in ("2020", "none"):
            raise CommandError(
                f"INITIAL_PLAN={choice!r} kendes ikke. Brug 2020 (Sydøstjyllands Politis plan "
                "som demonstration) eller none (ingen plan, kun kommunerne)."
            )
        with transaction.atomic():
            # The check and the load are one transaction. On SQLite (IMMEDIATE) a
            # second run waits for the first and then finds its plan; on PostgreSQL
            # two runs at once may both find none, and the unique year makes the
            # second fail rather than load the plan twice.
            if Samarbejdsplan.objects.exists():
                self.stdout.write("Databasen har allerede en samarbejdsplan; intet indlæst.")
                return
            # Migrate has added them; a database emptied since gets them again.
            add_missing(Kommune)
            if choice == "none":
                record_first_history("Danmarks kommuner")
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Ingen plan indlæst (INITIAL_PLAN=none). Databasen har "
                        f"{Kommune.objects.count()} kommuner at vælge imellem."
                    )
                )
                return
            call_command("loaddata", *FIXTURES, verbosity=0)
            record_first_history("Indlæst med samarbejdsplanen 2020")
            # The 2020 plan arrives published: store its approved document too.
            for plan in Samarbejdsplan.objects.published():
                store_snapshot(plan)
        plan = Samarbejdsplan.objects.get(aar=2020)
        self.stdout.write(
            self.style.SUCCESS(
                f"Indlæst {plan}: {plan.afsnit.count()} afsnit, {plan.indsatser.count()} indsatser."
            )
        )


def record_first_history(reason):
    """Fixtures load without history: give every object its first entry, so the
    first edit shows what it changed and can be undone."""
    for model in registered_models.values():
        if model._meta.proxy or not hasattr(model, "history"):
            continue  # proxies share their model's history; m2m tables are recorded with it
        recorded = model.history.values(model._meta.pk.attname)
        missing = list(model.objects.exclude(pk__in=recorded))
        if missing:
            model.history.bulk_history_create(missing, default_change_reason=reason)

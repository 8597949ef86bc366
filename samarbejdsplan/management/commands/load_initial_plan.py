from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from simple_history.models import registered_models

from samarbejdsplan.models import Samarbejdsplan
from samarbejdsplan.publishing import store_snapshot

FIXTURES = ["kommuner", "aktoerer", "samarbejdsplan-2020"]


class Command(BaseCommand):
    help = (
        "Indlæser kommunerne, aktørerne og samarbejdsplanen 2020 fra fixtures/, "
        "men kun når databasen endnu ikke har nogen plan. Redaktørernes ændringer "
        "bliver aldrig overskrevet eller fordoblet."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            # The check and the load are one transaction. On SQLite (IMMEDIATE) a
            # second run waits for the first and then finds its plan; on PostgreSQL
            # two runs at once may both find none, and the unique year makes the
            # second fail rather than load the plan twice.
            if Samarbejdsplan.objects.exists():
                self.stdout.write("Databasen har allerede en samarbejdsplan; intet indlæst.")
                return
            call_command("loaddata", *FIXTURES, verbosity=0)
            record_first_history()
            # The 2020 plan arrives published: store its approved document too.
            for plan in Samarbejdsplan.objects.published():
                store_snapshot(plan)
        plan = Samarbejdsplan.objects.get(aar=2020)
        self.stdout.write(
            self.style.SUCCESS(
                f"Indlæst {plan}: {plan.afsnit.count()} afsnit, {plan.indsatser.count()} indsatser."
            )
        )


def record_first_history():
    """Fixtures load without history: give every object its first entry, so the
    first edit shows what it changed and can be undone."""
    for model in registered_models.values():
        if model._meta.proxy or not hasattr(model, "history"):
            continue  # proxies share their model's history; m2m tables are recorded with it
        recorded = model.history.values(model._meta.pk.attname)
        missing = list(model.objects.exclude(pk__in=recorded))
        if missing:
            model.history.bulk_history_create(
                missing, default_change_reason="Indlæst med samarbejdsplanen 2020"
            )

from django.core.management.commands import loaddata

from samarbejdsplan.signals import loading_fixtures


class Command(loaddata.Command):
    """Django's loaddata, restoring data as it was: not counted as an edit of any plan.

    Without this, the many-to-many links a fixture sets would stamp every plan
    "opdateret" at load time, and a restored backup would differ from the original.
    """

    def handle(self, *fixture_labels, **options):
        with loading_fixtures():
            return super().handle(*fixture_labels, **options)

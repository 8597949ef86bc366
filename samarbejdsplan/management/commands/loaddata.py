from django.core.management.commands import loaddata
from django.test.utils import override_settings

from samarbejdsplan.signals import loading_fixtures


class Command(loaddata.Command):
    """Django's loaddata, restoring data as it was: not counted as an edit of any plan.

    Without this, the many-to-many links a fixture sets would stamp every plan
    "opdateret" at load time, and a restored backup would differ from the original.
    For the same reason no history entries are made while loading: a backup
    brings its own history, and the links set by loaddata (not "raw" saves to
    django-simple-history) would add entries that collide with the restored ones.
    """

    def handle(self, *fixture_labels, **options):
        with loading_fixtures(), override_settings(SIMPLE_HISTORY_ENABLED=False):
            return super().handle(*fixture_labels, **options)

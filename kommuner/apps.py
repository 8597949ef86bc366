from django.apps import AppConfig


class KommunerConfig(AppConfig):
    name = "kommuner"
    verbose_name = "Kommuner og boligområder"

    def ready(self):
        from django.db.models.signals import post_migrate

        post_migrate.connect(
            fill_empty_table, sender=self, dispatch_uid="kommuner-danmarks-kommuner"
        )


def fill_empty_table(sender, using="default", **kwargs):
    """An emptied municipality table gets Denmark's 98 again after migrate.

    The migration adds them once; a flush (a test database's, between
    transactional tests) removes them, and migrate's signal runs after it. Only
    an empty table is filled: a municipality an administrator deleted on
    purpose does not come back at the next release.
    """
    from .danmark import add_missing
    from .models import Kommune

    if not Kommune.objects.using(using).exists():
        add_missing(Kommune, using=using)

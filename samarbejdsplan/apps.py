from django.apps import AppConfig


class SamarbejdsplanConfig(AppConfig):
    name = "samarbejdsplan"
    verbose_name = "Samarbejdsplaner"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import publishing, signals

        signals.connect()
        # Samarbejdsplan.offentliggoer/genaabn delegate here (see models.py).
        self.publishing = publishing
        post_migrate.connect(restore_roles, sender=self, dispatch_uid="samarbejdsplan-roles")


def restore_roles(sender, using, **kwargs):
    """After migrate, and after a flush (tests), the groups exist with their permissions."""
    from django.apps import apps

    from .roles import ensure_roles

    ensure_roles(apps, using=using)

from django.apps import AppConfig


class SamarbejdsplanConfig(AppConfig):
    name = "samarbejdsplan"
    verbose_name = "Samarbejdsplaner"

    def ready(self):
        from . import signals

        signals.connect()

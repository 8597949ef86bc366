from django.apps import AppConfig


class ImporteringConfig(AppConfig):
    name = "importering"
    verbose_name = "Import af plan"

from django.apps import AppConfig


class SamarbejdsplanConfig(AppConfig):
    name = "samarbejdsplan"
    verbose_name = "Samarbejdsplaner"

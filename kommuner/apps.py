from django.apps import AppConfig


class KommunerConfig(AppConfig):
    name = "kommuner"
    verbose_name = "Kommuner og boligområder"

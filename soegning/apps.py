from django.apps import AppConfig


class SoegningConfig(AppConfig):
    name = "soegning"
    verbose_name = "Søgning"

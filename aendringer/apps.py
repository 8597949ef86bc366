from django.apps import AppConfig


class AendringerConfig(AppConfig):
    name = "aendringer"
    verbose_name = "Ændringer"

from django.apps import AppConfig


class OpfoelgningConfig(AppConfig):
    name = "opfoelgning"
    verbose_name = "Opfølgning"

    def ready(self):
        # Status on the plan's own pages, without the plan importing this app
        # (samarbejdsplan/udvidelser.py).
        from . import sider

        sider.register()

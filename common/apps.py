from django.apps import AppConfig


class CommonConfig(AppConfig):
    """Shared helpers without models: Danish text, versions, URL converters, the
    admin's write rule and the `prose` template filters. Imports no other app of
    the project; what only the plan knows (what a published plan locks) it asks
    for through a setting (`CONTENT_LOCK`)."""

    name = "common"
    verbose_name = "Fælles"

    def ready(self):
        # The `aar` and `afsnitsnummer` path converters, before any URLconf loads.
        from . import converters  # noqa: F401

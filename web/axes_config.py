"""django-axes (the login lockout) under a Danish name in the admin's index.

Its model and field names come in Danish from the project's catalog
(locale/da/LC_MESSAGES/django.po): axes ships no Danish translation.
"""

from axes.apps import AppConfig


class AxesConfig(AppConfig):
    verbose_name = "Loginspærring"

from django.apps import AppConfig


class WebConfig(AppConfig):
    """The web plumbing: page cache and conditional GET, security headers and
    the login lockout's helpers, logging, error pages and the health check.
    Knows nothing of the plan's content beyond what settings name."""

    name = "web"
    verbose_name = "Web"

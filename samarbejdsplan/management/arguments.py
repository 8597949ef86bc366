"""The plan and municipality a command names, or a Danish message (exit status 1)."""

from django.core.management.base import CommandError

from samarbejdsplan.models import Samarbejdsplan


def plan_of_year(aar):
    try:
        return Samarbejdsplan.objects.get(aar=aar)
    except Samarbejdsplan.DoesNotExist:
        raise CommandError(f"Der findes ingen samarbejdsplan for {aar}.") from None


def kommune_of_plan(plan, slug):
    """One of the plan's municipalities by slug; None when no slug is given."""
    if slug is None:
        return None
    kommune = plan.kommuner.filter(slug=slug).first()
    if kommune is None:
        slugs = ", ".join(plan.kommuner.values_list("slug", flat=True))
        raise CommandError(f"Kommunen »{slug}« er ikke part i {plan}. Vælg en af: {slugs}.")
    return kommune

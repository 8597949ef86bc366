"""What every page of one plan shares."""

from functools import cached_property

from django.db.models import Subquery
from django.http import Http404

from ..models import Samarbejdsplan


class PlanMixin:
    """For the pages of one plan, `/<år>/…`: the plan if this visitor may read it, else 404.

    Every such page gets `plan` in its context, which the base template uses for
    the navigation, the KLADDE banner, "Senest opdateret" and, through
    `plan.nyeste_aar` (the newest published plan's year, read in the same
    query), the notice on an older plan.
    """

    plan_prefetch = ("kommuner",)

    @cached_property
    def plan(self):
        newest = Samarbejdsplan.objects.published().order_by("-aar").values("aar")[:1]
        plans = Samarbejdsplan.objects.visible_to(self.request.user).annotate(
            nyeste_aar=Subquery(newest)
        )
        try:
            return plans.prefetch_related(*self.plan_prefetch).get(aar=self.kwargs["aar"])
        except Samarbejdsplan.DoesNotExist:
            raise Http404("Der er ingen offentliggjort samarbejdsplan for det år.") from None

    def get_context_data(self, **kwargs):
        kwargs.setdefault("plan", self.plan)
        return super().get_context_data(**kwargs)

    def kommune_in_plan(self, slug):
        """One of the plan's municipalities (already prefetched), or 404."""
        kommune = next((k for k in self.plan.kommuner.all() if k.slug == slug), None)
        if kommune is None:
            raise Http404("Kommunen er ikke part i denne plan.")
        return kommune

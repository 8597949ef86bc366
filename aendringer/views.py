"""`/<år>/aendringer/`: what changed since an earlier plan, for everyone or one municipality."""

from django.views.generic import TemplateView

from samarbejdsplan.models import Samarbejdsplan
from samarbejdsplan.views.base import PlanMixin
from web.parameters import reads_query, stripped

from .sammenligning import compare


class UgyldigtValg(Exception):
    """A `fra` or `kommune` the page cannot use; the message says why, in Danish."""


def earlier_plans(plan, user):
    """The plans before `plan` this reader may read, newest first, with what compare() needs."""
    return list(
        Samarbejdsplan.objects.visible_to(user)
        .filter(aar__lt=plan.aar)
        .order_by("-aar")
        .prefetch_related("kommuner", "underskrivere")
    )


def chosen_plan(plan, earlier, fra):
    """The plan to compare with: the nearest earlier one, or the year `fra` names."""
    if not fra:
        return earlier[0] if earlier else None
    if not (fra.isascii() and fra.isdigit()) or len(fra) > 4:
        raise UgyldigtValg(f"»{fra[:20]}« er ikke et årstal. Vælg et af årene nedenfor.")
    aar = int(fra)
    if aar >= plan.aar:
        raise UgyldigtValg(
            f"Der sammenlignes med en tidligere plan: vælg et år før {plan.aar}, ikke {aar}."
        )
    found = next((p for p in earlier if p.aar == aar), None)
    if found is None:
        raise UgyldigtValg(
            f"Der er ingen offentliggjort samarbejdsplan for {aar} at sammenligne med."
        )
    return found


def chosen_kommune(plans, slug):
    """One of the two plans' municipalities, by its slug, or None for all."""
    if not slug:
        return None
    for plan in plans:
        for kommune in plan.kommuner.all():
            if kommune.slug == slug:
                return kommune
    raise UgyldigtValg(f"»{slug[:40]}« er ikke en af planernes kommuner.")


# The year to compare with and the municipality; nothing else makes a page.
@reads_query(fra=stripped, kommune=stripped)
class AendringerView(PlanMixin, TemplateView):
    template_name = "aendringer/aendringer.html"
    plan_prefetch = ("kommuner", "underskrivere")

    def get(self, request, *args, **kwargs):
        plan = self.plan
        earlier = earlier_plans(plan, request.user)
        fejl = sammenligning = fra = kommune = None
        try:
            fra = chosen_plan(plan, earlier, request.GET.get("fra"))
            if fra is not None:
                kommune = chosen_kommune([plan, fra], request.GET.get("kommune"))
        except UgyldigtValg as error:
            fejl = str(error)
        if fra is not None and fejl is None:
            sammenligning = compare(fra, plan, kommune)
        kommuner = {k.slug: k for p in (plan, fra) if p is not None for k in p.kommuner.all()}
        context = self.get_context_data(
            s=sammenligning,
            fra=fra,
            kommune=kommune,
            fejl=fejl,
            tidligere=[p.aar for p in earlier],
            kommuner=sorted(kommuner.values(), key=lambda k: k.navn),
        )
        response = self.render_to_response(context)
        if fejl:
            response.status_code = 400  # the page says what was wrong
        return response

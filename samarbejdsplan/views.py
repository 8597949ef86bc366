import sys
from functools import cached_property

from django.conf import settings
from django.db import DatabaseError
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template import loader
from django.views import View
from django.views.generic import DetailView, TemplateView

from kommuner.models import Kommune

from .database import CONNECTION_ERRORS
from .export import filename, render_export
from .models import Afsnit, Art, Samarbejdsplan
from .parameters import reads_query
from .state import ping


class PlanMixin:
    """For the pages of one plan, `/<år>/…`: the plan if this visitor may read it, else 404.

    Every such page gets `plan` in its context, which the base template uses for
    the navigation, the KLADDE banner and "Senest opdateret".
    """

    plan_prefetch = ("kommuner",)

    @cached_property
    def plan(self):
        plans = Samarbejdsplan.objects.visible_to(self.request.user)
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


@reads_query()
class ForsideView(TemplateView):
    """`/`: the newest published plan's front page. Drafts are never the front page."""

    template_name = "samarbejdsplan/forside.html"

    def get(self, request, *args, **kwargs):
        published = Samarbejdsplan.objects.published()
        plan = published.prefetch_related("kommuner", "underskrivere").order_by("-aar").first()
        if plan is None:
            # A new installation: say so plainly rather than "page not found".
            self.template_name = "samarbejdsplan/ingen_plan.html"
            return self.render_to_response({})
        sections = list(plan.afsnit.all())
        context = self.get_context_data(
            plan=plan,
            afsnit_liste=sections,
            indledning=next((a for a in sections if a.art == Art.INDLEDNING), None),
            andre_planer=published.exclude(pk=plan.pk).values_list("aar", flat=True),
        )
        return self.render_to_response(context)


@reads_query()
class PlanView(PlanMixin, DetailView):
    """A whole plan on one page, in order: cover, sections with prose, initiatives, goals."""

    template_name = "samarbejdsplan/plan.html"
    context_object_name = "plan"
    plan_prefetch = ("kommuner", "underskrivere")

    def get_object(self, queryset=None):
        return self.plan

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # list(): the template walks the sections twice (contents and body).
        context["afsnit_liste"] = list(self.plan.afsnit.with_content())
        return context


@reads_query()
class AfsnitView(PlanMixin, DetailView):
    """One section: its prose, goals and initiatives; its place in the plan."""

    template_name = "samarbejdsplan/afsnit.html"
    context_object_name = "afsnit"
    plan_prefetch = ("kommuner", "underskrivere")

    def get_object(self, queryset=None):
        try:
            return self.plan.afsnit.with_content().get(nummer=self.kwargs["nummer"])
        except Afsnit.DoesNotExist:
            raise Http404("Planen har intet afsnit med det nummer.") from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # The plan's outline, titles only, gives breadcrumbs, subsections and
        # previous/next in one query whatever the plan's size.
        outline = list(self.plan.afsnit.only("plan_id", "nummer", "titel", "raekkefoelge"))
        index = next(i for i, a in enumerate(outline) if a.pk == self.object.pk)
        numbers = {a.nummer: a for a in outline}
        parts = self.object.nummer.split(".")
        context.update(
            overordnede=[
                numbers[".".join(parts[:n])]
                for n in range(1, len(parts))
                if ".".join(parts[:n]) in numbers
            ],
            underafsnit=[a for a in outline if a.overordnet_nummer == self.object.nummer],
            forrige=outline[index - 1] if index > 0 else None,
            naeste=outline[index + 1] if index + 1 < len(outline) else None,
        )
        return context


@reads_query()
class TilgaengelighedView(TemplateView):
    template_name = "samarbejdsplan/tilgaengelighed.html"


@reads_query("kommune")
class EksportView(PlanMixin, View):
    """`/<år>/eksport/`: the plan as one HTML file, to download.

    A published plan's download is the snapshot stored when it was published,
    byte for byte as approved, whatever has been edited since. A draft (for
    readers with permission) and a municipality's excerpt are made on request.
    """

    def get(self, request, *args, **kwargs):
        plan = self.plan
        slug = request.GET.get("kommune")
        kommune = self.kommune_in_plan(slug) if slug is not None else None
        snapshot = None
        if kommune is None and plan.er_offentliggjort:
            snapshot = plan.eksporter.first()  # the newest (Meta.ordering)
        data = snapshot.indhold if snapshot is not None else render_export(plan, kommune)
        response = HttpResponse(bytes(data), content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename(plan, kommune)}"'
        return response


@reads_query()
def kommune_redirect(request, slug):
    """`/kommuner/<slug>/`: a lasting address for "my municipality in the newest plan"."""
    try:
        kommune = Kommune.objects.get(slug=slug)
    except Kommune.DoesNotExist:
        raise Http404("Kommunen findes ikke.") from None
    plan = Samarbejdsplan.objects.published().filter(kommuner=kommune).newest()
    if plan is None:
        raise Http404("Kommunen er ikke med i en offentliggjort samarbejdsplan.")
    return redirect("kommuner:kommune", aar=plan.aar, slug=kommune.slug)


def healthz(request):
    """200 when the database answers a query, 503 when it does not (for load balancers)."""
    try:
        ping()  # within DATABASE_QUERY_TIMEOUT, and at once while known to be down
    except DatabaseError:
        return JsonResponse({"status": "fejl", "database": "svarer ikke"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def server_error(request):
    """handler500: a Danish 503 page when the database is unreachable, else the 500 page.

    Called inside Django's `except` block, so `sys.exc_info()` holds the error.
    OperationalError/InterfaceError is a lost or refused connection (PostgreSQL
    stopped, restarting, or unreachable): the visitor should simply try again,
    and load balancers and crawlers read 503 + Retry-After the same way.
    """
    error = sys.exc_info()[1]
    if isinstance(error, CONNECTION_ERRORS):
        body = loader.render_to_string(
            "503.html",
            {
                "kontakt_email": settings.PORTAL_CONTACT_EMAIL,
                "politikreds": settings.PORTAL_POLITIKREDS,
            },
        )
        response = HttpResponse(body, status=503)
        response["Retry-After"] = "30"
        return response
    return HttpResponse(loader.render_to_string("500.html"), status=500)

"""The plan's own pages: the front page, the whole plan, a section, the export."""

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views import View
from django.views.generic import DetailView, TemplateView

from kommuner.models import Kommune
from web.parameters import reads_query

from ..export import filename, render_export
from ..models import Afsnit, Art, Samarbejdsplan
from .base import PlanMixin


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
        # The front page's plan is the newest published one by definition: the
        # notice that it is current needs no query for it.
        plan.nyeste_aar = plan.aar
        sections = list(plan.afsnit.all())
        andre = list(published.exclude(pk=plan.pk).values_list("aar", flat=True))
        context = self.get_context_data(
            plan=plan,
            afsnit_liste=sections,
            indledning=next((a for a in sections if a.art == Art.INDLEDNING), None),
            andre_planer=andre,
            # "Nyt i <år>" when there is an earlier plan to compare with.
            forrige_aar=max((aar for aar in andre if aar < plan.aar), default=None),
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
        # One of Denmark's municipalities, but no party to a plan here: say so,
        # and show the ones that are (the database holds all 98).
        newest = Samarbejdsplan.objects.published().prefetch_related("kommuner").newest()
        context = {"kommune": kommune, "plan": newest}
        return render(request, "kommuner/ikke_med.html", context, status=404)
    return redirect("kommuner:kommune", aar=plan.aar, slug=kommune.slug)

"""`/<år>/opfoelgning/`: how the plan's initiatives stand, by section and by municipality."""

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.generic import TemplateView, View

from samarbejdsplan.views.base import PlanMixin
from web.parameters import reads_query

from .oversigt import newest_updates, overview
from .rapport import filename as report_filename
from .rapport import render_report
from .skema import filename, sheet
from .status import RAEKKEFOELGE


@reads_query()
class OversigtView(PlanMixin, TemplateView):
    template_name = "opfoelgning/oversigt.html"

    def get_context_data(self, **kwargs):
        liste_url = reverse("indsatser:liste", args=[self.plan.aar])
        return super().get_context_data(
            **overview(self.plan, liste_url),
            nyeste=newest_updates(self.plan),
            statusser=RAEKKEFOELGE,
            **kwargs,
        )


@reads_query("kommune")
class SkemaView(PlanMixin, View):
    """`/<år>/opfoelgning/skema.csv?kommune=<slug>`: the municipality's status sheet."""

    def get(self, request, *args, **kwargs):
        slug = request.GET.get("kommune")
        if not slug:
            names = ", ".join(k.slug for k in self.plan.kommuner.all())
            melding = f"Vælg kommunen i adressen, fx ?kommune=… med en af: {names}."
            return render(request, "400.html", {"melding": melding}, status=400)
        kommune = self.kommune_in_plan(slug)
        response = HttpResponse(sheet(self.plan, kommune), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename(self.plan, kommune)}"'
        return response


@reads_query("kommune")
class RapportView(PlanMixin, View):
    """`/<år>/opfoelgning/statusrapport.html`: the year's account, as the command writes
    it without a meeting, to download (`?kommune=<slug>` for one municipality)."""

    def get(self, request, *args, **kwargs):
        slug = request.GET.get("kommune")
        kommune = self.kommune_in_plan(slug) if slug is not None else None
        data = render_report(self.plan, kommune=kommune)
        response = HttpResponse(data, content_type="text/html; charset=utf-8")
        name = report_filename(self.plan, kommune=kommune)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

"""`/<år>/opfoelgning/`: how the plan's initiatives stand, by section and by municipality."""

from django.urls import reverse
from django.views.generic import TemplateView

from samarbejdsplan.views.base import PlanMixin
from web.parameters import reads_query

from .oversigt import newest_updates, overview
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

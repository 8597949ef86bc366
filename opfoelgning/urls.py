"""Included under `/<år>/opfoelgning/`."""

from csp.decorators import csp_replace
from django.urls import path

from samarbejdsplan.public_urls import EXPORT_POLICY
from web.caching import public_page

from . import views

app_name = "opfoelgning"

urlpatterns = [
    path("", public_page(views.OversigtView.as_view()), name="oversigt"),
    path("skema.csv", public_page(views.SkemaView.as_view()), name="skema"),
    # A self-contained document like the export, under the export's policy.
    path(
        "statusrapport.html",
        public_page(csp_replace(EXPORT_POLICY)(views.RapportView.as_view())),
        name="statusrapport",
    ),
]

"""Included under `/<år>/opfoelgning/`."""

from django.urls import path

from web.caching import public_page

from . import views

app_name = "opfoelgning"

urlpatterns = [
    path("", public_page(views.OversigtView.as_view()), name="oversigt"),
    path("skema.csv", public_page(views.SkemaView.as_view()), name="skema"),
]

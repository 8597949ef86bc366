"""Included under `/<år>/aendringer/`."""

from django.urls import path

from web.caching import public_page

from . import views

app_name = "aendringer"

urlpatterns = [
    path("", public_page(views.AendringerView.as_view()), name="aendringer"),
]

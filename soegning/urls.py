"""Included under `/<år>/soeg/`."""

from django.urls import path

from web.caching import public_page

from . import views

app_name = "soegning"

urlpatterns = [
    path("", public_page(views.SoegView.as_view()), name="soeg"),
]

"""Included under `/<år>/indsatser/`."""

from django.urls import path

from web.caching import public_page

from .views import indsatser as views

app_name = "indsatser"

urlpatterns = [
    path("", public_page(views.IndsatsListView.as_view()), name="liste"),
    path("<slug:slug>/", public_page(views.IndsatsDetailView.as_view()), name="indsats"),
]

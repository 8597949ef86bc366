"""Included under `/<år>/indsatser/`."""

from django.urls import path

from . import views

app_name = "indsatser"

urlpatterns = [
    path("", views.IndsatsListView.as_view(), name="liste"),
    path("<slug:slug>/", views.IndsatsDetailView.as_view(), name="indsats"),
]

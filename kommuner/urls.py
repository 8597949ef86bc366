"""Included under `/<år>/`: a municipality's digest and the plan's SUB areas."""

from django.urls import path

from . import views

app_name = "kommuner"

urlpatterns = [
    path("kommuner/<slug:slug>/", views.KommuneView.as_view(), name="kommune"),
    path("boligomraader/", views.BoligomraaderView.as_view(), name="boligomraader"),
]

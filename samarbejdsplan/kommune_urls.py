"""Included under `/<år>/`: a municipality's digest and the plan's SUB areas."""

from django.urls import path

from web.caching import public_page

from .views import kommuner as views

app_name = "kommuner"

urlpatterns = [
    path("kommuner/<slug:slug>/", public_page(views.KommuneView.as_view()), name="kommune"),
    path("boligomraader/", public_page(views.BoligomraaderView.as_view()), name="boligomraader"),
]

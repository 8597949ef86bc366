from django.urls import path

from . import views

app_name = "samarbejdsplan"

urlpatterns = [
    path("", views.ForsideView.as_view(), name="forside"),
    path("tilgaengelighed/", views.TilgaengelighedView.as_view(), name="tilgaengelighed"),
    path("kommuner/<slug:slug>/", views.kommune_redirect, name="kommune-nyeste"),
    path("<aar:aar>/", views.PlanView.as_view(), name="plan"),
    path("<aar:aar>/eksport/", views.EksportView.as_view(), name="eksport"),
    path("<aar:aar>/afsnit/<afsnitsnummer:nummer>/", views.AfsnitView.as_view(), name="afsnit"),
]

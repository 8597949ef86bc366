from django.urls import path

from . import views

app_name = "samarbejdsplan"

urlpatterns = [
    path("", views.ForsideView.as_view(), name="forside"),
    path("<int:aar>/", views.PlanView.as_view(), name="plan"),
]

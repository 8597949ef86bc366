from django.contrib import admin
from django.urls import include, path

from web.security import LoginForm

from . import views

admin.site.site_header = "Samarbejdsplan – redigering"
admin.site.login_form = LoginForm
admin.site.site_title = "Samarbejdsplan"
admin.site.index_title = "Kredsrådets samarbejdsplan"

urlpatterns = [
    path("healthz/", views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("samarbejdsplan.public_urls")),
    path("<aar:aar>/", include("kommuner.urls")),
    path("<aar:aar>/indsatser/", include("indsatser.urls")),
]

handler500 = "samarbejdsplan.views.server_error"

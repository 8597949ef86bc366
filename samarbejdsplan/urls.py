"""The portal's addresses: the health check, the admin, and the plans' public pages."""

from django.contrib import admin
from django.urls import include, path

from web import views as web_views
from web.security import LoginForm

admin.site.site_header = "Samarbejdsplan – redigering"
admin.site.login_form = LoginForm
admin.site.site_title = "Samarbejdsplan"
admin.site.index_title = "Kredsrådets samarbejdsplan"

urlpatterns = [
    path("healthz/", web_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("", include("samarbejdsplan.public_urls")),
    # A plan for one municipality and the SUB areas; the initiatives. The
    # namespaces ("kommuner", "indsatser") are those the templates use.
    path("<aar:aar>/", include("samarbejdsplan.kommune_urls")),
    path("<aar:aar>/indsatser/", include("samarbejdsplan.indsats_urls")),
    # The search over the whole plan (the soegning app).
    path("<aar:aar>/soeg/", include("soegning.urls")),
    # What changed since an earlier plan (the aendringer app).
    path("<aar:aar>/aendringer/", include("aendringer.urls")),
    # The follow-up: status through the year (the opfoelgning app).
    path("<aar:aar>/opfoelgning/", include("opfoelgning.urls")),
]

handler500 = "web.views.server_error"

from csp.constants import NONE, UNSAFE_INLINE
from csp.decorators import csp_replace
from django.urls import path

from web.caching import public_page

from .views import plan as views

app_name = "samarbejdsplan"

# The export is a self-contained document with its stylesheet inline and no
# script: should a browser show it rather than save it, this is all it may do.
EXPORT_POLICY = {
    "default-src": [NONE],
    "script-src": [NONE],
    "style-src": [UNSAFE_INLINE],
    "img-src": ["data:"],
    "form-action": [NONE],
}

urlpatterns = [
    path("", public_page(views.ForsideView.as_view()), name="forside"),
    path(
        "tilgaengelighed/",
        public_page(views.TilgaengelighedView.as_view()),
        name="tilgaengelighed",
    ),
    path("kommuner/<slug:slug>/", public_page(views.kommune_redirect), name="kommune-nyeste"),
    path("<aar:aar>/", public_page(views.PlanView.as_view()), name="plan"),
    path(
        "<aar:aar>/eksport/",
        public_page(csp_replace(EXPORT_POLICY)(views.EksportView.as_view())),
        name="eksport",
    ),
    path(
        "<aar:aar>/afsnit/<afsnitsnummer:nummer>/",
        public_page(views.AfsnitView.as_view()),
        name="afsnit",
    ),
]

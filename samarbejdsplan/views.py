from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views.generic import DetailView

from .models import Samarbejdsplan


class PlanView(DetailView):
    """A whole plan, in order: cover, sections with prose, initiatives, goals, signatories."""

    template_name = "samarbejdsplan/plan.html"
    context_object_name = "plan"

    def get_queryset(self):
        return Samarbejdsplan.objects.visible_to(self.request.user).prefetch_related(
            "kommuner", "underskrivere"
        )

    def get_object(self, queryset=None):
        queryset = queryset if queryset is not None else self.get_queryset()
        try:
            return queryset.get(aar=self.kwargs["aar"])
        except Samarbejdsplan.DoesNotExist:
            raise Http404("Der er ingen offentliggjort samarbejdsplan for det år.") from None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # list(): the template walks the sections twice (contents and body).
        context["afsnit_liste"] = list(self.object.afsnit.with_content())
        return context


class ForsideView(PlanView):
    """`/`: the newest published plan. Drafts are never the front page."""

    def get(self, request, *args, **kwargs):
        self.object = self.get_queryset().published().order_by("-aar").first()
        if self.object is None:
            # A new installation: say so plainly rather than "page not found".
            return render(request, "samarbejdsplan/ingen_plan.html")
        return self.render_to_response(self.get_context_data(object=self.object))


def healthz(request):
    """200 when the database answers a query, 503 when it does not (for load balancers)."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "fejl", "database": "svarer ikke"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})

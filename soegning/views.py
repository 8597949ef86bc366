"""`/<år>/soeg/?q=`: search one plan, in Danish."""

from django.views.generic import TemplateView

from samarbejdsplan.views.base import PlanMixin
from web.parameters import page_number, reads_query, stripped

from .engine import KINDS, PER_PAGE, search_plan

# Searches shown on the empty page, to show what the search can do.
EXAMPLES = ["indbrud", "færdsel", "radikalisering", "Skovparken", "ungdomskriminalitet vejle"]


def kind(value):
    return value.strip()


# The search, one kind to page through, and the page; nothing else makes a page.
@reads_query(q=stripped, kun=kind, page=page_number)
class SoegView(PlanMixin, TemplateView):
    template_name = "soegning/soeg.html"

    def get(self, request, *args, **kwargs):
        text = request.GET.get("q", "")
        kun = request.GET.get("kun") or None
        fejl = None
        if kun is not None and kun not in KINDS:
            fejl = f"»{kun[:40]}« er ikke en slags resultat. Vælg mellem {', '.join(KINDS)}."
            kun = None
        resultat = search_plan(self.plan, text, kun=kun, page=request.GET.get("page") or 1)
        context = self.get_context_data(
            q=text,
            resultat=resultat,
            kun=kun,
            kun_navn=KINDS.get(kun, ""),
            fejl=fejl,
            per_side=PER_PAGE,
            eksempler=EXAMPLES,
        )
        response = self.render_to_response(context)
        if fejl:
            response.status_code = 400  # the page says what was wrong
        return response

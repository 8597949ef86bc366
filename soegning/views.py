"""`/<år>/soeg/?q=`: search one plan, in Danish."""

from django.views.generic import TemplateView

from samarbejdsplan.views.base import PlanMixin
from web.parameters import page_number, reads_query, stripped

from .engine import KINDS, PER_PAGE, search_plan

# Searches shown on the empty page, to show what the search can do.
EXAMPLES = ["indbrud", "færdsel", "radikalisering", "Skovparken", "ungdomskriminalitet vejle"]


# The search, one kind to page through, and the page; nothing else makes a page.
@reads_query(q=stripped, kun=stripped, page=page_number)
class SoegView(PlanMixin, TemplateView):
    template_name = "soegning/soeg.html"

    def get(self, request, *args, **kwargs):
        text = request.GET.get("q", "")
        kun = request.GET.get("kun") or None
        fejl = None
        if kun is not None and kun not in KINDS:
            # In the reader's words, with a link to each kind beside the message.
            names = [n.lower() for n in KINDS.values()]
            fejl = (
                f"»{kun[:40]}« er ikke en slags resultat. Der kan vises "
                f"{', '.join(names[:-1])} eller {names[-1]}."
            )
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
            slags=KINDS.items(),
        )
        response = self.render_to_response(context)
        if fejl:
            response.status_code = 400  # the page says what was wrong
        return response

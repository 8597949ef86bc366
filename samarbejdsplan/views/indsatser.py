"""The plan's initiatives: the filtered list and one initiative, `/<år>/indsatser/…`."""

from django.db.models import Prefetch
from django.http import Http404
from django.views.generic import DetailView
from django_filters.views import FilterView

from indsatser.models import Indsats
from web.parameters import page_number, printable, reads_query, stripped

from .. import udvidelser
from ..filters import IndsatsFilter
from .base import PlanMixin


def shown(queryset):
    """Initiatives with what a page shows of them, and their section."""
    return queryset.select_related("afsnit").shown()


# The filters and the page number; anything else in the address is ignored.
# Control characters are dropped from every value, so that no message echoes them.
@reads_query(
    **{
        **dict.fromkeys([*IndsatsFilter.base_filters, *udvidelser.list_filter_names()], printable),
        "q": stripped,
        "page": page_number,
    }
)
class IndsatsListView(PlanMixin, FilterView):
    """`/<år>/indsatser/`: the plan's initiatives, filtered by GET parameters."""

    template_name = "indsatser/indsats_liste.html"
    filterset_class = IndsatsFilter
    paginate_by = 50

    def get_queryset(self):
        return shown(Indsats.objects.filter(plan=self.plan))

    def paginate_queryset(self, queryset, page_size):
        """As the search pages: a page that is not a number is page 1, one past
        the end the last page (ListView would answer 404 to both)."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.get_page(self.request.GET.get("page"))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_filterset_kwargs(self, filterset_class):
        return {**super().get_filterset_kwargs(filterset_class), "plan": self.plan}

    def get_context_data(self, **kwargs):
        form = self.filterset.form
        # `?page=2` or an empty search box is not a filter.
        filtreret = form.is_valid() and any(form.cleaned_data.get(name) for name in form.fields)
        context = super().get_context_data(filtreret=filtreret, **kwargs)
        return udvidelser.extend_context("indsats_liste", self, context)

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if self.filterset.is_bound and not self.filterset.is_valid():
            # The page explains what was wrong; the status tells machines.
            response.status_code = 400
        return response


@reads_query()
class IndsatsDetailView(PlanMixin, DetailView):
    """One initiative: its text, section, municipalities, actors and priority."""

    template_name = "indsatser/indsats.html"
    context_object_name = "indsats"

    def get_object(self, queryset=None):
        # Its predecessor (with what tells whether it changed) and its
        # successors, each with its plan: the links to the other years.
        lineage = shown(Indsats.objects.select_related("plan"))
        initiatives = shown(Indsats.objects.filter(plan=self.plan)).prefetch_related(
            Prefetch("forgaenger", queryset=lineage),
            Prefetch("efterfoelgere", queryset=Indsats.objects.select_related("plan")),
        )
        try:
            return initiatives.get(slug=self.kwargs["slug"])
        except Indsats.DoesNotExist:
            raise Http404("Planen har ingen indsats med den adresse.") from None

    def get_context_data(self, **kwargs):
        indsats = self.object
        user = self.request.user
        forgaenger = indsats.forgaenger
        if forgaenger is not None and not forgaenger.plan.readable_by(user):
            forgaenger = None
        context = super().get_context_data(
            forgaenger=forgaenger,
            forgaenger_aendret=forgaenger is not None and bool(indsats.forskelle(forgaenger)),
            efterfoelgere=[i for i in indsats.efterfoelgere.all() if i.plan.readable_by(user)],
            **kwargs,
        )
        return udvidelser.extend_context("indsats", self, context)

"""Status on the plan's own pages: the initiative page, the list and its
filter, a municipality's page (registered in samarbejdsplan/udvidelser.py).

Each hook reads the updates it needs in one query for the whole page.
"""

import django_filters
from django.db.models import Q

from samarbejdsplan import udvidelser

from .status import (
    RAEKKEFOELGE,
    Statusbillede,
    for_kommune,
    kommuner_of,
    public_updates,
    vaerdi,
    vist,
)


def register():
    udvidelser.add_to_page("indsats", indsats_page)
    udvidelser.add_to_page("indsats_liste", list_page)
    udvidelser.add_to_page("kommune", kommune_page)
    udvidelser.add_list_filter("status", status_filter)


def indsats_page(view, context):
    """The initiative's current status per municipality, and its timeline; and where its
    predecessor (a plan before) ended, when there is follow-up of it (issue 20)."""
    indsats = context["indsats"]
    updates = list(
        public_updates(indsats=indsats)
        .select_related("kommune")
        .only("indsats_id", "kommune__navn", "dato", "status", "tekst")
        .order_by("-dato", "-id")
    )
    faelles, per_kommune = per_kommune_status(indsats, updates, view.plan.kommuner.all())
    context.update(
        status_tidslinje=updates,
        status_faelles=faelles,
        status_per_kommune=per_kommune,
    )
    context["sidedele"].append("opfoelgning/indsats_status.html")
    forgaenger_status(context)


def forgaenger_status(context):
    """The last public status of the predecessor the page links ("Også i 2020"), if any.

    The page's `forgaenger` is already the one the reader may read. Two queries
    when there is one (its updates, its plan's municipalities), none otherwise.
    """
    forgaenger = context.get("forgaenger")
    if forgaenger is None:
        return
    updates = list(public_updates(indsats=forgaenger))
    if not updates:
        return  # no follow-up of it: nothing to say where it ended
    faelles, per_kommune = per_kommune_status(forgaenger, updates, forgaenger.plan.kommuner.all())
    context.update(forgaenger_status_faelles=faelles, forgaenger_status_per_kommune=per_kommune)
    context["sidedele"].append("opfoelgning/forgaenger_status.html")


def per_kommune_status(indsats, updates, plan_kommuner):
    """(one status for all, or None when they differ; [(kommune, status), …]) from `updates`."""
    billede = Statusbillede(updates)
    per_kommune = [
        (k, billede.i_kommune(indsats.pk, k.pk)) for k in kommuner_of(indsats, plan_kommuner)
    ]
    deciding = {update.pk if update else None for _, update in per_kommune}
    # One line when every municipality has the same status from the same update.
    faelles = vist(per_kommune[0][1]) if len(deciding) == 1 and per_kommune else None
    return faelles, [(k, vist(update)) for k, update in per_kommune]


def list_page(view, context):
    """Each listed initiative's status: in the filter's municipality, else its newest."""
    shown = list(context.get("object_list") or [])
    if not shown:
        return
    form = view.filterset.form
    kommune = form.cleaned_data.get("kommune") if form.is_valid() else None
    condition = for_kommune(kommune) if kommune else Q()
    billede = Statusbillede(public_updates(condition, indsats__in=[i.pk for i in shown]))
    plan_kommuner = view.plan.kommuner.all()
    for indsats in shown:
        if kommune:
            indsats.status_vist = vist(billede.i_kommune(indsats.pk, kommune.pk))
        else:
            indsats.status_vist = billede.samlet(indsats, kommuner_of(indsats, plan_kommuner))


def kommune_page(view, context):
    """Each item's status in the municipality of the page."""
    kommune = context["kommune"]
    billede = Statusbillede(public_updates(for_kommune(kommune), indsats__plan=view.plan))
    for gruppe in ("alene", "delt", "faelles"):
        for udsnit in context[gruppe]:
            for deling in udsnit.delinger:
                for indsats in deling.indsatser:
                    indsats.status_vist = vist(billede.i_kommune(indsats.pk, kommune.pk))


class StatusFilter(django_filters.ChoiceFilter):
    """`?status=i_gang`: the initiatives whose current status is that: in the
    municipality the list is filtered by (`kommune`), else by their newest
    update, as the overview counts them."""

    def __init__(self, plan, **kwargs):
        super().__init__(**kwargs)
        self.plan = plan

    def filter(self, queryset, value):
        if not value:
            return queryset
        kommune = self.parent.form.cleaned_data.get("kommune")
        return matching(queryset, value, self.plan, kommune)


def status_filter(plan):
    return StatusFilter(
        plan,
        label="Status",
        choices=RAEKKEFOELGE,
        empty_label="Alle statusser",
        error_messages={"invalid_choice": "»%(value)s« er ikke en status; vælg en i listen."},
    )


def matching(queryset, value, plan, kommune=None):
    """The initiatives of `queryset` whose current status is `value` (three queries)."""
    condition = for_kommune(kommune) if kommune else Q()
    billede = Statusbillede(public_updates(condition, indsats__plan=plan))
    if kommune:
        ids = queryset.values_list("pk", flat=True)
        chosen = [i for i in ids if vaerdi(billede.i_kommune(i, kommune.pk)) == value]
    else:
        plan_kommuner = plan.kommuner.all()
        candidates = (
            queryset.select_related(None)
            .prefetch_related(None)
            .only("alle_kommuner")
            .prefetch_related("kommuner")
        )
        chosen = [
            i.pk
            for i in candidates
            if billede.samlet(i, kommuner_of(i, plan_kommuner)).vaerdi == value
        ]
    return queryset.filter(pk__in=chosen)

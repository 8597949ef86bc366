"""The current-status rule, computed once per page from the public updates.

An initiative's current status in a municipality is its newest public update
for that municipality or for all its municipalities; newest by date, and of
two on the same date the one written last. No update: "Ingen status endnu".
Its status without a municipality (the overview by section, the list's status
filter without a municipality) is the status all its municipalities share, or
"Forskellig i kommunerne" when they differ: a kredsråd must not read "Gennemført"
for an initiative that one municipality finished and five have not.

Everything here works on updates read in one query, so a page's query count
does not grow with the plan.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from .models import BLANDET, BLANDET_NAVN, INGEN, INGEN_NAVN, Status, Statusopdatering


@dataclass(frozen=True)
class Vist:
    """A status as a page shows it: its value (the colour), its Danish name, its date."""

    vaerdi: str
    navn: str
    dato: date | None = None


INGEN_VIST = Vist(INGEN, INGEN_NAVN)
BLANDET_VIST = Vist(BLANDET, BLANDET_NAVN)

# The statuses in the order the overview counts them, "mixed" and "none" last.
RAEKKEFOELGE = [(s.value, s.label) for s in Status] + [(BLANDET, BLANDET_NAVN), (INGEN, INGEN_NAVN)]


def vist(update):
    if update is None:
        return INGEN_VIST
    return Vist(update.status, Status(update.status).label, update.dato)


def newer(update, than):
    return than is None or (update.dato, update.pk) > (than.dato, than.pk)


def public_updates(*conditions, as_of=None, **filters):
    updates = Statusopdatering.objects.filter(*conditions, offentlig=True, **filters)
    if as_of is not None:
        updates = updates.filter(dato__lte=as_of)
    return updates.only("indsats_id", "kommune_id", "dato", "status")


def for_kommune(kommune):
    """The updates that can decide a status in `kommune`: its own and those for all."""
    return Q(kommune__isnull=True) | Q(kommune=kommune)


class Statusbillede:
    """The current statuses of some initiatives, from their updates (read once)."""

    def __init__(self, updates):
        self.newest = {}  # (indsats id, kommune id or None) → update
        self.overall = {}  # indsats id → its newest update of any kind
        for update in updates:
            key = (update.indsats_id, update.kommune_id)
            if newer(update, self.newest.get(key)):
                self.newest[key] = update
            if newer(update, self.overall.get(update.indsats_id)):
                self.overall[update.indsats_id] = update

    def i_kommune(self, indsats_id, kommune_id):
        """The update deciding the initiative's status in that municipality, or None."""
        own = self.newest.get((indsats_id, kommune_id))
        common = self.newest.get((indsats_id, None))
        if own is None or common is None:
            return own or common
        return own if newer(own, common) else common

    def samlet(self, indsats, kommuner):
        """The initiative's status in all its municipalities (`kommuner`), as a `Vist`."""
        deciding = {self.i_kommune(indsats.pk, k.pk) for k in kommuner}
        if not kommuner:
            deciding = {self.overall.get(indsats.pk)}
        values = {vaerdi(update) for update in deciding}
        if len(values) > 1:
            return BLANDET_VIST
        if len(deciding) == 1:
            return vist(deciding.pop())
        # The same status from different updates: as of the newest of them.
        return vist(max(deciding, key=lambda u: (u.dato, u.pk)))


def kommuner_of(indsats, plan_kommuner):
    """The municipalities an initiative concerns, from prefetched data, in the plan's order."""
    if indsats.alle_kommuner:
        return list(plan_kommuner)
    own = set(indsats.kommuner.all())
    return [k for k in plan_kommuner if k in own]


def vaerdi(update):
    return update.status if update is not None else INGEN

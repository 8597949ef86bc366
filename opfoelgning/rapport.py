"""The account (statusrapport): the plan's status as one self-contained HTML file.

In the form of the yearly export (samarbejdsplan/export.py): one file, its CSS
inline (the export's own stylesheet, and this report's additions), no script
and no reference outside it, printable on A4. Deterministic: the same data
gives the same bytes; the only dates in it are the plan's, the meeting's and
the updates' own.

- Without a meeting: the year's account, for the police director's written
  account to the kredsråd (retsplejeloven § 112, stk. 2): every initiative with
  its current status in each municipality, and all the year's public updates.
- With a meeting (`moede`): the status as of that date, and the updates since
  the previous meeting's report (`Statusrapport`), or all until then for the first.
"""

from collections import Counter
from dataclasses import dataclass

from django.template.loader import render_to_string

from indsatser.models import Indsats

from .models import Statusrapport
from .status import RAEKKEFOELGE, Statusbillede, for_kommune, kommuner_of, public_updates, vist

# Per municipality, an initiative has one of the statuses or none ("mixed" is for many).
PER_KOMMUNE = [(v, n) for v, n in RAEKKEFOELGE if v != "blandet"]


@dataclass
class Linje:
    """An initiative in the report: its status in each of its municipalities."""

    indsats: object
    per_kommune: list  # [(kommune, Vist)]
    faelles: object  # the Vist all share, or None


def filename(plan, moede=None, kommune=None):
    parts = ["statusrapport", str(plan.aar)]
    parts += [moede.isoformat()] if moede else []
    parts += [kommune.slug] if kommune else []
    return "-".join(parts) + ".html"


def previous_meeting(plan, moede):
    earlier = Statusrapport.objects.filter(plan=plan, moede__lt=moede).order_by("-moede")
    return earlier.values_list("moede", flat=True).first()


def render_report(plan, moede=None, kommune=None):
    """The report as UTF-8 bytes."""
    condition = for_kommune(kommune) if kommune else None
    updates = public_updates(*([condition] if condition else []), indsats__plan=plan, as_of=moede)
    updates = list(
        updates.select_related("indsats", "kommune")
        .only("indsats__titel", "indsats__slug", "kommune__navn", "dato", "status", "tekst")
        .order_by("dato", "id")
    )
    billede = Statusbillede(updates)
    plan_kommuner = list(plan.kommuner.all())
    kommuner = [kommune] if kommune else plan_kommuner
    indsatser = (
        Indsats.objects.filter(plan=plan).select_related("afsnit").prefetch_related("kommuner")
    )
    if kommune:
        indsatser = indsatser.for_kommune(kommune)
    afsnit_liste, counts = [], {k.pk: Counter() for k in kommuner}
    for indsats in indsatser:
        own = kommuner_of(indsats, plan_kommuner)
        if kommune:
            own = [k for k in own if k.pk == kommune.pk]
        per_kommune = [(k, vist(billede.i_kommune(indsats.pk, k.pk))) for k in own]
        for k, shown in per_kommune:
            counts[k.pk][shown.vaerdi] += 1
        shared = {shown for _, shown in per_kommune}
        line = Linje(indsats, per_kommune, shared.pop() if len(shared) == 1 else None)
        if not afsnit_liste or afsnit_liste[-1][0] != indsats.afsnit:
            afsnit_liste.append((indsats.afsnit, []))
        afsnit_liste[-1][1].append(line)
    siden = previous_meeting(plan, moede) if moede else None
    document = render_to_string(
        "opfoelgning/rapport.html",
        {
            "plan": plan,
            "moede": moede,
            "siden": siden,
            "kommune": kommune,
            "kommuner": kommuner,
            "statusser": PER_KOMMUNE,
            "optaelling": [(k, [counts[k.pk][v] for v, _ in PER_KOMMUNE]) for k in kommuner],
            "afsnit_liste": afsnit_liste,
            "opdateringer": [u for u in updates if siden is None or u.dato > siden],
        },
    )
    return document.encode("utf-8")

"""The overview `/<år>/opfoelgning/` counts: initiatives by status, per section and
per municipality, each count a link to the initiative list filtered the same way,
so the two always agree (the list's `status` filter applies the same rule)."""

from dataclasses import dataclass, field

from django.utils.http import urlencode

from indsatser.models import Indsats

from .status import RAEKKEFOELGE, Statusbillede, kommuner_of, public_updates, vaerdi


@dataclass
class Del:
    vaerdi: str
    navn: str
    antal: int
    url: str
    procent: float = 0.0
    start: float = 0.0  # where its bar begins, in per cent of the row's bar


@dataclass
class Raekke:
    """One row of the chart: a section or a municipality, its initiatives by status."""

    navn: str
    nummer: str
    url: str
    dele: list = field(default_factory=list)
    i_alt: int = 0


def row(navn, nummer, liste_url, filters, statusser):
    counts = dict.fromkeys((v for v, _ in RAEKKEFOELGE), 0)
    for status in statusser:
        counts[status] += 1
    total = len(statusser)
    dele = [
        Del(
            v,
            n,
            counts[v],
            f"{liste_url}?{urlencode({**filters, 'status': v})}#resultater",
            round(100 * counts[v] / total, 1) if total else 0.0,
        )
        for v, n in RAEKKEFOELGE
    ]
    start = 0.0
    for part in dele:
        part.start = round(start, 1)
        start += part.procent
    return Raekke(navn, nummer, f"{liste_url}?{urlencode(filters)}#resultater", dele, total)


def initiatives(plan):
    """The plan's initiatives with their section and municipalities (two queries)."""
    return list(
        Indsats.objects.filter(plan=plan)
        .select_related("afsnit")
        .prefetch_related("kommuner")
        .only("afsnit__nummer", "afsnit__titel", "afsnit__raekkefoelge", "alle_kommuner", "titel")
    )


def by_section(indsatser, samlet, liste_url):
    """Each section holding initiatives, counting those of its subsections too,
    as the list's `afsnit` filter does."""
    sections = {}
    for indsats in indsatser:
        sections.setdefault(indsats.afsnit.nummer, indsats.afsnit)
    rows = []
    for nummer, afsnit in sections.items():
        statusser = [
            samlet[i.pk]
            for i in indsatser
            if i.afsnit.nummer == nummer or i.afsnit.nummer.startswith(nummer + ".")
        ]
        rows.append(row(afsnit.titel, nummer, liste_url, {"afsnit": nummer}, statusser))
    return rows


def by_kommune(indsatser, own, billede, kommuner, liste_url):
    rows = []
    for kommune in kommuner:
        statusser = [
            vaerdi(billede.i_kommune(i.pk, kommune.pk))
            for i in indsatser
            if kommune.pk in own[i.pk]
        ]
        rows.append(
            row(f"{kommune.navn} Kommune", "", liste_url, {"kommune": kommune.slug}, statusser)
        )
    return rows


def overview(plan, liste_url):
    indsatser = initiatives(plan)
    billede = Statusbillede(public_updates(indsats__plan=plan))
    kommuner = list(plan.kommuner.all())
    # Each initiative's municipalities and shared status, once: a plan may have
    # hundreds of initiatives and, across Denmark, 98 municipalities.
    of = {i.pk: kommuner_of(i, kommuner) for i in indsatser}
    own = {pk: {k.pk for k in found} for pk, found in of.items()}
    samlet = {i.pk: billede.samlet(i, of[i.pk]).vaerdi for i in indsatser}
    return {
        "i_alt_liste": [
            row("Alle planens indsatser", "", liste_url, {}, [samlet[i.pk] for i in indsatser])
        ],
        "afsnit_raekker": by_section(indsatser, samlet, liste_url),
        "kommune_raekker": by_kommune(indsatser, own, billede, kommuner, liste_url),
    }


def newest_updates(plan, count=10):
    return list(
        public_updates(indsats__plan=plan)
        .select_related("indsats", "kommune")
        .only("indsats__titel", "indsats__slug", "kommune__navn", "dato", "status", "tekst")
        .order_by("-dato", "-id")[:count]
    )

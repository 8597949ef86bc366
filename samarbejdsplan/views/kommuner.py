"""One plan for one municipality (`/<år>/kommuner/…`), and the plan's SUB areas."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.views.generic import TemplateView

from common.text import antal
from indsatser.models import Maal
from kommuner.models import Boligomraade
from web.parameters import reads_query

from .. import udvidelser
from ..grouping import by_goals
from ..models import Afsnit
from .base import PlanMixin


def names_da(names):
    """ "Fredericia, Horsens og Vejle": names as a Danish sentence lists them."""
    names = list(names)
    return " og ".join([", ".join(names[:-1]), names[-1]]) if len(names) > 1 else "".join(names)


@dataclass
class Deling:
    """Items of one section that concern the same municipalities."""

    andre: list  # the other municipalities' names: none for its own, all others' for the common
    indsatser: list = field(default_factory=list)
    maal: list = field(default_factory=list)

    @property
    def andre_tekst(self):
        return names_da(self.andre)


@dataclass
class Udsnit:
    """What one section holds for one municipality in one part of its page."""

    afsnit: Afsnit
    delinger: list


def by_sharing(afsnit, kommune):
    """The section's items for `kommune`, grouped by the other municipalities they concern.

    The key is () for what is the municipality's alone, None for what concerns
    all, else the other municipalities' names (from prefetched data).
    """
    groups = {}
    for attr, items in (("indsatser", afsnit.kommune_indsatser), ("maal", afsnit.kommune_maal)):
        for item in items:
            andre = (
                None
                if item.alle_kommuner
                else tuple(k.navn for k in item.kommuner.all() if k != kommune)
            )
            groups.setdefault(andre, Deling(list(andre or ())))
            getattr(groups[andre], attr).append(item)
    return groups


def summary(udsnit_liste, boligomraader=()):
    """ "2 udpegede boligområder, 1 indsats og 9 mål"; "0 indsatser" when none."""
    delinger = [d for u in udsnit_liste for d in u.delinger]
    parts = [
        antal(
            sum(len(omraader) for _, omraader in boligomraader),
            "udpeget boligområde",
            "udpegede boligområder",
        ),
        antal(sum(len(d.indsatser) for d in delinger), "indsats", "indsatser"),
        antal(sum(len(d.maal) for d in delinger), "mål", "mål"),
    ]
    return names_da([p for p in parts if not p.startswith("0 ")]) or "0 indsatser"


def partners(udsnit_liste):
    """ " sammen med Fredericia, Horsens og Vejle": all the others shared with, or nothing."""
    names = sorted({navn for u in udsnit_liste for d in u.delinger for navn in d.andre})
    return f" sammen med {names_da(names)}" if names else ""


@reads_query()
class KommuneView(PlanMixin, TemplateView):
    """`/<år>/kommuner/<slug>/`: what the plan means for one municipality.

    A digest, not a copy of the plan, in three parts: what is the
    municipality's alone (its SUB areas first), what it shares with some of the
    other municipalities (named), and what all share, as a compact list by
    section; each links to its section's full text.
    """

    template_name = "kommuner/kommune.html"

    def get_context_data(self, **kwargs):
        kommune = self.kommune_in_plan(self.kwargs["slug"])
        alene, delt, faelles, boligomraader = [], [], [], []
        for afsnit in self.plan.afsnit.for_kommune(kommune):
            if afsnit.kommune_boligomraader:
                boligomraader.append((afsnit, afsnit.kommune_boligomraader))
            groups = by_sharing(afsnit, kommune)
            own, common = groups.pop((), None), groups.pop(None, None)
            alene += [Udsnit(afsnit, [own])] if own else []
            delt += [Udsnit(afsnit, list(groups.values()))] if groups else []
            faelles += [Udsnit(afsnit, [common])] if common else []
        context = super().get_context_data(
            kommune=kommune,
            boligomraader=boligomraader,
            alene=alene,
            delt=delt,
            faelles=faelles,
            opsummering={
                "alene": summary(alene, boligomraader),
                "delt": summary(delt) + partners(delt),
                "faelles": summary(faelles),
            },
            andre_kommuner=[k for k in self.plan.kommuner.all() if k != kommune],
            **kwargs,
        )
        return udvidelser.extend_context("kommune", self, context)


@reads_query()
class BoligomraaderView(PlanMixin, TemplateView):
    """`/<år>/boligomraader/`: the SUB areas the plan designates and the goals for each."""

    template_name = "kommuner/boligomraader.html"

    def get_context_data(self, **kwargs):
        designating = self.plan.afsnit.filter(
            Exists(Boligomraade.objects.filter(udpeget_i=OuterRef("pk"))),
        ).prefetch_related(
            Prefetch("boligomraader", Boligomraade.objects.select_related("kommune")),
            Prefetch("maal", Maal.objects.prefetch_related("kommuner")),
        )
        afsnit_liste = [
            (afsnit, by_goals(afsnit.boligomraader.all(), afsnit.maal.all()))
            for afsnit in designating
        ]
        return super().get_context_data(afsnit_liste=afsnit_liste, **kwargs)

"""One plan for one municipality (`/<år>/kommuner/…`), and the plan's SUB areas."""

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch
from django.views.generic import TemplateView

from indsatser.models import Maal
from kommuner.models import Boligomraade
from web.parameters import reads_query

from ..grouping import by_goals
from ..models import Afsnit
from .base import PlanMixin


@dataclass
class Udsnit:
    """What one section holds for one municipality."""

    afsnit: Afsnit
    indsatser: list = field(default_factory=list)
    maal: list = field(default_factory=list)
    boligomraader: list = field(default_factory=list)

    def __bool__(self):
        return bool(self.indsatser or self.maal or self.boligomraader)


@reads_query()
class KommuneView(PlanMixin, TemplateView):
    """`/<år>/kommuner/<slug>/`: what the plan means for one municipality.

    A digest, not a copy of the plan: the initiatives, goals and SUB areas that
    concern the municipality, those for it in particular apart from those for
    all, each linking to its section's full text.
    """

    template_name = "kommuner/kommune.html"

    def get_context_data(self, **kwargs):
        kommune = self.kommune_in_plan(self.kwargs["slug"])
        saerligt, faelles = [], []
        for afsnit in self.plan.afsnit.for_kommune(kommune):
            own = Udsnit(
                afsnit,
                [i for i in afsnit.kommune_indsatser if not i.alle_kommuner],
                [m for m in afsnit.kommune_maal if not m.alle_kommuner],
                afsnit.kommune_boligomraader,
            )
            common = Udsnit(
                afsnit,
                [i for i in afsnit.kommune_indsatser if i.alle_kommuner],
                [m for m in afsnit.kommune_maal if m.alle_kommuner],
            )
            saerligt += [own] if own else []
            faelles += [common] if common else []
        return super().get_context_data(
            kommune=kommune,
            saerligt=saerligt,
            faelles=faelles,
            antal_saerlige=sum(len(u.indsatser) for u in saerligt),
            antal_faelles=sum(len(u.indsatser) for u in faelles),
            andre_kommuner=[k for k in self.plan.kommuner.all() if k != kommune],
            **kwargs,
        )


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

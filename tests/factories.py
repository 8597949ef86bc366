"""Test data beyond the 2020 plan."""

from datetime import date, timedelta

from django.utils import timezone

from indsatser.models import Deltagelse, Indsats, Maal
from opfoelgning.models import Status as Opfoelgning
from opfoelgning.models import Statusopdatering
from samarbejdsplan.models import Afsnit, Samarbejdsplan, Status, Underskriver


def scaled_copy(source, aar, factor):
    """A published plan holding `factor` copies of `source`'s content, chapters renumbered.

    Used to show that a page's query count does not grow with the plan.
    """
    plan = Samarbejdsplan.objects.create(
        aar=aar,
        titel=source.titel,
        politikreds=source.politikreds,
        status=Status.OFFENTLIGGJORT,
        offentliggjort=timezone.now(),
    )
    plan.kommuner.set(source.kommuner.all())
    sections = list(source.afsnit.prefetch_related("boligomraader"))
    chapters = max(int(a.nummer.split(".")[0]) for a in sections)
    order = 0
    for copy in range(factor):
        Underskriver.objects.bulk_create(
            Underskriver(plan=plan, navn=f"{u.navn} {copy}", raekkefoelge=order + i)
            for i, u in enumerate(source.underskrivere.all())
        )
        for afsnit in sections:
            order += 1
            head, _, rest = afsnit.nummer.partition(".")
            nummer = ".".join(filter(None, [str(int(head) + copy * chapters), rest]))
            new = Afsnit.objects.create(
                plan=plan,
                nummer=nummer,
                titel=afsnit.titel,
                tekst=afsnit.tekst,
                art=afsnit.art,
                raekkefoelge=order,
            )
            new.boligomraader.set(afsnit.boligomraader.all())
            for indsats in afsnit.indsatser.prefetch_related("kommuner", "deltagelser"):
                new_indsats = Indsats.objects.create(
                    afsnit=new,
                    titel=indsats.titel,
                    slug=f"{indsats.slug}-{copy}",
                    tekst=indsats.tekst,
                    prioritet=indsats.prioritet,
                    alle_kommuner=indsats.alle_kommuner,
                    raekkefoelge=indsats.raekkefoelge,
                )
                new_indsats.kommuner.set(indsats.kommuner.all())
                Deltagelse.objects.bulk_create(
                    Deltagelse(indsats=new_indsats, aktoer_id=d.aktoer_id, rolle=d.rolle)
                    for d in indsats.deltagelser.all()
                )
            for maal in afsnit.maal.prefetch_related("kommuner"):
                new_maal = Maal.objects.create(
                    afsnit=new,
                    tekst=maal.tekst,
                    raekkefoelge=maal.raekkefoelge,
                    alle_kommuner=maal.alle_kommuner,
                )
                new_maal.kommuner.set(maal.kommuner.all())
    return plan


STATUSES = list(Opfoelgning)


def status_updates(plan, per_initiative=10):
    """`per_initiative` status updates for each initiative: for all its municipalities
    and for single ones, every fourth internal (a follow-up of the plan at scale)."""
    kommuner = list(plan.kommuner.all()[:6])
    updates = []
    for n, indsats in enumerate(plan.indsatser.prefetch_related("kommuner")):
        own = list(indsats.kommuner.all()) or kommuner
        for i in range(per_initiative):
            updates.append(
                Statusopdatering(
                    indsats=indsats,
                    kommune=None if i % 3 == 0 else own[(n + i) % len(own)],
                    dato=date(plan.aar, 1, 1) + timedelta(days=20 * i + n % 7),
                    status=STATUSES[(n + i) % len(STATUSES)],
                    tekst=f"Opdatering {i}",
                    offentlig=i % 4 != 3,
                )
            )
    Statusopdatering.objects.bulk_create(updates)

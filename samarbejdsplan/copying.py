"""Next year's plan from this year's: a complete, independent draft copy."""

from django.db import transaction

from indsatser.models import Deltagelse, Indsats, Maal

from .models import Afsnit, Samarbejdsplan, Status, Underskriver


class CopyError(Exception):
    """Why a copy was refused (in Danish, for the secretariat)."""


def copy_plan(source_aar, target_aar, user=None):
    """Copy plan `source_aar` to a new draft for `target_aar`, all or nothing.

    Sections, their prose and order, initiatives with their municipalities and
    actors, goals, designated SUB areas, the parties and the signatories. The
    copy shares no row with the original (places and actors outlive plans and
    are linked, not copied), so editing one never changes the other. Each
    copied section, initiative and goal names its original as `forgaenger`:
    the lineage that the comparison of the two years follows (app aendringer).
    """
    if not 2000 <= target_aar <= 2100:
        raise CopyError("Året skal ligge mellem 2000 og 2100.")
    with transaction.atomic():
        try:
            source = Samarbejdsplan.objects.get(aar=source_aar)
        except Samarbejdsplan.DoesNotExist:
            raise CopyError(f"Der findes ingen samarbejdsplan for {source_aar}.") from None
        if Samarbejdsplan.objects.filter(aar=target_aar).exists():
            raise CopyError(f"Der findes allerede en samarbejdsplan for {target_aar}.")
        reason = f"Kopieret fra samarbejdsplan {source_aar}"
        plan = save(
            Samarbejdsplan(
                aar=target_aar,
                titel=source.titel,
                raad=source.raad,
                politikreds=source.politikreds,
                status=Status.KLADDE,
            ),
            user,
            reason,
        )
        plan.kommuner.set(source.kommuner.all())
        for underskriver in source.underskrivere.all():
            save(
                Underskriver(
                    plan=plan,
                    navn=underskriver.navn,
                    titel=underskriver.titel,
                    raekkefoelge=underskriver.raekkefoelge,
                ),
                user,
                reason,
            )
        sections = source.afsnit.prefetch_related(
            "boligomraader", "maal__kommuner", "indsatser__kommuner", "indsatser__deltagelser"
        )
        for afsnit in sections:
            copy_section(afsnit, plan, user, reason)
    return plan


def copy_section(afsnit, plan, user, reason):
    new = save(
        Afsnit(
            plan=plan,
            nummer=afsnit.nummer,
            titel=afsnit.titel,
            tekst=afsnit.tekst,
            art=afsnit.art,
            raekkefoelge=afsnit.raekkefoelge,
            forgaenger=afsnit,
        ),
        user,
        reason,
    )
    new.boligomraader.set(afsnit.boligomraader.all())
    for maal in afsnit.maal.all():
        new_maal = save(
            Maal(
                afsnit=new,
                tekst=maal.tekst,
                raekkefoelge=maal.raekkefoelge,
                alle_kommuner=maal.alle_kommuner,
                forgaenger=maal,
            ),
            user,
            reason,
        )
        new_maal.kommuner.set(maal.kommuner.all())
    for indsats in afsnit.indsatser.all():
        new_indsats = save(
            Indsats(
                afsnit=new,
                titel=indsats.titel,
                slug=indsats.slug,
                tekst=indsats.tekst,
                prioritet=indsats.prioritet,
                raekkefoelge=indsats.raekkefoelge,
                alle_kommuner=indsats.alle_kommuner,
                forgaenger=indsats,
            ),
            user,
            reason,
        )
        new_indsats.kommuner.set(indsats.kommuner.all())
        for deltagelse in indsats.deltagelser.all():
            save(
                Deltagelse(
                    indsats=new_indsats, aktoer_id=deltagelse.aktoer_id, rolle=deltagelse.rolle
                ),
                user,
                reason,
            )


def save(obj, user, reason):
    """Save with the history naming who copied and from where."""
    obj._history_user = user
    obj._change_reason = reason
    obj.save()
    return obj

"""Saving an imported text: a new draft plan, or the prose of an existing draft.

All or nothing, in one transaction, each object saved with the history
naming the file ("Importeret fra plan-2021.docx"), as `copy_plan` names its
source. Into an existing draft (often a `copy_plan` copy whose initiatives and
goals stay), sections with the same number get the document's title and prose,
new numbers become new sections, and sections the document lacks are kept.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count

from common.text import antal as count
from samarbejdsplan.copying import save
from samarbejdsplan.models import Afsnit, Art, Samarbejdsplan, Status, Underskriver

from .parsing import ImportFejl, gap_message, kind_from_title


class PlanenErAendret(ImportFejl):
    """The year's plan changed after the preview the editor confirmed."""


class Afvist(ImportFejl):
    """The import's own errors (`Plan.fejl`), which the preview shows anyway."""


@dataclass
class Aendring:
    """What the import does to one section: "ny", "ændret" or "uændret"."""

    afsnit: object  # parsing.Afsnit
    handling: str
    eksisterende: Afsnit | None = None
    felter: list = field(default_factory=list)  # "titel", "tekst"

    @property
    def gammel_titel(self):
        """The title the section has now, when the import changes it."""
        return self.eksisterende.titel if "titel" in self.felter else None

    @property
    def foelger_med(self):
        """ "2 indsatser og 1 mål": what stays with the section under its new title."""
        if self.gammel_titel is None:
            return ""
        n, m = self.eksisterende.antal_indsatser, self.eksisterende.antal_maal
        parts = [count(n, "indsats", "indsatser")] if n else []
        parts += [count(m, "mål", "mål")] if m else []
        return " og ".join(parts)


@dataclass
class Plan:
    """The import's effect on the year's plan, for the preview and for saving."""

    aar: int
    eksisterende: Samarbejdsplan | None
    aendringer: list
    beholdes: list  # sections of the draft the document does not name
    fejl: list
    advarsler: list

    @property
    def antal(self):
        counts = {"ny": 0, "ændret": 0, "uændret": 0}
        for aendring in self.aendringer:
            counts[aendring.handling] += 1
        return counts


def refusal(plan):
    """Why `plan` cannot take an import, or None for a draft."""
    if plan.status == Status.OFFENTLIGGJORT:
        return (
            f"Planen for {plan.aar} er offentliggjort og låst. Der kan kun importeres i en "
            "kladde: kopiér planen til et nyt år, eller genåbn den og ret afsnittene enkeltvis."
        )
    if plan.status != Status.KLADDE:
        return (
            f"Planen for {plan.aar} er offentlig (genåbnet for rettelse). Der kan kun "
            "importeres i en kladde; ret afsnittene enkeltvis, eller kopiér planen til et nyt år."
        )
    return None


def plan_import(resultat, aar, into_existing=True, lock=False):
    """What importing `resultat` into year `aar` would do, with the errors that stop it."""
    fejl = list(resultat.fejl)
    if not 2000 <= aar <= 2100:
        fejl.append("Året skal ligge mellem 2000 og 2100.")
    plans = Samarbejdsplan.objects.filter(aar=aar)
    if lock:
        plans = plans.select_for_update()
    plan = plans.first()
    sections = {}
    if plan is not None:
        if not into_existing:
            fejl.append(
                f"Der findes allerede en samarbejdsplan for {aar}. Vælg et andet år, eller "
                "importér i den eksisterende kladde (--kladde)."
            )
        elif refusal(plan):
            fejl.append(refusal(plan))
        # Counted with the sections (constant queries): a section whose title
        # changes keeps its initiatives and goals, and the preview says so.
        counted = plan.afsnit.annotate(
            antal_indsatser=Count("indsatser", distinct=True),
            antal_maal=Count("maal", distinct=True),
        )
        sections = {a.nummer: a for a in counted.order_by("raekkefoelge", "id")}
    named = {a.nummer for a in resultat.afsnit}
    changes = []
    for afsnit in resultat.afsnit:
        old = sections.get(afsnit.nummer)
        if old is None:
            parent = sections.get(afsnit.nummer.rpartition(".")[0])
            if parent is not None and parent.nummer not in named:
                # A new subsection of a section the text leaves out: the draft's kind.
                afsnit.art = kind_from_title(afsnit.titel) or parent.art
            changes.append(Aendring(afsnit, "ny"))
            continue
        felter = [
            name for name in ("titel", "tekst") if getattr(old, name) != getattr(afsnit, name)
        ]
        changes.append(Aendring(afsnit, "ændret" if felter else "uændret", old, felter))
    numbers = {a.nummer for a in resultat.afsnit} | set(sections)
    for afsnit in resultat.afsnit:
        parent = afsnit.nummer.rpartition(".")[0]
        if parent and parent not in numbers:
            fejl.append(
                f"Afsnit {afsnit.nummer} kan ikke oprettes: der er intet afsnit {parent}, som "
                "det kan høre under. Tilføj overskriften i dokumentet."
            )
    kept = [a for n, a in sections.items() if n not in named]
    gaps = [gap_message(*gap) for gap in resultat.huller if gap[1] not in sections]
    advarsler = [*gaps, *renamed(changes), *resultat.advarsler]
    return Plan(aar, plan, changes, kept, list(dict.fromkeys(fejl)), advarsler)


def renamed(changes):
    """A warning for each section that changes title but keeps initiatives or goals.

    The import matches sections by number: a renumbered document would put
    "3.1.2 Indbrud"'s initiatives under whatever 3.1.2 is called now.
    """
    return [
        f"Afsnit {a.afsnit.nummer} skifter titel fra »{a.gammel_titel}« til »{a.afsnit.titel}«. "
        f"Afsnittet har {a.foelger_med}, som bliver stående under den nye titel. Tjek, at "
        "nummeret stadig er det samme emne, før du importerer."
        for a in changes
        if a.foelger_med
    ]


def fingerprint(aar):
    """The year's plan as it stands: a preview is confirmed only against the same state."""
    plan = Samarbejdsplan.objects.filter(aar=aar).first()
    if plan is None:
        return "ingen"
    rows = plan.afsnit.order_by("pk").values_list("pk", "version")
    text = f"{plan.pk}:{plan.version}:{plan.status}:" + ",".join(f"{p}-{v}" for p, v in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def save_import(resultat, aar, filnavn, user=None, arter=None, into_existing=True, aftryk=None):
    """Save the import, all or nothing; returns the plan and what was done (counts).

    `arter`: the kind chosen in the preview for each new section's number;
    the proposal stands for the rest. `aftryk`: the plan's `fingerprint` as the
    preview showed it; checked with the plan locked. Raises ImportFejl (or
    PlanenErAendret), having written nothing.
    """
    try:
        return _save(resultat, aar, filnavn, user, arter or {}, into_existing, aftryk)
    except IntegrityError:
        # Another import or editor made the year's plan or a section meanwhile.
        raise PlanenErAendret(
            f"Planen for {aar} er ændret af en anden imens; intet er gemt. Prøv igen."
        ) from None


def _save(resultat, aar, filnavn, user, arter, into_existing, aftryk):
    reason = f"Importeret fra {filnavn}"[:100]
    with transaction.atomic():
        planned = plan_import(resultat, aar, into_existing=into_existing, lock=True)
        # Errors first: a plan published meanwhile is refused, not offered again
        # with "bekræft på ny" and no button to confirm with.
        if planned.fejl:
            raise Afvist(" ".join(planned.fejl))
        if aftryk is not None and aftryk != fingerprint(aar):
            raise PlanenErAendret(
                f"Planen for {aar} er ændret, siden du så forhåndsvisningen. Se ændringerne "
                "herunder igen, og bekræft på ny."
            )
        plan = planned.eksisterende
        antal = {**planned.antal, "underskrivere": 0}
        if plan is None:
            plan = save(new_plan(aar), user, reason)
            for i, navn in enumerate(resultat.underskrivere, start=1):
                save(Underskriver(plan=plan, navn=navn, raekkefoelge=i), user, reason)
            antal["underskrivere"] = len(resultat.underskrivere)
        for aendring in planned.aendringer:
            afsnit = aendring.afsnit
            if aendring.handling == "ny":
                art = arter.get(afsnit.nummer, afsnit.art)
                if art not in Art.values:
                    raise ImportFejl(f"Afsnit {afsnit.nummer}: ukendt art »{art}«.")
                save(
                    Afsnit(
                        plan=plan,
                        nummer=afsnit.nummer,
                        titel=afsnit.titel,
                        tekst=afsnit.tekst,
                        art=art,
                        raekkefoelge=afsnit.raekkefoelge,
                    ),
                    user,
                    reason,
                )
            elif aendring.handling == "ændret":
                old = aendring.eksisterende
                old.titel, old.tekst = afsnit.titel, afsnit.tekst
                save(old, user, reason)
    return plan, antal


def summary(antal):
    """ "20 nye afsnit, 0 ændrede, 0 uændrede, 8 underskrivere", in the right number."""

    parts = [
        count(antal["ny"], "nyt afsnit", "nye afsnit"),
        count(antal["ændret"], "ændret", "ændrede"),
        count(antal["uændret"], "uændret", "uændrede"),
    ]
    if antal.get("underskrivere"):
        parts.append(count(antal["underskrivere"], "underskriver", "underskrivere"))
    return ", ".join(parts)


def new_plan(aar):
    """A new draft; council and district as in the newest plan, else the portal's."""
    newest = Samarbejdsplan.objects.newest()
    return Samarbejdsplan(
        aar=aar,
        titel=newest.titel if newest else "Samarbejdsplan",
        raad=newest.raad if newest else "Kredsrådet",
        politikreds=newest.politikreds if newest else settings.PORTAL_POLITIKREDS,
        status=Status.KLADDE,
    )

"""What changed from one plan to a later one, followed through the lineage.

Each section, initiative and goal may name the item of an earlier plan it
continues (`forgaenger`, set by copy_plan or picked in the admin). An item of
the later plan whose line of predecessors reaches the earlier plan continues
that item; one whose line does not is new; an item of the earlier plan that
nothing continues has ended. The line may pass through plans in between (2022
compared with 2020 follows 2022 → 2021 → 2020).

Everything is read in a fixed number of queries, whatever the plans' size:
the items of every plan from the earlier to the later year, in one query per
kind, and the lineage followed in memory.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from common.text import markdown_som_tekst, sammenlignelig
from indsatser.models import Indsats, Maal
from kommuner.models import Boligomraade
from samarbejdsplan.models import Afsnit

from .ordforskel import ordforskel


@dataclass
class Felt:
    """One changed property of an item: a text as a word diff, or a value before and after."""

    navn: str
    forskel: str = ""  # safe HTML, for texts
    fra: str = ""
    til: str = ""
    fjernet: list = field(default_factory=list)  # for sets: what left, what came
    tilfoejet: list = field(default_factory=list)


@dataclass
class Aendret:
    """An item in both plans with what changed; `flyttet_fra` is its old section if it moved."""

    gammel: object
    ny: object
    felter: list
    flyttet_fra: object = None


@dataclass
class AfsnitsAendringer:
    """What changed in one section: of the later plan, or of the earlier plan if it ended."""

    afsnit: object
    status: str  # "ny", "ophoert" or "fortsat"
    gammel: object = None
    felter: list = field(default_factory=list)
    udpeget: list = field(default_factory=list)
    ikke_laengere_udpeget: list = field(default_factory=list)
    nye_indsatser: list = field(default_factory=list)
    ophoerte_indsatser: list = field(default_factory=list)
    aendrede_indsatser: list = field(default_factory=list)
    nye_maal: list = field(default_factory=list)
    ophoerte_maal: list = field(default_factory=list)
    aendrede_maal: list = field(default_factory=list)
    uaendrede: int = 0

    @property
    def noget(self):
        """Whether there is anything to show beyond a count of unchanged items."""
        return bool(
            self.status != "fortsat"
            or self.felter
            or self.udpeget
            or self.ikke_laengere_udpeget
            or self.nye_indsatser
            or self.ophoerte_indsatser
            or self.aendrede_indsatser
            or self.nye_maal
            or self.ophoerte_maal
            or self.aendrede_maal
        )


@dataclass
class Optaelling:
    ny: int = 0
    ophoert: int = 0
    aendret: int = 0
    uaendret: int = 0


@dataclass
class Sammenligning:
    fra: object
    til: object
    kommune: object
    afsnit: list
    optaelling: dict  # "afsnit", "indsatser", "maal" → Optaelling
    underskrivere_tilfoejet: list
    underskrivere_fjernet: list
    kommuner_tilfoejet: list
    kommuner_fjernet: list

    @property
    def vist(self):
        """The sections with something to show."""
        return [a for a in self.afsnit if a.noget]

    @property
    def uaendrede_afsnit(self):
        return sum(1 for a in self.afsnit if not a.noget)

    @property
    def ingen_aendringer(self):
        return not (
            self.vist
            or self.underskrivere_tilfoejet
            or self.underskrivere_fjernet
            or self.kommuner_tilfoejet
            or self.kommuner_fjernet
        )


def concerns(item, kommune):
    """Whether an initiative or goal (with prefetched municipalities) concerns `kommune`."""
    return kommune is None or item.alle_kommuner or kommune in item.kommuner.all()


def kommune_text(item):
    return item.kommune_navne()


def set_change(navn, old, new):
    """A Felt for a set of names, or None when it is the same set."""
    old, new = list(old), list(new)
    if set(old) == set(new):
        return None
    return Felt(
        navn=navn,
        fra=", ".join(old) or "ingen",
        til=", ".join(new) or "ingen",
        fjernet=[x for x in old if x not in new],
        tilfoejet=[x for x in new if x not in old],
    )


def text_change(navn, old, new):
    old, new = sammenlignelig(old), sammenlignelig(new)
    if old == new:
        return None
    return Felt(navn=navn, forskel=ordforskel(old, new), fra=old, til=new)


def prose_change(navn, old, new):
    """A Markdown text's change, shown as readers see the text (bullets, a link's words).

    A change only in the Markdown (a link's address) is shown in the source, so
    that no changed text is listed with nothing marked.
    """
    change = text_change(navn, old, new)
    if change is None:
        return None
    shown_old, shown_new = markdown_som_tekst(old), markdown_som_tekst(new)
    if shown_old != shown_new:
        change.forskel = ordforskel(shown_old, shown_new)
    return change


def value_change(navn, old, new):
    if old == new:
        return None
    return Felt(navn=navn, fra=old, til=new)


def kommune_change(old, new):
    """Municipalities: "Alle kommuner" or the names chosen."""
    if old.alle_kommuner and new.alle_kommuner:
        return None
    before = ["Alle kommuner"] if old.alle_kommuner else [k.navn for k in old.kommuner.all()]
    after = ["Alle kommuner"] if new.alle_kommuner else [k.navn for k in new.kommuner.all()]
    return set_change("Kommuner", before, after)


# How each difference an initiative names (Indsats.forskelle) is shown.
INDSATS_FELTER = {
    "Titel": lambda old, new: text_change("Titel", old.titel, new.titel),
    "Tekst": lambda old, new: prose_change("Tekst", old.tekst, new.tekst),
    "Kommuner": kommune_change,
    "Ansvarlig": lambda old, new: set_change(
        "Ansvarlig", map(str, old.ansvarlige()), map(str, new.ansvarlige())
    ),
    "Involveret": lambda old, new: set_change(
        "Involveret", map(str, old.involverede()), map(str, new.involverede())
    ),
    "Prioritet": lambda old, new: value_change(
        "Prioritet", old.get_prioritet_display() or "ingen", new.get_prioritet_display() or "ingen"
    ),
    "Afsnit": lambda old, new: None,  # said as "Flyttet fra …" (Aendret.flyttet_fra)
}


def indsats_changes(old, new, moved):
    felter = (INDSATS_FELTER[name](old, new) for name in new.forskelle(old, flyttet=moved))
    return [felt for felt in felter if felt]


def maal_changes(old, new, moved):
    changes = [prose_change("Tekst", old.tekst, new.tekst), kommune_change(old, new)]
    return [c for c in changes if c]


def afsnit_changes(old, new):
    changes = [
        value_change("Nummer", old.nummer, new.nummer),
        text_change("Titel", old.titel, new.titel),
        prose_change("Tekst", old.tekst, new.tekst),
        value_change("Art", old.get_art_display(), new.get_art_display()),
    ]
    return [c for c in changes if c]


class Lineage:
    """The items of the plans from `fra` to `til`, and each later item's ancestor in `fra`."""

    def __init__(self, items, plan_of, fra_id):
        self.by_id = {item.pk: item for item in items}
        self.plan_of = plan_of
        self.fra_id = fra_id

    def ancestor(self, item):
        """The item of the earlier plan that `item` continues, or None (it is new)."""
        seen = set()
        current = self.by_id.get(item.forgaenger_id)
        while current is not None and current.pk not in seen:
            if self.plan_of(current) == self.fra_id:
                return current
            seen.add(current.pk)
            current = self.by_id.get(current.forgaenger_id)
        return None


def load(fra, til):
    """Sections, initiatives and goals of the plans from `fra` to `til`: six queries."""
    years = {"plan__aar__gte": fra.aar, "plan__aar__lte": til.aar}
    areas = Boligomraade.objects.select_related("kommune")
    sections = list(
        Afsnit.objects.filter(**years).prefetch_related(Prefetch("boligomraader", areas))
    )
    initiatives = list(Indsats.objects.filter(**years).shown())
    goals = list(
        Maal.objects.filter(**{f"afsnit__{k}": v for k, v in years.items()}).prefetch_related(
            "kommuner"
        )
    )
    return sections, initiatives, goals


def compare(fra, til, kommune=None):
    """What changed from plan `fra` to plan `til` (later), for everyone or for `kommune`.

    Both plans should come with their municipalities and signatories prefetched.
    """
    sections, initiatives, goals = load(fra, til)
    section_by_id = {a.pk: a for a in sections}
    section_plan = {a.pk: a.plan_id for a in sections}
    afsnit_lineage = Lineage(sections, lambda a: a.plan_id, fra.pk)
    indsats_lineage = Lineage(initiatives, lambda i: i.plan_id, fra.pk)
    maal_lineage = Lineage(goals, lambda m: section_plan.get(m.afsnit_id), fra.pk)

    old_sections = [a for a in sections if a.plan_id == fra.pk]
    new_sections = [a for a in sections if a.plan_id == til.pk]
    counts = {kind: Optaelling() for kind in ("afsnit", "indsatser", "maal")}

    # Each section of the later plan, and the earlier one it continues.
    groups = {}
    continued = {}
    for afsnit in new_sections:
        old = afsnit_lineage.ancestor(afsnit)
        group = AfsnitsAendringer(afsnit=afsnit, status="ny" if old is None else "fortsat")
        groups[afsnit.pk] = group
        if old is None:
            counts["afsnit"].ny += 1
            continue
        continued.setdefault(old.pk, group)
        group.gammel = old
        group.felter = afsnit_changes(old, afsnit)
        before = {b.pk: b for b in old.boligomraader.all() if own(b, kommune)}
        after = {b.pk: b for b in afsnit.boligomraader.all() if own(b, kommune)}
        group.udpeget = [b for pk, b in after.items() if pk not in before]
        group.ikke_laengere_udpeget = [b for pk, b in before.items() if pk not in after]
        changed = group.felter or group.udpeget or group.ikke_laengere_udpeget
        if changed:
            counts["afsnit"].aendret += 1
        else:
            counts["afsnit"].uaendret += 1
    ended_groups = []
    for old in old_sections:
        if old.pk not in continued:
            counts["afsnit"].ophoert += 1
            group = AfsnitsAendringer(afsnit=old, status="ophoert")
            continued[old.pk] = group
            ended_groups.append(group)

    def home(old_afsnit_id):
        """Where an ended item of a section of the earlier plan is listed."""
        return continued[old_afsnit_id]

    compare_items(
        [i for i in initiatives if i.plan_id == til.pk],
        [i for i in initiatives if i.plan_id == fra.pk],
        indsats_lineage,
        indsats_changes,
        groups,
        home,
        section_by_id,
        counts["indsatser"],
        kommune,
        "indsatser",
    )
    compare_items(
        [m for m in goals if section_plan.get(m.afsnit_id) == til.pk],
        [m for m in goals if section_plan.get(m.afsnit_id) == fra.pk],
        maal_lineage,
        maal_changes,
        groups,
        home,
        section_by_id,
        counts["maal"],
        kommune,
        "maal",
    )
    old_signers = [signer_name(u) for u in fra.underskrivere.all()]
    new_signers = [signer_name(u) for u in til.underskrivere.all()]
    old_parties = [k.navn for k in fra.kommuner.all()]
    new_parties = [k.navn for k in til.kommuner.all()]
    return Sammenligning(
        fra=fra,
        til=til,
        kommune=kommune,
        afsnit=[*groups.values(), *ended_groups],
        optaelling=counts,
        underskrivere_tilfoejet=[n for n in new_signers if n not in old_signers],
        underskrivere_fjernet=[n for n in old_signers if n not in new_signers],
        kommuner_tilfoejet=[n for n in new_parties if n not in old_parties],
        kommuner_fjernet=[n for n in old_parties if n not in new_parties],
    )


def own(boligomraade, kommune):
    return kommune is None or boligomraade.kommune_id == kommune.pk


def signer_name(underskriver):
    return f"{underskriver.navn}, {underskriver.titel}" if underskriver.titel else underskriver.navn


def compare_items(
    new_items, old_items, lineage, changes, groups, home, section_by_id, count, kommune, kind
):
    """Sort the items of one kind into new, ended, changed and unchanged, by section."""
    continued = set()
    for item in new_items:
        old = lineage.ancestor(item)
        if old is not None:
            continued.add(old.pk)
        if not (concerns(item, kommune) or (old is not None and concerns(old, kommune))):
            continue
        group = groups[item.afsnit_id]
        if old is None:
            count.ny += 1
            getattr(group, f"nye_{kind}").append(item)
            continue
        # Moved: its section now does not continue the section it was in.
        new_home = group.gammel.pk if group.gammel is not None else None
        moved = section_by_id[old.afsnit_id] if new_home != old.afsnit_id else None
        felter = changes(old, item, moved is not None)
        if felter or moved:
            count.aendret += 1
            getattr(group, f"aendrede_{kind}").append(Aendret(old, item, felter, moved))
        else:
            count.uaendret += 1
            group.uaendrede += 1
    for old in old_items:
        if old.pk in continued or not concerns(old, kommune):
            continue
        count.ophoert += 1
        getattr(home(old.afsnit_id), f"ophoerte_{kind}").append(old)

"""The plan-wide search, `/<år>/soeg/?q=`: one plan's sections, initiatives,
goals, housing areas and actors, found by the rules of common/textsearch.py.

Each kind is one query (and a prefetch or two), whatever the plan's size. A
municipality's name in the search narrows it to what concerns that
municipality. When nothing is found, a suggestion is made from the plan's own
words: pg_trgm's similarity on PostgreSQL, difflib on SQLite.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Case, Exists, OuterRef, Prefetch, Value, When
from django.urls import reverse

from common.textsearch import Search, highlight, matches, plain_text, snippet, stem, words_of
from indsatser.models import Aktoer, Deltagelse, Indsats, Maal, Rolle
from kommuner.models import Boligomraade
from samarbejdsplan.models import Afsnit

PER_PAGE = 50

# The kinds in the order the page shows them: (key, heading).
KINDS = {
    "afsnit": "Afsnit",
    "indsatser": "Indsatser",
    "maal": "Mål",
    "boligomraader": "Boligområder",
    "aktoerer": "Aktører",
}


@dataclass
class Hit:
    """One found item as the page shows it: highlighted title and text, where it leads."""

    titel: str
    url: str
    tekst: str = ""
    sted: str = ""  # the section it belongs to, highlighted
    sted_url: str = ""
    kommuner: str = ""  # the municipalities it concerns, when not all
    links: list = field(default_factory=list)  # (title, url, note) of an actor's initiatives


@dataclass
class Group:
    key: str
    navn: str
    page: object  # a Page of the kind's items, turned into hits

    @property
    def antal(self):
        return self.page.paginator.count


@dataclass
class Result:
    search: Search
    grupper: list
    kommune: object = None  # the municipality the search is narrowed to
    uden_kommune: str = ""  # the search without the municipality's name
    forslag: str = ""  # "Mente du …?"
    andre: list = field(default_factory=list)  # (key, heading, count) of the kinds `kun` left out
    kommune_side: object = None  # the municipality the whole search names
    afsnit_side: object = None  # the section whose number the search is

    @property
    def antal(self):
        return sum(g.antal for g in self.grupper)

    @property
    def antal_andre(self):
        return sum(antal for _key, _navn, antal in self.andre)


def find_kommune(plan, text):
    """The plan's municipality named in `text` beside other words, and `text` without it."""
    words = words_of(text)
    for kommune in plan.kommuner.all():
        name = words_of(kommune.navn)
        n = len(name)
        if not n or len(words) <= n:
            continue
        if any(words[i : i + n] == name for i in range(len(words) - n + 1)):
            pattern = r"(?<!\w)" + r"\W+".join(map(re.escape, name)) + r"(?!\w)"
            rest = re.sub(pattern, " ", text, flags=re.IGNORECASE)
            return kommune, " ".join(rest.split())
    return None, text


def named_kommune(plan, text):
    """The plan's municipality when `text` is its name and nothing else."""
    words = words_of(text)
    for kommune in plan.kommuner.all():
        if words and words in (words_of(kommune.navn), words_of(f"{kommune.navn} kommune")):
            return kommune
    return None


SECTION_NUMBER = re.compile(r"\d+(?:\.\d+)*")


def numbered_afsnit(plan, text):
    """The plan's section when `text` is its number ("3.1.2"), else None."""
    number = text.strip().rstrip(".")
    if not SECTION_NUMBER.fullmatch(number):
        return None
    return Afsnit.objects.filter(plan=plan, nummer=number).only("nummer", "titel").first()


def search_plan(plan, text, kun=None, page=1):
    """Search `plan` for `text`; `kun` (a key of KINDS) pages through one kind.

    With `kun` the other kinds are still searched, to count them: a page
    showing no goals must tell of the sections and initiatives found.
    """
    kommune, rest = find_kommune(plan, text)
    search = Search.parse(text, ignore=words_of(kommune.navn) if kommune else ())
    result = Result(search, [], kommune, rest if kommune else "")
    if not kommune:
        result.kommune_side = named_kommune(plan, text)
    result.afsnit_side = numbered_afsnit(plan, text)
    if not search:
        return result
    finder = Finder(plan, search, kommune)
    for key, navn in KINDS.items():
        items = getattr(finder, key)()
        if not items:
            continue
        if kun and key != kun:
            result.andre.append((key, navn, len(items)))
            continue
        paginator = Paginator(items, PER_PAGE)
        current = paginator.get_page(page if kun else 1)
        current.object_list = [getattr(finder, f"{key}_hit")(o) for o in current.object_list]
        result.grupper.append(Group(key, navn, current))
    if not result.grupper and not result.andre:
        result.forslag = suggestion(plan, search)
    return result


class Finder:
    """The queries for each kind of item, and how each becomes a `Hit`."""

    def __init__(self, plan, search, kommune):
        self.plan, self.search, self.kommune = plan, search, kommune
        self.vendor = connections[Afsnit.objects.db].vendor

    def match(self, *fields):
        return matches(self.search, fields, self.vendor)

    def first_if(self, condition):
        """0 for the items meeting `condition` (hits in a title), 1 for the others."""
        return Case(When(condition, then=Value(0)), default=Value(1))

    def indsatser_queryset(self):
        indsatser = Indsats.objects.filter(plan=self.plan)
        return indsatser.for_kommune(self.kommune) if self.kommune else indsatser

    # Sections: their title and prose. Prose concerns the whole plan, so a
    # municipality narrows nothing here.
    def afsnit(self):
        return list(
            Afsnit.objects.filter(plan=self.plan)
            .filter(self.match("titel", "tekst"))
            .annotate(soegetraef=self.first_if(self.match("titel")))
            .order_by("soegetraef", "raekkefoelge", "id")
        )

    def afsnit_hit(self, afsnit):
        url = reverse("samarbejdsplan:afsnit", args=[self.plan.aar, afsnit.nummer])
        return Hit(
            titel=highlight(f"{afsnit.nummer} {afsnit.titel}", self.search),
            url=url,
            tekst=snippet(plain_text(afsnit.tekst), self.search),
        )

    def indsatser(self):
        found = self.indsatser_queryset().search(self.search)
        return list(found.select_related("afsnit").prefetch_related("kommuner"))

    def indsatser_hit(self, indsats):
        afsnit = indsats.afsnit
        return Hit(
            titel=highlight(indsats.titel, self.search),
            url=reverse("indsatser:indsats", args=[self.plan.aar, indsats.slug]),
            tekst=snippet(plain_text(indsats.tekst), self.search),
            sted=highlight(f"{afsnit.nummer} {afsnit.titel}", self.search),
            sted_url=reverse("samarbejdsplan:afsnit", args=[self.plan.aar, afsnit.nummer]),
            kommuner="" if indsats.alle_kommuner else indsats.kommune_navne(),
        )

    def maal(self):
        goals = Maal.objects.filter(afsnit__plan=self.plan).filter(self.match("tekst"))
        if self.kommune:
            goals = goals.for_kommune(self.kommune)
        return list(goals.select_related("afsnit").prefetch_related("kommuner"))

    def maal_hit(self, maal):
        afsnit = maal.afsnit
        url = reverse("samarbejdsplan:afsnit", args=[self.plan.aar, afsnit.nummer])
        return Hit(
            titel=highlight(maal.tekst, self.search),
            url=f"{url}#maal-{maal.pk}",
            sted=highlight(f"{afsnit.nummer} {afsnit.titel}", self.search),
            sted_url=url,
            kommuner="" if maal.alle_kommuner else maal.kommune_navne(),
        )

    def boligomraader(self):
        designated = Afsnit.boligomraader.through.objects.filter(
            boligomraade=OuterRef("pk"), afsnit__plan=self.plan
        )
        areas = Boligomraade.objects.filter(Exists(designated)).filter(
            self.match("navn", "kommune__navn")
        )
        if self.kommune:
            areas = areas.filter(kommune=self.kommune)
        return list(
            areas.select_related("kommune")
            .annotate(soegetraef=self.first_if(self.match("navn")))
            .order_by("soegetraef", "kommune__navn", "navn")
        )

    def boligomraader_hit(self, omraade):
        url = reverse("kommuner:boligomraader", args=[self.plan.aar])
        return Hit(
            titel=highlight(omraade.navn, self.search),
            url=f"{url}#omraade-{omraade.slug}",
            tekst=highlight(
                f"Særligt udsat boligområde i {omraade.kommune.navn} Kommune", self.search
            ),
        )

    def aktoerer(self):
        indsatser = self.indsatser_queryset()
        roles = Deltagelse.objects.filter(indsats__in=indsatser).select_related("indsats")
        taking_part = Exists(roles.filter(aktoer=OuterRef("pk")))
        return list(
            Aktoer.objects.filter(taking_part)
            .filter(self.match("navn", "forkortelse"))
            .prefetch_related(
                Prefetch(
                    "deltagelser",
                    roles.order_by(*(f"indsats__{o}" for o in Indsats._meta.ordering)),
                    to_attr="i_planen",
                )
            )
        )

    def aktoerer_hit(self, aktoer):
        links = [
            (
                d.indsats.titel,
                reverse("indsatser:indsats", args=[self.plan.aar, d.indsats.slug]),
                d.get_rolle_display().lower(),
            )
            for d in aktoer.i_planen
        ]
        if any(d.rolle == Rolle.ANSVARLIG for d in aktoer.i_planen):
            url = reverse("indsatser:liste", args=[self.plan.aar]) + f"?ansvarlig={aktoer.slug}"
        else:
            url = links[0][1]
        return Hit(titel=highlight(str(aktoer), self.search), url=url, links=links)


# --- "Mente du …?" --------------------------------------------------------------


def suggestion(plan, search):
    """The search with each word the plan does not know replaced by the plan's
    nearest word, or "" when there is none to make."""
    stems = [stem(t) for t in search.terms]
    if connections[Afsnit.objects.db].vendor == "postgresql":
        closest = _closest_postgresql(plan, list(search.terms), stems)
    else:
        closest = _closest_python(plan, search.terms, stems)
    if not closest:
        return ""
    words = [closest.get(w, w) for w in search.words]
    return " ".join(words)


def _plan_words_sql(plan):
    """A query giving a tsvector ('simple': every word, unstemmed) per text of the plan.

    For ts_stat(), which takes a query as text; the plan's key is an integer
    from the database, so nothing typed reaches this text.
    """
    pk = int(plan.pk)
    afsnit, indsats = Afsnit._meta.db_table, Indsats._meta.db_table
    maal, omraade = Maal._meta.db_table, Boligomraade._meta.db_table
    udpeget = Afsnit.boligomraader.through._meta.db_table
    aktoer, deltagelse = Aktoer._meta.db_table, Deltagelse._meta.db_table
    return " UNION ALL ".join(
        [
            f"SELECT to_tsvector('simple', titel || ' ' || tekst) FROM {table} WHERE plan_id = {pk}"
            for table in (afsnit, indsats)
        ]
        + [
            f"SELECT to_tsvector('simple', m.tekst) FROM {maal} m JOIN {afsnit} a "
            f"ON a.id = m.afsnit_id WHERE a.plan_id = {pk}",
            f"SELECT to_tsvector('simple', b.navn) FROM {omraade} b JOIN {udpeget} u "
            f"ON u.boligomraade_id = b.id JOIN {afsnit} a ON a.id = u.afsnit_id "
            f"WHERE a.plan_id = {pk}",
            f"SELECT to_tsvector('simple', k.navn || ' ' || k.forkortelse) FROM {aktoer} k "
            f"WHERE EXISTS (SELECT 1 FROM {deltagelse} d JOIN {indsats} i ON i.id = d.indsats_id "
            f"WHERE d.aktoer_id = k.id AND i.plan_id = {pk})",
        ]
    )


def _closest_postgresql(plan, terms, stems):
    """One query: for each term the plan does not know (no word of the plan begins
    with its stem), the plan's most similar word by pg_trgm: alike as a whole
    (tryhed → tryghed), or else like the beginning of a compound (cykkel →
    cykelkontrol: the plan has no "cykel" on its own)."""
    sql = """
        WITH ord AS (SELECT word, ndoc FROM ts_stat(%s))
        SELECT t.term,
            (SELECT o.word FROM ord o
             WHERE o.word %% t.term OR word_similarity(t.term, o.word) >= 0.5
             ORDER BY greatest(similarity(o.word, t.term), 0.9 * word_similarity(t.term, o.word))
                 DESC, o.ndoc DESC, o.word
             LIMIT 1)
        FROM unnest(%s::text[], %s::text[]) AS t(term, stem)
        WHERE NOT EXISTS (SELECT 1 FROM ord o WHERE o.word LIKE t.stem || '%%')
    """
    with connections[Afsnit.objects.db].cursor() as cursor:
        cursor.execute(sql, [_plan_words_sql(plan), terms, stems])
        return {term: word for term, word in cursor.fetchall() if word}


def _closest_python(plan, terms, stems):
    """The same from the plan's words in Python (difflib), for SQLite: one query."""
    texts = (
        Afsnit.objects.filter(plan=plan)
        .order_by()
        .values_list("titel", "tekst")
        .union(
            Indsats.objects.filter(plan=plan).order_by().values_list("titel", "tekst"),
            Maal.objects.filter(afsnit__plan=plan).order_by().values_list("tekst", Value("")),
            Boligomraade.objects.filter(udpeget_i__plan=plan)
            .order_by()
            .values_list("navn", Value("")),
            Aktoer.objects.filter(indsatser__plan=plan)
            .order_by()
            .values_list("navn", "forkortelse"),
            all=True,
        )
    )
    words = {w for pair in texts for text in pair for w in words_of(text)}
    closest = {}
    for term, s in zip(terms, stems, strict=True):
        if any(w.startswith(s) for w in words):
            continue
        found = difflib.get_close_matches(term, words, n=1, cutoff=0.75)
        if not found:
            # Like the beginning of a compound: the shortest word beginning so.
            starts = {}
            for w in sorted(words, key=lambda w: (len(w), w)):
                starts.setdefault(w[: len(term)], w)
            found = [starts[f] for f in difflib.get_close_matches(term, starts, n=1, cutoff=0.8)]
        if found:
            closest[term] = found[0]
    return closest

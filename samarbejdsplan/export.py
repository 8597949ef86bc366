"""The yearly export: a plan as one self-contained HTML file.

One file with its CSS inline, no scripts and no reference to anything outside
it, so it opens from a USB stick years later. The same data always gives the
same bytes: the only dates in it are the plan's own.

The prose is the signed text and is printed once. An initiative or a goal
whose text is already in its section's prose is listed compactly (title,
municipalities, actors, priority) rather than printed a second time; one whose
text is not in the prose keeps its text.
"""

import html
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.html import strip_tags
from django.utils.module_loading import import_string

from common.text import render_markdown

from .grouping import by_goals


def plain(markdown_text):
    """The words a reader sees of some Markdown, on one line: for comparing texts."""
    return " ".join(html.unescape(strip_tags(render_markdown(markdown_text))).split())


def in_prose(text, prose):
    """Whether `text` stands word for word in `prose` (both plain), as whole words."""
    words = plain(text)
    if not words:
        return False
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", prose) is not None


@dataclass
class Indslag:
    """An initiative as the export lists it: with its text only where the prose lacks it."""

    indsats: object
    vis_tekst: bool


@dataclass
class Omraadegruppe:
    """Housing areas sharing goals; the goals already in the prose only counted."""

    omraader: list
    maal_i_teksten: int
    maal_for_sig: list


@dataclass
class EksportAfsnit:
    """A section as the export shows it, for the whole plan or one municipality.

    The prose is always the whole signed text, also in an excerpt: a sentence
    about several municipalities concerns each of them. What an excerpt
    filters are the structured items: initiatives, goals and housing areas of
    other municipalities.
    """

    afsnit: object
    indsatser: list
    maal: list
    boligomraader: list
    grupper: list = field(default_factory=list)
    indslag: list = field(default_factory=list)
    # Goals whose text is in the prose, by the municipalities they concern:
    # [(kommune_navne, count)]; the others are listed with their text.
    maal_i_teksten: list = field(default_factory=list)
    maal_for_sig: list = field(default_factory=list)
    har_underafsnit: bool = False

    @property
    def uden_tekst(self):
        """A heading and nothing else, as "Responstider" stands in the signed plan."""
        afsnit = self.afsnit
        return not (
            afsnit.tekst.strip()
            or self.har_underafsnit
            or afsnit.indsatser.all()
            or afsnit.maal.all()
            or afsnit.boligomraader.all()
        )


def concerns(item, kommune):
    return kommune is None or item.alle_kommuner or kommune in item.kommuner.all()


def sections(plan, kommune=None):
    """The plan's sections in order; for an excerpt, without other municipalities' items."""
    alle = list(plan.afsnit.with_content())
    numre = [a.nummer for a in alle]
    shown = []
    for afsnit in alle:
        prose = plain(afsnit.tekst)
        own_areas = [
            b for b in afsnit.boligomraader.all() if kommune is None or b.kommune_id == kommune.pk
        ]
        maal = [m for m in afsnit.maal.all() if concerns(m, kommune)]
        indsatser = [i for i in afsnit.indsatser.all() if concerns(i, kommune)]
        i_teksten = [m for m in maal if in_prose(m.tekst, prose)]
        optalt = {}
        for m in i_teksten:
            optalt[m.kommune_navne()] = optalt.get(m.kommune_navne(), 0) + 1
        grupper = [
            Omraadegruppe(
                g.omraader,
                maal_i_teksten=sum(m in i_teksten for m in g.maal),
                maal_for_sig=[m for m in g.maal if m not in i_teksten],
            )
            for g in (by_goals(own_areas, maal) if own_areas else [])
        ]
        shown.append(
            EksportAfsnit(
                afsnit=afsnit,
                indsatser=indsatser,
                maal=maal,
                boligomraader=own_areas,
                grupper=grupper,
                indslag=[Indslag(i, not in_prose(i.tekst, prose)) for i in indsatser],
                maal_i_teksten=list(optalt.items()),
                maal_for_sig=[m for m in maal if m not in i_teksten],
                har_underafsnit=any(n.startswith(afsnit.nummer + ".") for n in numre),
            )
        )
    return shown


@dataclass
class Bilag:
    """An appendix another app adds to the export: an anchor, a title, its HTML.

    The apps named in settings.EXPORT_APPENDICES each give a function
    `(plan, kommune) -> Bilag or None`; the export puts what they give after its
    own appendix. So an app built on this one (aendringer: "Ændringer siden
    <år>") adds to the file without this app importing it. What it gives must
    be as self-contained and deterministic as the rest of the file.
    """

    anker: str
    titel: str
    indhold: str


def appendices(plan, kommune):
    found = (import_string(path)(plan, kommune) for path in settings.EXPORT_APPENDICES)
    return [bilag for bilag in found if bilag is not None]


def render_export(plan, kommune=None):
    """The export as UTF-8 bytes."""
    afsnit_liste = sections(plan, kommune)
    kommuner = list(plan.kommuner.all())
    indsatser = [i for a in afsnit_liste for i in a.indsatser]
    matrix = [(i, [i.alle_kommuner or k in i.kommuner.all() for k in kommuner]) for i in indsatser]
    document = render_to_string(
        "export/plan.html",
        {
            "plan": plan,
            "kommune": kommune,
            "kommuner": kommuner,
            "afsnit_liste": afsnit_liste,
            "underskrivere": list(plan.underskrivere.all()),
            "matrix": matrix,
            "bilag_liste": appendices(plan, kommune),
        },
    )
    return document.encode("utf-8")


def filename(plan, kommune=None):
    return f"samarbejdsplan-{plan.aar}" + (f"-{kommune.slug}" if kommune else "") + ".html"


def write_atomically(path, data):
    """Write `data` to `path` whole or not at all: a temporary file, then a rename."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        # mkstemp makes the file for its owner only; an export is for sharing,
        # so it gets the permissions any new file gets here (the umask's).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise

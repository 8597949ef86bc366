"""The yearly export: a plan as one self-contained HTML file.

One file with its CSS inline, no scripts and no reference to anything outside
it, so it opens from a USB stick years later. The same data always gives the
same bytes: the only dates in it are the plan's own.
"""

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.template.loader import render_to_string

from .grouping import by_goals


@dataclass
class EksportAfsnit:
    """A section as the export shows it, for the whole plan or one municipality."""

    afsnit: object
    indsatser: list
    maal: list
    boligomraader: list
    vis_tekst: bool = True
    grupper: list = field(default_factory=list)


def concerns(item, kommune):
    return kommune is None or item.alle_kommuner or kommune in item.kommuner.all()


def sections(plan, kommune=None):
    """The plan's sections in order; for an excerpt, without other municipalities' items.

    A section that designates housing areas in other municipalities names them
    in its prose, so an excerpt shows its structured content for the
    municipality instead of that prose.
    """
    shown = []
    for afsnit in plan.afsnit.with_content():
        areas = list(afsnit.boligomraader.all())
        own_areas = [b for b in areas if kommune is None or b.kommune_id == kommune.pk]
        maal = [m for m in afsnit.maal.all() if concerns(m, kommune)]
        shown.append(
            EksportAfsnit(
                afsnit=afsnit,
                indsatser=[i for i in afsnit.indsatser.all() if concerns(i, kommune)],
                maal=maal,
                boligomraader=own_areas,
                vis_tekst=len(own_areas) == len(areas),
                grupper=by_goals(own_areas, maal) if own_areas else [],
            )
        )
    return shown


def render_export(plan, kommune=None):
    """The export as UTF-8 bytes."""
    afsnit_liste = sections(plan, kommune)
    kommuner = list(plan.kommuner.all())
    indsatser = [i for a in afsnit_liste for i in a.indsatser]
    matrix = [(i, [i.alle_kommuner or k in i.kommuner.all() for k in kommuner]) for i in indsatser]
    html = render_to_string(
        "export/plan.html",
        {
            "plan": plan,
            "kommune": kommune,
            "kommuner": kommuner,
            "afsnit_liste": afsnit_liste,
            "underskrivere": list(plan.underskrivere.all()),
            "matrix": matrix,
        },
    )
    return html.encode("utf-8")


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

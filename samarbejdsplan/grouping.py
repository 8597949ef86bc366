"""Housing areas grouped by the goals that apply to them (the SUB page and the export)."""

from dataclasses import dataclass


@dataclass
class Gruppe:
    """Housing areas to which the same goals apply."""

    omraader: list
    maal: list


def by_goals(omraader, maal):
    """Group `omraader` by the goals of `maal` that apply to each.

    A goal applies to an area when it concerns all municipalities or the
    area's own. Areas with the same goals share one list, so the plan's nine
    common goals are not repeated five times.
    """
    groups = {}
    for omraade in omraader:
        applying = tuple(m for m in maal if m.alle_kommuner or omraade.kommune in m.kommuner.all())
        groups.setdefault(applying, []).append(omraade)
    return [Gruppe(list(omraader_), list(maal_)) for maal_, omraader_ in groups.items()]

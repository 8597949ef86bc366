"""The export's appendix "Ændringer siden <år>" (settings.EXPORT_APPENDICES)."""

from django.template.loader import render_to_string

from samarbejdsplan.export import Bilag
from samarbejdsplan.models import Samarbejdsplan

from .sammenligning import compare


def aendringer_bilag(plan, kommune=None):
    """What changed since the nearest earlier published plan, or None when there is none.

    Published, whoever exports: the file is passed on, and a draft it compares
    with could change after it was written. Without links out of the file.
    """
    fra = (
        Samarbejdsplan.objects.published()
        .filter(aar__lt=plan.aar)
        .order_by("-aar")
        .prefetch_related("kommuner", "underskrivere")
        .first()
    )
    if fra is None:
        return None
    s = compare(fra, plan, kommune)
    indhold = render_to_string("aendringer/bilag.html", {"s": s, "dokument": True})
    return Bilag(anker="aendringer", titel=f"Bilag: Ændringer siden {fra.aar}", indhold=indhold)

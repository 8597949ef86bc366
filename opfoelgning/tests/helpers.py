"""Status updates for the tests."""

from datetime import date

from opfoelgning.models import Statusopdatering


def opdatering(indsats, status, dato, kommune=None, offentlig=True, tekst=""):
    if isinstance(dato, str):
        dato = date.fromisoformat(dato)
    return Statusopdatering.objects.create(
        indsats=indsats, kommune=kommune, status=status, dato=dato, offentlig=offentlig, tekst=tekst
    )

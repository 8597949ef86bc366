"""Status updates: what has happened with each initiative, per municipality (issue 19).

An update is follow-up, not plan content: it is dated, concerns one initiative
in all its municipalities or in one of them, and may be added while the plan
is published and locked. It never changes the plan's text or its frozen
export; it has history and a version like everything editable.

An initiative's current status in a municipality is its newest public update
for that municipality or for all its municipalities (`status.py`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from common.versioning import Versioneret


class Status(models.TextChoices):
    IKKE_PAABEGYNDT = "ikke_paabegyndt", "Ikke påbegyndt"
    I_GANG = "i_gang", "I gang"
    GENNEMFOERT = "gennemfoert", "Gennemført"
    UDSKUDT = "udskudt", "Udskudt"
    OPGIVET = "opgivet", "Opgivet"


# Where no public update concerns an initiative (in a municipality) yet.
INGEN = "ingen"
INGEN_NAVN = "Ingen status endnu"
# An initiative whose municipalities are not all at the same status.
BLANDET = "blandet"
BLANDET_NAVN = "Forskellig i kommunerne"


def concerns(indsats, kommune, plan_kommuner=None):
    """Whether `indsats` concerns `kommune` (its municipalities, or all the plan's)."""
    if indsats.alle_kommuner:
        kommuner = indsats.plan.kommuner.all() if plan_kommuner is None else plan_kommuner
        return kommune in kommuner
    return kommune in indsats.kommuner.all()


class Statusopdatering(Versioneret):
    indsats = models.ForeignKey(
        "indsatser.Indsats",
        on_delete=models.CASCADE,
        related_name="statusopdateringer",
        verbose_name="indsats",
    )
    kommune = models.ForeignKey(
        "kommuner.Kommune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statusopdateringer",
        verbose_name="kommune",
        help_text="Tom: gælder alle indsatsens kommuner.",
    )
    dato = models.DateField("dato")
    status = models.CharField("status", max_length=20, choices=Status.choices)
    tekst = models.TextField(
        "tekst", blank=True, help_text="Kort: hvad er sket, og hvad er næste skridt."
    )
    forfatter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="skrevet af",
        editable=False,
    )
    offentlig = models.BooleanField(
        "offentlig", default=True, help_text="Vises på de offentlige sider. Ellers kun internt."
    )

    history = HistoricalRecords(verbose_name="historik for statusopdatering")

    secretariat_may = ("view", "add", "change", "delete")
    # The public pages of the initiative's plan show it: the page cache must learn of it.
    plans_showing = "indsatser__statusopdateringer"
    # Follow-up, not plan content: a published plan does not lock it (samarbejdsplan/locking.py).
    locked_by_published_plan = False

    class Meta:
        verbose_name = "statusopdatering"
        verbose_name_plural = "statusopdateringer"
        ordering = ["-dato", "-id"]
        indexes = [models.Index(fields=["indsats", "dato"], name="status_indsats_dato")]

    def __str__(self):
        hvor = self.kommune.navn if self.kommune_id else "alle kommuner"
        return f"{self.indsats} – {self.get_status_display()} ({hvor}, {self.dato:%d.%m.%Y})"

    def get_absolute_url(self):
        return self.indsats.get_absolute_url() + "#status"

    def clean(self):
        super().clean()
        if self.indsats_id is None or self.kommune_id is None:
            return
        if not concerns(self.indsats, self.kommune):
            raise ValidationError(
                {
                    "kommune": f"Indsatsen »{self.indsats}« vedrører ikke {self.kommune.navn} "
                    "Kommune. Vælg en af indsatsens kommuner, eller lad feltet stå tomt for "
                    "alle dens kommuner."
                }
            )


class Statusrapport(models.Model):
    """That the account for a kredsråd meeting was made (`statusrapport --moede`):
    the next meeting's account tells what happened since this date."""

    plan = models.ForeignKey(
        "samarbejdsplan.Samarbejdsplan",
        on_delete=models.CASCADE,
        related_name="statusrapporter",
        verbose_name="samarbejdsplan",
    )
    moede = models.DateField("kredsrådets møde")
    oprettet = models.DateTimeField("lavet", auto_now_add=True)

    # Made by the command; the secretariat may remove one made by mistake.
    secretariat_may = ("view", "delete")
    plans_showing = None  # no public page shows it

    class Meta:
        verbose_name = "statusrapport til et møde"
        verbose_name_plural = "statusrapporter til møder"
        ordering = ["-moede"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "moede"], name="statusrapport_et_moede")
        ]

    def __str__(self):
        return f"{self.plan}: møde {self.moede:%d.%m.%Y}"

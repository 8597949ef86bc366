"""Municipalities and the places in them. Places outlive plans: a plan points
to them, it does not own them."""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from simple_history.models import HistoricalRecords

from common.text import slug_da
from common.versioning import Versioneret


class KommuneQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Kommune(Versioneret):
    navn = models.CharField("navn", max_length=100)
    slug = models.SlugField(
        "slug",
        max_length=100,
        unique=True,
        blank=True,
        help_text="Udfyldes automatisk ud fra navnet.",
    )
    kommunekode = models.PositiveSmallIntegerField(
        "kommunekode",
        unique=True,
        error_messages={"unique": "Der findes allerede en kommune med den kommunekode."},
        help_text="Danmarks Statistiks tre-cifrede kommunekode, fx 615 for Horsens.",
    )

    objects = KommuneQuerySet.as_manager()
    # The list of municipalities is kept by an administrator (roles.py).
    secretariat_may = ("view",)
    # Which plans show it, as a lookup from Samarbejdsplan (samarbejdsplan/signals.py).
    plans_showing = "kommuner"
    unique_messages = {
        "slug": "Der findes allerede en kommune med adressenavnet »%(value)s«. Ret adressenavnet "
        "(slug), eller find kommunen i listen.",
    }
    history = HistoricalRecords(verbose_name="historik for kommune")

    class Meta:
        verbose_name = "kommune"
        verbose_name_plural = "kommuner"
        ordering = ["navn"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kommunekode__gte=101, kommunekode__lte=999),
                name="kommune_kommunekode_tre_cifre",
                violation_error_message="Kommunekoden skal være et tal mellem 101 og 999.",
            ),
            models.UniqueConstraint(
                Lower("navn"),
                name="kommune_navn_unik",
                violation_error_message="Der findes allerede en kommune med det navn.",
            ),
        ]

    def __str__(self):
        return self.navn

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slug_da(self.navn)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        """The municipality in the newest published plan (a lasting address)."""
        return reverse("samarbejdsplan:kommune-nyeste", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)


class BoligomraadeQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def for_kommune(self, kommune):
        return self.filter(kommune=kommune)


class Boligomraade(Versioneret):
    """A housing area; a plan may designate it a særligt udsat boligområde (SUB)."""

    navn = models.CharField("navn", max_length=100)
    slug = models.SlugField("slug", max_length=100, unique=True, blank=True)
    kommune = models.ForeignKey(
        Kommune, on_delete=models.PROTECT, related_name="boligomraader", verbose_name="kommune"
    )

    objects = BoligomraadeQuerySet.as_manager()
    # Places outlive plans: the secretariat adds and names them, never deletes.
    secretariat_may = ("view", "add", "change")
    plans_showing = "afsnit__boligomraader"  # the plans that designate it
    # Renamed from next year on, an area is a new one (the approved plan keeps the old).
    new_instead_of_rename = "et nyt boligområde"
    unique_messages = {
        "slug": "Der findes allerede et boligområde med adressenavnet »%(value)s«. Ret "
        "adressenavnet (slug), fx med kommunens navn bagefter.",
    }
    history = HistoricalRecords(verbose_name="historik for boligområde")

    class Meta:
        verbose_name = "boligområde"
        verbose_name_plural = "boligområder"
        ordering = ["kommune__navn", "navn"]

    def __str__(self):
        return f"{self.navn} ({self.kommune})"

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slug_da(self.navn)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return self.kommune.get_absolute_url() + "#omraade-" + self.slug

    def natural_key(self):
        return (self.slug,)

    natural_key.dependencies = ["kommuner.kommune"]

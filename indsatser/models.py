"""Initiatives (indsatser), goals (mål) and the actors who carry them out.

An initiative or a goal concerns either all the plan's municipalities or a
chosen few (`Omfang`): most of the 2020 plan concerns all six, a SUB area or
Billund Lufthavn's border control concerns one.
"""

from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from simple_history.models import HistoricalRecords

from common.forgaenger import check_forgaenger, forgaenger_field
from common.text import sammenlignelig, slug_da
from common.textsearch import matches
from common.versioning import Versioneret


class OmfangQuerySet(models.QuerySet):
    def for_kommune(self, kommune):
        """What concerns `kommune`: the common items and its own."""
        field = self.model._meta.get_field("kommuner")
        own = field.remote_field.through.objects.filter(
            **{field.m2m_field_name(): OuterRef("pk"), field.m2m_reverse_field_name(): kommune}
        )
        return self.filter(Q(alle_kommuner=True) | Exists(own))


class Omfang(models.Model):
    """Which municipalities an item concerns."""

    alle_kommuner = models.BooleanField(
        "alle kommuner",
        default=True,
        help_text="Vedrører alle planens kommuner. Fjern fluebenet for at vælge enkelte kommuner.",
    )
    kommuner = models.ManyToManyField(
        "kommuner.Kommune",
        blank=True,
        related_name="%(class)s_set",
        verbose_name="kommuner",
        help_text="Kun når punktet ikke vedrører alle kommuner.",
    )

    class Meta:
        abstract = True

    def kommune_navne(self):
        """'Alle kommuner' or the names, from prefetched data."""
        if self.alle_kommuner:
            return "Alle kommuner"
        return ", ".join(k.navn for k in self.kommuner.all()) or "Ingen kommuner valgt"


class AktoerQuerySet(models.QuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Aktoer(Versioneret):
    navn = models.CharField("navn", max_length=200, unique=True)
    forkortelse = models.CharField("forkortelse", max_length=30, blank=True, help_text="Fx DKS.")
    slug = models.SlugField("slug", max_length=200, unique=True, blank=True)

    objects = AktoerQuerySet.as_manager()
    secretariat_may = ("view", "add", "change", "delete")
    plans_showing = "indsatser__deltagelser__aktoer"
    # Renamed from next year on, an actor is a new one (the approved plan keeps the old).
    new_instead_of_rename = "en ny aktør"
    unique_messages = {
        "navn": "Der findes allerede en aktør med navnet »%(value)s«.",
        "slug": "Der findes allerede en aktør med adressenavnet »%(value)s«. Ret adressenavnet "
        "(slug).",
    }
    history = HistoricalRecords(verbose_name="historik for aktør")

    class Meta:
        verbose_name = "aktør"
        verbose_name_plural = "aktører"
        ordering = ["navn"]

    def __str__(self):
        return f"{self.navn} ({self.forkortelse})" if self.forkortelse else self.navn

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slug_da(self.forkortelse or self.navn)
        super().save(*args, **kwargs)

    def natural_key(self):
        return (self.slug,)


class Prioritet(models.TextChoices):
    SKAL = "skal", "Skal gennemføres"
    KAN = "kan", "Kan gennemføres"


class IndsatsQuerySet(OmfangQuerySet):
    def get_by_natural_key(self, aar, slug):
        return self.get(plan__aar=aar, slug=slug)

    def search(self, search):
        """The initiatives a search finds (common/textsearch.py), best first.

        An initiative is found by its title and text, and by its section's title:
        the ten items of "Politiets færdselsindsats" are what a reader searching
        "færdsel" is after, though "Gå-prøver" does not say the word. Hits in the
        title come first, then hits in the text, then those found by their section;
        within each, the plan's order. `soegetraef` (0, 1, 2) says which.
        """
        vendor = connections[self.db].vendor
        in_title = matches(search, ["titel"], vendor)
        in_text = matches(search, ["titel", "tekst"], vendor)
        in_section = matches(search, ["afsnit__titel"], vendor)
        return (
            self.filter(in_text | in_section)
            .annotate(
                soegetraef=Case(
                    When(in_title, then=Value(0)), When(in_text, then=Value(1)), default=Value(2)
                )
            )
            .order_by("soegetraef", *self.model._meta.ordering)
        )

    def shown(self):
        """With what every page shows of an initiative: its municipalities and actors."""
        return self.prefetch_related(
            "kommuner",
            models.Prefetch("deltagelser", queryset=Deltagelse.objects.select_related("aktoer")),
        )


class Indsats(Omfang, Versioneret):
    # The plan is the section's plan, kept here too so that an initiative's
    # slug can be unique within its plan (its URL is /<år>/indsatser/<slug>/).
    plan = models.ForeignKey(
        "samarbejdsplan.Samarbejdsplan",
        on_delete=models.CASCADE,
        related_name="indsatser",
        verbose_name="samarbejdsplan",
        editable=False,
    )
    afsnit = models.ForeignKey(
        "samarbejdsplan.Afsnit",
        on_delete=models.CASCADE,
        related_name="indsatser",
        verbose_name="afsnit",
    )
    titel = models.CharField("titel", max_length=300)
    slug = models.SlugField("slug", max_length=100, blank=True)
    tekst = models.TextField(
        "tekst",
        blank=True,
        help_text="Markdown. Helst planens egne ord om indsatsen.",
    )
    prioritet = models.CharField(
        "prioritet",
        max_length=10,
        choices=Prioritet.choices,
        blank=True,
        help_text="Kun hvor planen angiver en prioritet.",
    )
    raekkefoelge = models.PositiveSmallIntegerField("rækkefølge", default=0)
    aktoerer = models.ManyToManyField(
        Aktoer, through="Deltagelse", related_name="indsatser", verbose_name="aktører", blank=True
    )
    # The initiative of an earlier plan this one continues (copy_plan sets it;
    # the admin lets an editor pick it): the comparison's and the links' lineage.
    forgaenger = forgaenger_field("Den indsats i en tidligere plan, som denne indsats fortsætter.")

    objects = IndsatsQuerySet.as_manager()
    secretariat_may = ("view", "add", "change", "delete")
    plans_showing = "indsatser"
    history = HistoricalRecords(m2m_fields=["kommuner"], verbose_name="historik for indsats")

    class Meta:
        verbose_name = "indsats"
        verbose_name_plural = "indsatser"
        ordering = ["afsnit__raekkefoelge", "raekkefoelge", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "slug"],
                name="indsats_slug_unik_i_plan",
                violation_error_message="Planen har allerede en indsats med den slug.",
            )
        ]

    def __str__(self):
        return self.titel

    def save(self, *args, **kwargs):
        self.plan_id = self.afsnit.plan_id
        if not self.slug:
            self.slug = self.free_slug()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("indsatser:indsats", kwargs={"aar": self.plan.aar, "slug": self.slug})

    def clean(self):
        super().clean()
        if self.afsnit_id is None:
            return
        check_forgaenger(self)
        # The form does not hold `plan`, so Django skips the (plan, slug)
        # constraint when validating it: check here, before the database refuses.
        self.plan_id = self.afsnit.plan_id
        taken = Indsats.objects.filter(plan_id=self.plan_id, slug=self.slug).exclude(pk=self.pk)
        if self.slug and taken.exists():
            raise ValidationError(
                {"slug": "Planen har allerede en indsats med den slug. Vælg en anden."}
            )

    def natural_key(self):
        return (self.plan.aar, self.slug)

    @property
    def owning_plan(self):
        return self.afsnit.plan

    natural_key.dependencies = ["samarbejdsplan.afsnit", "kommuner.kommune"]

    def free_slug(self):
        """A slug from the title that no other initiative of the plan has."""
        base = slug_da(self.titel)[:90] or "indsats"
        taken = set(
            Indsats.objects.filter(plan_id=self.plan_id, slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        candidates = (base if n == 1 else f"{base}-{n}" for n in range(1, len(taken) + 2))
        return next(slug for slug in candidates if slug not in taken)

    def ansvarlige(self):
        return [d.aktoer for d in self.deltagelser.all() if d.rolle == Rolle.ANSVARLIG]

    def forskelle(self, other, flyttet=None):
        """What a reader sees that differs from `other` (its predecessor), by Danish name.

        From prefetched municipalities and actors. "Afsnit" when it has moved: its
        section does not continue `other`'s section. `flyttet` says that for a
        comparison that follows sections across several plans; by default it is read
        from the section's own predecessor. The one rule for "ændret": the initiative
        page says it by this, and the comparison of two plans (aendringer) shows each
        of these in detail.
        """
        if flyttet is None:
            flyttet = self.afsnit.forgaenger_id != other.afsnit_id
        values = {
            "Titel": lambda i: sammenlignelig(i.titel),
            "Tekst": lambda i: sammenlignelig(i.tekst),
            "Kommuner": lambda i: i.alle_kommuner or {k.pk for k in i.kommuner.all()},
            "Ansvarlig": lambda i: {a.pk for a in i.ansvarlige()},
            "Involveret": lambda i: {a.pk for a in i.involverede()},
            "Prioritet": lambda i: i.prioritet,
        }
        names = [name for name, value in values.items() if value(self) != value(other)]
        return [*names, "Afsnit"] if flyttet else names

    def involverede(self):
        return [d.aktoer for d in self.deltagelser.all() if d.rolle == Rolle.INVOLVERET]


class Rolle(models.TextChoices):
    ANSVARLIG = "ansvarlig", "Ansvarlig"
    INVOLVERET = "involveret", "Involveret"


class Deltagelse(Versioneret):
    """An actor's part in an initiative."""

    indsats = models.ForeignKey(
        Indsats, on_delete=models.CASCADE, related_name="deltagelser", verbose_name="indsats"
    )
    aktoer = models.ForeignKey(
        Aktoer, on_delete=models.PROTECT, related_name="deltagelser", verbose_name="aktør"
    )
    rolle = models.CharField(
        "rolle", max_length=20, choices=Rolle.choices, default=Rolle.INVOLVERET
    )

    history = HistoricalRecords(verbose_name="historik for deltagende aktør")
    secretariat_may = ("view", "add", "change", "delete")
    plans_showing = "indsatser__deltagelser"

    class Meta:
        verbose_name = "deltagende aktør"
        verbose_name_plural = "deltagende aktører"
        ordering = ["indsats", "rolle", "aktoer__navn"]
        constraints = [
            models.UniqueConstraint(
                fields=["indsats", "aktoer"],
                name="deltagelse_unik",
                violation_error_message="Aktøren er allerede knyttet til indsatsen.",
            )
        ]

    def __str__(self):
        return f"{self.aktoer} ({self.get_rolle_display().lower()})"

    @property
    def owning_plan(self):
        return self.indsats.plan


class Maal(Omfang, Versioneret):
    """A goal the plan sets in a section, e.g. for the SUB areas."""

    afsnit = models.ForeignKey(
        "samarbejdsplan.Afsnit",
        on_delete=models.CASCADE,
        related_name="maal",
        verbose_name="afsnit",
    )
    tekst = models.TextField("tekst")
    raekkefoelge = models.PositiveSmallIntegerField("rækkefølge", default=0)
    forgaenger = forgaenger_field("Det mål i en tidligere plan, som dette mål fortsætter.")

    objects = OmfangQuerySet.as_manager()
    secretariat_may = ("view", "add", "change", "delete")
    plans_showing = "afsnit__maal"
    history = HistoricalRecords(m2m_fields=["kommuner"], verbose_name="historik for mål")

    class Meta:
        verbose_name = "mål"
        verbose_name_plural = "mål"
        ordering = ["afsnit__raekkefoelge", "raekkefoelge", "id"]

    def __str__(self):
        return self.tekst[:80]

    def get_absolute_url(self):
        return self.afsnit.get_absolute_url()

    def clean(self):
        super().clean()
        if self.afsnit_id is not None:
            check_forgaenger(self)

    @property
    def owning_plan(self):
        return self.afsnit.plan

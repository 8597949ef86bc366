"""The yearly plan: its sections in order, its signatories.

The plan is one ordered list of sections (`Afsnit`). Numbering ("3.1.4") and
order are data, so pages and the export walk any plan from start to end
without code per section. The kinds the brief names (SSP, national and local
focus areas, SUB areas) are proxy models over that one table: each gets its own
name, manager and admin page while the plan stays one list.
"""

from django.apps import apps
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from common.forgaenger import check_forgaenger, forgaenger_field
from common.versioning import Versioneret
from kommuner.models import Boligomraade


class Status(models.TextChoices):
    KLADDE = "kladde", "Kladde"
    OFFENTLIGGJORT = "offentliggjort", "Offentliggjort"
    # Published and public, but opened again to correct it: editable until
    # it is published anew. The public pages say "rettet <dato>".
    GENAABNET = "genaabnet", "Genåbnet for rettelse"


PUBLIC = [Status.OFFENTLIGGJORT, Status.GENAABNET]


def reads_drafts(user):
    return user.is_authenticated and user.has_perm("samarbejdsplan.view_samarbejdsplan")


class SamarbejdsplanQuerySet(models.QuerySet):
    def get_by_natural_key(self, aar):
        return self.get(aar=aar)

    def published(self):
        """The plans the public may read: published, or reopened after publication."""
        return self.filter(status__in=PUBLIC)

    def visible_to(self, user):
        """Published plans for everyone; drafts too for those allowed to read them."""
        if reads_drafts(user):
            return self
        return self.published()

    def newest(self):
        return self.order_by("-aar").first()


class Samarbejdsplan(Versioneret):
    aar = models.PositiveSmallIntegerField(
        "år",
        unique=True,
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
        error_messages={"unique": "Der findes allerede en samarbejdsplan for det år."},
    )
    titel = models.CharField("titel", max_length=200, default="Samarbejdsplan")
    raad = models.CharField(
        "råd", max_length=200, default="Kredsrådet", help_text="Det råd, der står bag planen."
    )
    politikreds = models.CharField("politikreds", max_length=200)
    status = models.CharField(
        "status", max_length=20, choices=Status.choices, default=Status.KLADDE
    )
    offentliggjort = models.DateTimeField("offentliggjort", null=True, blank=True, editable=False)
    offentliggjort_af = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="offentliggjort af",
    )
    rettet = models.DateTimeField(
        "rettet",
        null=True,
        blank=True,
        editable=False,
        help_text="Hvornår planen sidst blev genåbnet eller offentliggjort igen efter en rettelse.",
    )
    kommuner = models.ManyToManyField(
        "kommuner.Kommune",
        related_name="planer",
        verbose_name="kommuner",
        help_text="Kommunerne i politikredsen, som er parter i planen.",
    )
    opdateret = models.DateTimeField("senest opdateret", auto_now=True)

    objects = SamarbejdsplanQuerySet.as_manager()
    secretariat_may = ("view", "add", "change", "delete")
    # Which plans show an object of a model, as a lookup from Samarbejdsplan:
    # every model declares it (None: no plan shows it). The signals move those
    # plans' `opdateret` on a change (the page cache and "Senest opdateret"),
    # and the lock refuses edits of what a published plan shows.
    plans_showing = "pk"
    history = HistoricalRecords(
        excluded_fields=["opdateret"], m2m_fields=[kommuner], verbose_name="historik for plan"
    )

    class Meta:
        verbose_name = "samarbejdsplan"
        verbose_name_plural = "samarbejdsplaner"
        ordering = ["-aar"]
        permissions = [
            ("offentliggoer_samarbejdsplan", "Kan offentliggøre og genåbne samarbejdsplaner"),
            ("kopier_samarbejdsplan", "Kan kopiere en samarbejdsplan til et nyt år"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(aar__gte=2000, aar__lte=2100),
                name="plan_aar_2000_2100",
                violation_error_message="Året skal ligge mellem 2000 og 2100.",
            ),
            models.CheckConstraint(
                condition=Q(status=Status.KLADDE) | Q(offentliggjort__isnull=False),
                name="plan_offentliggjort_har_dato",
                violation_error_message="En offentliggjort plan skal have en udgivelsesdato.",
            ),
        ]

    def __str__(self):
        return f"{self.titel} {self.aar}"

    def get_absolute_url(self):
        return reverse("samarbejdsplan:plan", kwargs={"aar": self.aar})

    def natural_key(self):
        return (self.aar,)

    @property
    def er_offentliggjort(self):
        """Public: published, or reopened for a correction after publication."""
        return self.status in PUBLIC

    def readable_by(self, user):
        """Whether `user` may read this plan (as `Samarbejdsplan.objects.visible_to`)."""
        return self.er_offentliggjort or reads_drafts(user)

    @property
    def er_laast(self):
        """Published plans are read-only until someone reopens them."""
        return self.status == Status.OFFENTLIGGJORT

    @property
    def owning_plan(self):
        return self

    def order_out_of_step(self):
        """Where the sections' order disagrees with their numbers, as Danish phrases.

        ["2.1 står efter 4.1"]: an order typed by hand (or left from an older
        plan) that puts a section after a higher number.
        """
        sections = list(self.afsnit.order_by("raekkefoelge", "id").values_list("nummer", flat=True))
        return [
            f"{later} står efter {earlier}"
            for earlier, later in zip(sections, sections[1:], strict=False)
            if order_from_number(later) < order_from_number(earlier)
        ]

    # Publishing needs the export, which needs these models: the app config
    # hands the models the publishing module (samarbejdsplan/publishing.py),
    # so that the models import neither.

    def offentliggoer(self, user):
        """Publish, lock and store the approved export (`publishing.publish`)."""
        return apps.get_app_config("samarbejdsplan").publishing.publish(self, user)

    def genaabn(self, user):
        """Reopen for a correction; it stays public, marked "rettet" (`publishing.reopen`)."""
        return apps.get_app_config("samarbejdsplan").publishing.reopen(self, user)


class Eksport(models.Model):
    """The approved plan as one HTML file, stored when the plan is published.

    A snapshot: written once, never changed, never deleted with its plan
    (PROTECT), so the document the council approved can be served as it was.
    """

    plan = models.ForeignKey(
        Samarbejdsplan,
        on_delete=models.PROTECT,
        related_name="eksporter",
        verbose_name="samarbejdsplan",
    )
    indhold = models.BinaryField("indhold")
    sha256 = models.CharField("SHA-256", max_length=64)
    oprettet = models.DateTimeField("oprettet", default=timezone.now, editable=False)
    oprettet_af = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="oprettet af",
    )

    # Snapshots are made by publishing, never by hand.
    secretariat_may = ("view",)
    # Made only by publishing, which saves (and so dates) the plan itself; the
    # 2020 plan's is stored at loading, which must keep the fixture's date.
    plans_showing = None

    class Meta:
        verbose_name = "gemt eksport"
        verbose_name_plural = "gemte eksporter"
        ordering = ["plan", "-oprettet", "-id"]

    def __str__(self):
        return f"{self.plan} – {timezone.localtime(self.oprettet):%d.%m.%Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("En gemt eksport kan ikke ændres.")
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("samarbejdsplan:eksport", kwargs={"aar": self.plan.aar})


class Underskriver(Versioneret):
    plan = models.ForeignKey(
        Samarbejdsplan,
        on_delete=models.CASCADE,
        related_name="underskrivere",
        verbose_name="samarbejdsplan",
    )
    navn = models.CharField("navn", max_length=200)
    titel = models.CharField(
        "titel", max_length=200, blank=True, help_text="Fx borgmester i Horsens Kommune."
    )
    raekkefoelge = models.PositiveSmallIntegerField("rækkefølge", default=0)

    history = HistoricalRecords(verbose_name="historik for underskriver")
    secretariat_may = ("view", "add", "change", "delete")
    plans_showing = "underskrivere"

    class Meta:
        verbose_name = "underskriver"
        verbose_name_plural = "underskrivere"
        ordering = ["plan", "raekkefoelge", "id"]

    def __str__(self):
        return self.navn

    def get_absolute_url(self):
        return self.plan.get_absolute_url() + "#underskrivere"

    @property
    def owning_plan(self):
        return self.plan


class Art(models.TextChoices):
    """What kind of section this is; decides its proxy model and admin page."""

    GENEREL = "generel", "Generelt afsnit"
    INDLEDNING = "indledning", "Indledning"
    SSP = "ssp", "SSP-samarbejde"
    NATIONAL = "national", "Nationalt fokusområde"
    LOKAL = "lokal", "Lokalt fokusområde"
    SUB = "sub", "Særligt udsatte boligområder"


def order_from_number(nummer):
    """The order a section takes from its number: 2.1 < 2.2 < 2.10 < 3 < 3.1.4.

    Each of the (at most three) parts is below 100 (`nummer_validator`), so
    two digits per level: "3.1.4" -> 30104, "2.10" -> 21000. 0 for a number
    that is not one (the validator then says why).
    """
    parts = str(nummer or "").split(".")
    if not 1 <= len(parts) <= 3 or not all(p.isdigit() and int(p) < 100 for p in parts):
        return 0
    a, b, c = [int(p) for p in parts] + [0] * (3 - len(parts))
    return a * 10000 + b * 100 + c


nummer_validator = RegexValidator(
    r"^[1-9]\d{0,1}(\.[1-9]\d{0,1}){0,2}$",
    "Nummeret skal have én til tre dele adskilt af punktum, fx 4 eller 3.1 eller 3.1.4.",
)


def _shown(indsatser, maal, boligomraader):
    """The querysets as a page shows them: with municipalities and actors loaded."""
    return (
        indsatser.shown(),
        maal.prefetch_related("kommuner"),
        boligomraader.select_related("kommune"),
    )


class AfsnitQuerySet(models.QuerySet):
    def get_by_natural_key(self, aar, nummer):
        return self.get(plan__aar=aar, nummer=nummer)

    def with_content(self):
        """Everything a page needs to show these sections, in a fixed number of queries."""
        from indsatser.models import Indsats, Maal

        indsatser, maal, boligomraader = _shown(
            Indsats.objects.all(), Maal.objects.all(), Boligomraade.objects.all()
        )
        return self.prefetch_related(
            Prefetch("indsatser", queryset=indsatser),
            Prefetch("maal", queryset=maal),
            Prefetch("boligomraader", queryset=boligomraader),
        )

    def for_kommune(self, kommune):
        """The sections holding anything that concerns `kommune`, and only that.

        Each section gets `kommune_indsatser`, `kommune_maal` and
        `kommune_boligomraader`: what applies to all the plan's municipalities
        plus what applies to `kommune` alone. Another municipality's items
        (its SUB area, say) are left out.
        """
        from indsatser.models import Indsats, Maal

        indsatser, maal, boligomraader = _shown(
            Indsats.objects.for_kommune(kommune),
            Maal.objects.for_kommune(kommune),
            Boligomraade.objects.for_kommune(kommune),
        )
        return self.filter(
            Exists(indsatser.filter(afsnit=OuterRef("pk")))
            | Exists(maal.filter(afsnit=OuterRef("pk")))
            | Exists(boligomraader.filter(udpeget_i=OuterRef("pk")))
        ).prefetch_related(
            Prefetch("indsatser", queryset=indsatser, to_attr="kommune_indsatser"),
            Prefetch("maal", queryset=maal, to_attr="kommune_maal"),
            Prefetch("boligomraader", queryset=boligomraader, to_attr="kommune_boligomraader"),
        )


class Afsnit(Versioneret):
    plan = models.ForeignKey(
        Samarbejdsplan,
        on_delete=models.CASCADE,
        related_name="afsnit",
        verbose_name="samarbejdsplan",
    )
    nummer = models.CharField(
        "nummer",
        max_length=8,
        validators=[nummer_validator],
        help_text="Afsnittets nummer i planen, fx 3.1.4. Niveauet følger af antallet af dele.",
    )
    titel = models.CharField("titel", max_length=300)
    tekst = models.TextField(
        "tekst",
        blank=True,
        help_text="Markdown: tom linje mellem afsnit, '- ' foran punkter, *kursiv*, **fed**.",
    )
    art = models.CharField(
        "art",
        max_length=20,
        choices=Art.choices,
        default=Art.GENEREL,
        help_text=(
            "Hvad afsnittet handler om. Indledningen vises på forsiden sammen med "
            "underskriverne. SSP-samarbejde, nationale og lokale fokusområder og særligt "
            "udsatte boligområder (SUB) kan vælges som type i listen over indsatser, og kun et "
            "SUB-afsnit kan udpege boligområder. Vælg »Generelt afsnit« til alt andet."
        ),
    )
    raekkefoelge = models.PositiveIntegerField(
        "rækkefølge",
        default=0,
        blank=True,
        help_text=(
            "Afsnittenes rækkefølge i planen, stigende. Lad feltet stå tomt (eller 0), så "
            "følger rækkefølgen nummeret: 2.1 før 2.10 før 3."
        ),
    )
    boligomraader = models.ManyToManyField(
        Boligomraade,
        blank=True,
        related_name="udpeget_i",
        verbose_name="udpegede boligområder",
        help_text="De særligt udsatte boligområder, som planen udpeger i dette afsnit.",
    )

    # The section of an earlier plan this one continues (set by copy_plan, or
    # picked by hand): what lets next year's comparison say what changed.
    forgaenger = forgaenger_field("Det afsnit i en tidligere plan, som dette afsnit fortsætter.")

    objects = AfsnitQuerySet.as_manager()
    secretariat_may = ("view", "add", "change", "delete")  # and so each per-kind proxy
    plans_showing = "afsnit"
    history = HistoricalRecords(m2m_fields=[boligomraader], verbose_name="historik for afsnit")

    class Meta:
        verbose_name = "afsnit"
        verbose_name_plural = "afsnit"
        ordering = ["plan", "raekkefoelge", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "nummer"],
                name="afsnit_nummer_unikt_i_plan",
                violation_error_message="Planen har allerede et afsnit med det nummer.",
            )
        ]

    def __str__(self):
        return f"{self.nummer} {self.titel}"

    @classmethod
    def from_db(cls, db, field_names, values):
        obj = super().from_db(db, field_names, values)
        # The number it was saved with: an order taken from it follows a renumbering.
        obj._saved_nummer = obj.__dict__.get("nummer")
        return obj

    def save(self, *args, **kwargs):
        saved_nummer = getattr(self, "_saved_nummer", None)
        if not self.raekkefoelge or (
            saved_nummer not in (None, self.nummer)
            and self.raekkefoelge == order_from_number(saved_nummer)
        ):
            # Left empty, or taken from the old number: the order follows the number.
            self.raekkefoelge = order_from_number(self.nummer)
        super().save(*args, **kwargs)
        self._saved_nummer = self.nummer

    def get_absolute_url(self):
        return reverse(
            "samarbejdsplan:afsnit", kwargs={"aar": self.plan.aar, "nummer": self.nummer}
        )

    def natural_key(self):
        return (self.plan.aar, self.nummer)

    natural_key.dependencies = ["samarbejdsplan.samarbejdsplan", "kommuner.boligomraade"]

    @property
    def owning_plan(self):
        return self.plan

    @property
    def niveau(self):
        """1 for "3", 2 for "3.1", 3 for "3.1.4"."""
        return self.nummer.count(".") + 1

    @property
    def overskriftsniveau(self):
        # h1 is the plan's title, so chapters are h2.
        return self.niveau + 1

    @property
    def anker(self):
        return "afsnit-" + self.nummer.replace(".", "-")

    @property
    def overordnet_nummer(self):
        return self.nummer.rpartition(".")[0]

    def deletion_blockers(self, also_deleted=()):
        """Why this section cannot be deleted now: subsections that would be left behind."""
        going = {obj.pk for obj in also_deleted if isinstance(obj, Afsnit)}
        left = [
            nummer
            for pk, nummer in Afsnit.objects.filter(
                plan_id=self.plan_id, nummer__startswith=self.nummer + "."
            ).values_list("pk", "nummer")
            if pk not in going
        ]
        if not left:
            return []
        return [
            f"Afsnit {self.nummer} har underafsnit ({', '.join(left)}), som ikke slettes med "
            "det. Slet eller flyt underafsnittene først, eller slet dem sammen med afsnittet."
        ]

    # Set by the plan page's sections formset, which checks the parent among
    # the rows posted with this one too (3.2 and 3.2.1 added in one save).
    parent_checked_by_formset = False

    def clean(self):
        super().clean()
        if self.plan_id:
            check_forgaenger(self)
        parent = self.overordnet_nummer
        if (
            parent
            and not self.parent_checked_by_formset
            and self.plan_id
            and not Afsnit.objects.filter(plan_id=self.plan_id, nummer=parent).exists()
        ):
            raise ValidationError(
                {"nummer": f"Planen har intet afsnit {parent}, som dette afsnit kan høre under."}
            )


class ArtManager(models.Manager.from_queryset(AfsnitQuerySet)):
    """Manager of a proxy model: only the sections of its kind."""

    def __init__(self, art):
        super().__init__()
        self.art = art

    def get_queryset(self):
        return super().get_queryset().filter(art=self.art)


class ArtProxyMixin:
    """For the per-kind proxies: saving through one sets the kind."""

    art_value = None

    def save(self, *args, **kwargs):
        self.art = self.art_value
        super().save(*args, **kwargs)


class SSPAfsnit(ArtProxyMixin, Afsnit):
    art_value = Art.SSP
    objects = ArtManager(Art.SSP)

    class Meta:
        proxy = True
        verbose_name = "SSP-afsnit"
        verbose_name_plural = "SSP-afsnit"


class NationaltFokusomraade(ArtProxyMixin, Afsnit):
    art_value = Art.NATIONAL
    objects = ArtManager(Art.NATIONAL)

    class Meta:
        proxy = True
        verbose_name = "nationalt fokusområde"
        verbose_name_plural = "nationale fokusområder"


class LokaltFokusomraade(ArtProxyMixin, Afsnit):
    art_value = Art.LOKAL
    objects = ArtManager(Art.LOKAL)

    class Meta:
        proxy = True
        verbose_name = "lokalt fokusområde"
        verbose_name_plural = "lokale fokusområder"


class SUBAfsnit(ArtProxyMixin, Afsnit):
    """The section on særligt udsatte boligområder: designates areas and sets goals."""

    art_value = Art.SUB
    objects = ArtManager(Art.SUB)

    class Meta:
        proxy = True
        verbose_name = "SUB-afsnit"
        verbose_name_plural = "SUB-afsnit (særligt udsatte boligområder)"

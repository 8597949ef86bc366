from django.contrib import admin

from common.admin_base import CheckboxKommunerMixin, InlineLockMixin, PlanContentAdmin

from .forms import INDSATS_FIELDS, IndsatsForm, MaalForm
from .models import Aktoer, Deltagelse, Indsats, Maal, Rolle


class OmfangAdminMixin(CheckboxKommunerMixin):
    """Lists and edits items that concern all municipalities or chosen ones."""

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("kommuner")

    @admin.display(description="kommuner")
    def vis_kommuner(self, obj):
        return obj.kommune_navne()


class DeltagelseInline(InlineLockMixin, admin.TabularInline):
    model = Deltagelse
    extra = 0
    add_another = "en deltagende aktør"
    autocomplete_fields = ["aktoer"]


@admin.register(Indsats)
class IndsatsAdmin(OmfangAdminMixin, PlanContentAdmin):
    form = IndsatsForm
    list_display = [
        "vis_nummer",
        "titel",
        "afsnit",
        "vis_kommuner",
        "vis_ansvarlige",
        "prioritet",
    ]
    list_display_links = ["vis_nummer", "titel"]
    list_filter = [
        ("plan__aar", admin.AllValuesFieldListFilter),
        "afsnit__art",
        # Only the municipalities items name, not all of Denmark's 98.
        ("kommuner", admin.RelatedOnlyFieldListFilter),
        "aktoerer",
        "prioritet",
        "alle_kommuner",
    ]
    list_select_related = ["afsnit", "plan"]
    search_fields = ["titel", "tekst"]
    # The section is a plain choice among the open plans' sections, each
    # named with its plan's year (common.admin_base.OpenChoiceField).
    prepopulated_fields = {"slug": ["titel"]}
    fields = ["afsnit", *INDSATS_FIELDS[:-1], "forgaenger", "kendt_version"]
    inlines = [DeltagelseInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("deltagelser__aktoer")

    @admin.display(description="nummer", ordering="afsnit__nummer")
    def vis_nummer(self, obj):
        return obj.afsnit.nummer

    @admin.display(description="ansvarlig")
    def vis_ansvarlige(self, obj):
        return ", ".join(
            d.aktoer.forkortelse or d.aktoer.navn
            for d in obj.deltagelser.all()
            if d.rolle == Rolle.ANSVARLIG
        )


@admin.register(Maal)
class MaalAdmin(OmfangAdminMixin, PlanContentAdmin):
    form = MaalForm
    list_display = ["__str__", "afsnit", "vis_kommuner"]
    list_filter = [
        ("afsnit__plan__aar", admin.AllValuesFieldListFilter),
        "alle_kommuner",
        ("kommuner", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["afsnit"]
    search_fields = ["tekst"]
    fields = [
        "afsnit", "raekkefoelge", "tekst", "alle_kommuner", "kommuner", "forgaenger",
        "kendt_version",
    ]  # fmt: skip


@admin.register(Aktoer)
class AktoerAdmin(PlanContentAdmin):
    list_display = ["navn", "forkortelse"]
    search_fields = ["navn", "forkortelse"]
    prepopulated_fields = {"slug": ["navn"]}


@admin.register(Deltagelse)
class DeltagelseAdmin(PlanContentAdmin):
    list_display = ["aktoer", "rolle", "indsats", "vis_plan"]
    list_filter = ["rolle", "indsats__plan", "aktoer"]
    list_select_related = ["aktoer", "indsats__plan"]
    search_fields = ["aktoer__navn", "aktoer__forkortelse", "indsats__titel"]
    autocomplete_fields = ["indsats", "aktoer"]

    @admin.display(description="samarbejdsplan", ordering="indsats__plan__aar")
    def vis_plan(self, obj):
        return obj.indsats.plan

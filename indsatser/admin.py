from django.contrib import admin

from .forms import OmfangForm
from .models import Aktoer, Deltagelse, Indsats, Maal


class OmfangAdminMixin:
    """Lists and edits items that concern all municipalities or chosen ones."""

    form = OmfangForm

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("kommuner")

    @admin.display(description="kommuner")
    def vis_kommuner(self, obj):
        return obj.kommune_navne()


class DeltagelseInline(admin.TabularInline):
    model = Deltagelse
    extra = 0
    autocomplete_fields = ["aktoer"]


@admin.register(Indsats)
class IndsatsAdmin(OmfangAdminMixin, admin.ModelAdmin):
    list_display = ["titel", "afsnit", "plan", "vis_kommuner", "prioritet"]
    list_filter = ["plan", "afsnit__art", "prioritet", "alle_kommuner", "kommuner", "aktoerer"]
    list_select_related = ["afsnit", "plan"]
    search_fields = ["titel", "tekst"]
    autocomplete_fields = ["afsnit"]
    filter_horizontal = ["kommuner"]
    prepopulated_fields = {"slug": ["titel"]}
    inlines = [DeltagelseInline]


@admin.register(Maal)
class MaalAdmin(OmfangAdminMixin, admin.ModelAdmin):
    list_display = ["__str__", "afsnit", "vis_kommuner"]
    list_filter = ["afsnit__plan", "alle_kommuner", "kommuner"]
    list_select_related = ["afsnit"]
    search_fields = ["tekst"]
    autocomplete_fields = ["afsnit"]
    filter_horizontal = ["kommuner"]


@admin.register(Aktoer)
class AktoerAdmin(admin.ModelAdmin):
    list_display = ["navn", "forkortelse"]
    search_fields = ["navn", "forkortelse"]
    prepopulated_fields = {"slug": ["navn"]}


@admin.register(Deltagelse)
class DeltagelseAdmin(admin.ModelAdmin):
    list_display = ["aktoer", "rolle", "indsats", "vis_plan"]
    list_filter = ["rolle", "indsats__plan", "aktoer"]
    list_select_related = ["aktoer", "indsats__plan"]
    search_fields = ["aktoer__navn", "aktoer__forkortelse", "indsats__titel"]
    autocomplete_fields = ["indsats", "aktoer"]

    @admin.display(description="samarbejdsplan", ordering="indsats__plan__aar")
    def vis_plan(self, obj):
        return obj.indsats.plan

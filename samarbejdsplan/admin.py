from django import forms
from django.contrib import admin
from django.db import models

from indsatser.forms import OmfangForm
from indsatser.models import Indsats, Maal

from .models import (
    Afsnit,
    LokaltFokusomraade,
    NationaltFokusomraade,
    Samarbejdsplan,
    SSPAfsnit,
    SUBAfsnit,
    Underskriver,
)


class UnderskriverInline(admin.TabularInline):
    model = Underskriver
    extra = 0


class AfsnitInline(admin.TabularInline):
    """The plan's sections in plan order, with a link to edit each one."""

    model = Afsnit
    extra = 0
    fields = ["raekkefoelge", "nummer", "titel", "art"]
    show_change_link = True


@admin.register(Samarbejdsplan)
class SamarbejdsplanAdmin(admin.ModelAdmin):
    list_display = ["aar", "titel", "politikreds", "status", "offentliggjort", "opdateret"]
    list_filter = ["status"]
    search_fields = ["aar", "titel", "politikreds"]
    filter_horizontal = ["kommuner"]
    inlines = [UnderskriverInline, AfsnitInline]


class IndsatsInline(admin.StackedInline):
    form = OmfangForm
    model = Indsats
    extra = 0
    fields = ["raekkefoelge", "titel", "slug", "tekst", "prioritet", "alle_kommuner", "kommuner"]
    filter_horizontal = ["kommuner"]
    show_change_link = True


class MaalInline(admin.TabularInline):
    form = OmfangForm
    model = Maal
    extra = 0
    fields = ["raekkefoelge", "tekst", "alle_kommuner", "kommuner"]
    # A goal is a line or two, not a page.
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 70})}
    }


@admin.register(Afsnit)
class AfsnitAdmin(admin.ModelAdmin):
    list_display = ["nummer", "titel", "art", "plan", "raekkefoelge"]
    list_display_links = ["nummer", "titel"]
    list_filter = ["plan", "art"]
    list_select_related = ["plan"]
    search_fields = ["nummer", "titel", "tekst"]
    filter_horizontal = ["boligomraader"]
    inlines = [MaalInline, IndsatsInline]


@admin.register(SSPAfsnit, NationaltFokusomraade, LokaltFokusomraade, SUBAfsnit)
class ArtAfsnitAdmin(AfsnitAdmin):
    """One admin page per kind of section; the kind is set by the page."""

    list_filter = ["plan"]
    exclude = ["art"]


@admin.register(Underskriver)
class UnderskriverAdmin(admin.ModelAdmin):
    list_display = ["navn", "titel", "plan", "raekkefoelge"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    search_fields = ["navn", "titel"]

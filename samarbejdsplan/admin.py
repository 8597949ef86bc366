from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models, transaction
from django.db.models.functions import Length
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from common.admin_base import CheckboxKommunerMixin, ContentForm, InlineLockMixin, PlanContentAdmin
from indsatser.forms import INDSATS_FIELDS, IndsatsForm, MaalForm
from indsatser.models import Indsats, Maal

from .copying import CopyError, copy_plan
from .export import filename, render_export
from .models import (
    Afsnit,
    Eksport,
    LokaltFokusomraade,
    NationaltFokusomraade,
    Samarbejdsplan,
    SSPAfsnit,
    Status,
    SUBAfsnit,
    Underskriver,
)


class UnderskriverInline(InlineLockMixin, admin.TabularInline):
    model = Underskriver
    extra = 0
    fields = ["raekkefoelge", "navn", "titel"]


class AfsnitInline(InlineLockMixin, admin.TabularInline):
    """The plan's sections in plan order; number and order edited here, the rest per section."""

    model = Afsnit
    extra = 0
    fields = ["raekkefoelge", "nummer", "titel", "art"]
    ordering = ["raekkefoelge", "id"]
    show_change_link = True


class EksportInline(admin.TabularInline):
    """The snapshots stored each time the plan was published: read-only, kept forever."""

    model = Eksport
    extra = 0
    fields = ["oprettet", "oprettet_af", "sha256", "vis_stoerrelse"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = "gemte eksporter (én pr. offentliggørelse)"

    def get_queryset(self, request):
        # The size, not the bytes: a plan's snapshots may be megabytes each.
        return (
            super()
            .get_queryset(request)
            .defer("indhold")
            .annotate(bytes=Length("indhold"))
            .select_related("oprettet_af")
        )

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="størrelse")
    def vis_stoerrelse(self, obj):
        return f"{obj.bytes / 1024:.0f} KB"


class SamarbejdsplanForm(ContentForm):
    class Meta:
        model = Samarbejdsplan
        fields = ["aar", "titel", "raad", "politikreds", "kommuner"]

    def clean_kommuner(self):
        """A municipality stays in the plan while the plan's content names it.

        Otherwise an initiative, a goal or a SUB area would point to a
        municipality whose page in the plan does not exist.
        """
        kommuner = self.cleaned_data["kommuner"]
        if self.instance.pk is None:
            return kommuner
        removed = self.instance.kommuner.exclude(pk__in=[k.pk for k in kommuner])
        problems = []
        for kommune in removed:
            uses = [
                *(
                    f"indsatsen »{i.titel}«"
                    for i in self.instance.indsatser.filter(kommuner=kommune)
                ),
                *(
                    f"et mål i afsnit {m.afsnit.nummer}"
                    for m in Maal.objects.filter(
                        afsnit__plan=self.instance, kommuner=kommune
                    ).select_related("afsnit")
                ),
                *(
                    f"boligområdet {b.navn} i afsnit {a.nummer}"
                    for a in self.instance.afsnit.filter(boligomraader__kommune=kommune).distinct()
                    for b in a.boligomraader.filter(kommune=kommune)
                ),
            ]
            if uses:
                problems.append(f"{kommune.navn} (nævnt af {', '.join(uses)})")
        if problems:
            raise forms.ValidationError(
                "Kan ikke fjernes fra planen, fordi planens indhold gælder for "
                f"dem: {'; '.join(problems)}. Ret eller slet de nævnte punkter først."
            )
        return kommuner


class CopyForm(forms.Form):
    til_aar = forms.IntegerField(
        label="Den nye plans år", min_value=2000, max_value=2100, help_text="Fx næste år."
    )


@admin.register(Samarbejdsplan)
class SamarbejdsplanAdmin(PlanContentAdmin):
    form = SamarbejdsplanForm
    # Denmark's 98 municipalities: a list to filter and pick from, not 98 checkboxes.
    filter_horizontal = ["kommuner"]

    class Media:
        js = ["js/filter_horizontal.js"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "kommuner":
            # Django's hint about holding Ctrl is for a bare list, not this one.
            field.help_text = (
                "Kommunerne i politikredsen, som er parter i planen. Skriv fx »Tårn« i "
                "filterfeltet, og flyt kommunen over med pilen (eller dobbeltklik)."
            )
        return field

    list_display = [
        "aar",
        "titel",
        "politikreds",
        "status",
        "offentliggjort",
        "offentliggjort_af",
        "rettet",
        "opdateret",
    ]
    list_filter = ["status"]
    list_select_related = ["offentliggjort_af"]
    search_fields = ["aar", "titel", "politikreds"]
    readonly_fields = ["status", "offentliggjort", "offentliggjort_af", "rettet", "opdateret"]
    fieldsets = [
        (None, {"fields": ["aar", "titel", "raad", "politikreds", "kommuner", "kendt_version"]}),
        ("Offentliggørelse", {"fields": readonly_fields}),
    ]
    inlines = [UnderskriverInline, AfsnitInline, EksportInline]
    actions = ["offentliggoer", "genaabn", "kopier", "eksporter"]

    def has_offentliggoer_permission(self, request):
        return request.user.has_perm("samarbejdsplan.offentliggoer_samarbejdsplan")

    def has_kopier_permission(self, request):
        return request.user.has_perm(
            "samarbejdsplan.kopier_samarbejdsplan"
        ) and request.user.has_perm("samarbejdsplan.add_samarbejdsplan")

    def confirm(self, request, queryset, action, title, text, extra_form=None):
        """The confirmation page of an action; it posts back with `bekraeftet`."""
        return TemplateResponse(
            request,
            "admin/samarbejdsplan/bekraeft_handling.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "tekst": text,
                "planer": queryset,
                "action": action,
                "form": extra_form,
                "opts": self.model._meta,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )

    @admin.action(description="Offentliggør valgte planer", permissions=["offentliggoer"])
    def offentliggoer(self, request, queryset):
        if queryset.filter(status=Status.OFFENTLIGGJORT).exists():
            self.message_user(
                request,
                "Kun kladder og genåbnede planer kan offentliggøres. Fjern de allerede "
                "offentliggjorte fra valget.",
                messages.ERROR,
            )
            return None
        if request.POST.get("bekraeftet") != "ja":
            return self.confirm(
                request,
                queryset,
                "offentliggoer",
                "Offentliggør samarbejdsplan",
                "Planen bliver synlig for alle på de offentlige sider, og dens indhold bliver "
                "låst. Rettelser kræver derefter, at planen genåbnes.",
            )
        with transaction.atomic():  # all selected plans, or none
            for plan in queryset.select_related(None).select_for_update():
                plan.offentliggoer(request.user)
                self.message_user(request, f"{plan} er offentliggjort.", messages.SUCCESS)
        return None

    @admin.action(description="Genåbn valgte planer for rettelse", permissions=["offentliggoer"])
    def genaabn(self, request, queryset):
        if queryset.exclude(status=Status.OFFENTLIGGJORT).exists():
            self.message_user(request, "Kun offentliggjorte planer kan genåbnes.", messages.ERROR)
            return None
        if request.POST.get("bekraeftet") != "ja":
            return self.confirm(
                request,
                queryset,
                "genaabn",
                "Genåbn samarbejdsplan for rettelse",
                "Planen forbliver offentlig, men kan redigeres igen. De offentlige sider viser "
                "»rettet« med dagens dato. Genåbningen står i planens historik. Offentliggør "
                "planen igen, når rettelsen er færdig.",
            )
        with transaction.atomic():
            for plan in queryset.select_related(None).select_for_update():
                plan.genaabn(request.user)
                self.message_user(request, f"{plan} er genåbnet for rettelse.", messages.SUCCESS)
        return None

    @admin.action(description="Eksportér som HTML", permissions=["view"])
    def eksporter(self, request, queryset):
        """The plan as it is now, as one HTML file (the public download of a
        published plan is the snapshot stored when it was published)."""
        if queryset.count() != 1:
            self.message_user(request, "Vælg præcis én plan at eksportere.", messages.ERROR)
            return None
        plan = queryset.get()
        response = HttpResponse(render_export(plan), content_type="text/html; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{filename(plan)}"'
        return response

    @admin.action(description="Kopiér til en ny plan for et andet år", permissions=["kopier"])
    def kopier(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Vælg præcis én plan at kopiere.", messages.ERROR)
            return None
        source = queryset.get()
        form = CopyForm(
            request.POST if request.POST.get("bekraeftet") == "ja" else None,
            initial={"til_aar": source.aar + 1},
        )
        if form.is_valid():
            try:
                plan = copy_plan(source.aar, form.cleaned_data["til_aar"], user=request.user)
            except CopyError as error:
                form.add_error("til_aar", str(error))
            else:
                self.message_user(
                    request, f"{source} er kopieret til {plan} (kladde).", messages.SUCCESS
                )
                return HttpResponseRedirect(
                    reverse("admin:samarbejdsplan_samarbejdsplan_change", args=[plan.pk])
                )
        return self.confirm(
            request,
            queryset,
            "kopier",
            f"Kopiér {source}",
            "Kopien bliver en kladde med alle afsnit, indsatser, mål, udpegede boligområder, "
            "kommuner og underskrivere. Originalen ændres ikke.",
            extra_form=form,
        )


class PlanKommunerInlineMixin:
    """Initiative and goal rows on a section's page offer the plan's municipalities only."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and obj.plan_id is not None:
            # A form class per request: rows added by the page's script are new
            # forms of the same class, and the admin object is shared by requests.
            formset.form = type(formset.form.__name__, (formset.form,), {"parent_plan": obj.plan})
        return formset


class IndsatsInline(
    PlanKommunerInlineMixin, CheckboxKommunerMixin, InlineLockMixin, admin.StackedInline
):
    form = IndsatsForm
    model = Indsats
    extra = 0
    fields = INDSATS_FIELDS
    show_change_link = True


class MaalInline(
    PlanKommunerInlineMixin, CheckboxKommunerMixin, InlineLockMixin, admin.TabularInline
):
    form = MaalForm
    model = Maal
    extra = 0
    fields = ["raekkefoelge", "tekst", "alle_kommuner", "kommuner", "kendt_version"]
    # A goal is a line or two, not a page.
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
    }


class AfsnitForm(ContentForm):
    class Meta:
        model = Afsnit
        fields = "__all__"

    def clean(self):
        cleaned_data = super().clean()
        plan, omraader = cleaned_data.get("plan"), cleaned_data.get("boligomraader")
        if plan is not None and omraader:
            # A designated area outside the plan's municipalities would link to
            # a municipality page the plan does not have.
            parties = set(plan.kommuner.all())
            outside = [b for b in omraader if b.kommune not in parties]
            if outside:
                names = ", ".join(f"{b.navn} ({b.kommune.navn})" for b in outside)
                self.add_error(
                    "boligomraader",
                    f"{names} ligger ikke i en af kommunerne i {plan}. Vælg kun boligområder "
                    "i planens kommuner, eller tilføj kommunen til planen først.",
                )
        return cleaned_data


@admin.register(Afsnit)
class AfsnitAdmin(PlanContentAdmin):
    form = AfsnitForm
    list_display = ["nummer", "titel", "art", "plan", "raekkefoelge"]
    list_display_links = ["nummer", "titel"]
    list_filter = ["plan", "art"]
    list_select_related = ["plan"]
    search_fields = ["nummer", "titel", "tekst"]
    filter_horizontal = ["boligomraader"]

    class Media:
        js = ["js/filter_horizontal.js"]

    inlines = [MaalInline, IndsatsInline]


@admin.register(SSPAfsnit, NationaltFokusomraade, LokaltFokusomraade, SUBAfsnit)
class ArtAfsnitAdmin(AfsnitAdmin):
    """One admin page per kind of section; the kind is set by the page."""

    list_filter = ["plan"]
    exclude = ["art"]


@admin.register(Underskriver)
class UnderskriverAdmin(PlanContentAdmin):
    list_display = ["navn", "titel", "plan", "raekkefoelge"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    search_fields = ["navn", "titel"]


@admin.register(Eksport)
class EksportAdmin(admin.ModelAdmin):
    """Every stored snapshot, to look up what was approved and its checksum."""

    list_display = ["plan", "oprettet", "oprettet_af", "sha256"]
    list_filter = ["plan"]
    list_select_related = ["plan", "oprettet_af"]
    search_fields = ["sha256", "plan__aar"]
    fields = ["plan", "oprettet", "oprettet_af", "sha256"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("indhold")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AutocompleteSelectMultiple, RelatedFieldWidgetWrapper
from django.db import models, transaction
from django.db.models.functions import Length
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse

from common.admin_base import (
    CheckboxKommunerMixin,
    ContentForm,
    ContentFormSet,
    InlineLockMixin,
    PlanContentAdmin,
)
from common.forgaenger import ForgaengerFormMixin
from indsatser.forms import INDSATS_FIELDS, IndsatsForm, MaalForm
from indsatser.models import Aktoer, Deltagelse, Indsats, Maal, Rolle
from kommuner.models import Boligomraade

from .copying import CopyError, copy_plan
from .export import filename, render_export
from .models import (
    Afsnit,
    Art,
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
    add_another = "en underskriver"


class AfsnitFormSet(ContentFormSet):
    """The plan's sections: a subsection's parent may be a row posted in the same save.

    The model's own check (`Afsnit.clean`) sees only saved sections, so 3.2
    and 3.2.1 added together were refused ("Planen har intet afsnit 3.2").
    Here the parent is looked for among the rows posted and the sections saved.
    """

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.parent_checked_by_formset = True
        return form

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if form not in self.deleted_forms and getattr(form, "cleaned_data", None)
        ]
        numbers = {form.cleaned_data.get("nummer") for form in kept}
        if self.instance.pk is not None:
            in_forms = {form.instance.pk for form in self.forms if form.instance.pk}
            numbers |= set(
                Afsnit.objects.filter(plan=self.instance)
                .exclude(pk__in=in_forms)
                .values_list("nummer", flat=True)
            )
        for form in kept:
            nummer = form.cleaned_data.get("nummer") or ""
            parent = nummer.rpartition(".")[0]
            if parent and parent not in numbers and form.has_changed():
                form.add_error(
                    "nummer",
                    f"Planen har intet afsnit {parent}, som afsnit {nummer} kan høre under. "
                    f"Tilføj afsnit {parent} (det kan ske i samme gem).",
                )


class AfsnitInline(InlineLockMixin, admin.TabularInline):
    """The plan's sections in plan order; number and order edited here, the rest per section."""

    model = Afsnit
    formset = AfsnitFormSet
    extra = 0
    fields = ["raekkefoelge", "nummer", "titel", "art"]
    ordering = ["raekkefoelge", "id"]
    show_change_link = True
    add_another = "et afsnit"
    # Narrow number fields and a title that fits: the table within 1300 px.
    formfield_overrides = {
        models.PositiveIntegerField: {"widget": forms.NumberInput(attrs={"class": "smal-tal"})},
    }

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name == "raekkefoelge":
            field.initial = None  # a new row's order comes from its number
        elif db_field.name == "titel":
            field.widget.attrs["size"] = 50
        return field


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


def warn_if_out_of_order(request, plan):
    """Say so when a section's order puts it after a higher number (a typed order)."""
    out_of_step = plan.order_out_of_step()
    if out_of_step:
        messages.warning(
            request,
            f"Afsnittenes rækkefølge følger ikke deres numre: {', '.join(out_of_step)}. "
            "Ret feltet »rækkefølge«, eller tøm det, så følger rækkefølgen nummeret.",
        )


class SamarbejdsplanForm(ContentForm):
    class Meta:
        model = Samarbejdsplan
        fields = ["aar", "titel", "raad", "politikreds", "kommuner"]
        help_texts = {
            "titel": "Uden året: det sættes på af sig selv (»Samarbejdsplan« vises som "
            "»Samarbejdsplan 2026«)."
        }

    def clean(self):
        cleaned_data = super().clean()
        titel, aar = cleaned_data.get("titel"), cleaned_data.get("aar")
        if titel and aar and titel.rstrip().endswith(str(aar)):
            # Typed with its year, the plan would be "Samarbejdsplan 2015 2015"
            # everywhere, and its copy "Samarbejdsplan 2015 2016".
            cleaned_data["titel"] = titel.rstrip()[: -len(str(aar))].rstrip(" -–") or titel
        return cleaned_data

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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        warn_if_out_of_order(request, form.instance)

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


class AktoerValg(AutocompleteSelectMultiple):
    """The searchable actor list; a forged value that is no number is left out of
    the list it shows (the field itself refuses it in words), not a 500."""

    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if str(v).isdigit()], attr)


ROLLE_FELTER = {Rolle.ANSVARLIG: "ansvarlige", Rolle.INVOLVERET: "involverede"}


class IndsatsMedAktoererForm(IndsatsForm):
    """An initiative row on its section's page, with its actors (a nested inline Django lacks).

    Saving applies only what the editor changed in each list, against what the
    form showed: an actor someone else added meanwhile is kept.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for rolle, name in ROLLE_FELTER.items():
            shown = []
            if self.instance.pk is not None:
                shown = [d.aktoer_id for d in self.instance.deltagelser.all() if d.rolle == rolle]
            self.initial.setdefault(name, shown)
            # What the page first showed, in a field of its own: a page sent
            # back with errors repeats it unchanged. (Django's hidden initial
            # value would repeat what the editor chose, and the second save
            # would then see no change and drop the chosen actors.)
            self.initial.setdefault(f"{name}_vist", ",".join(map(str, sorted(shown))))

    def clean(self):
        cleaned_data = super().clean()
        both = set(cleaned_data.get("ansvarlige") or []) & set(
            cleaned_data.get("involverede") or []
        )
        if both:
            names = ", ".join(sorted(str(a) for a in both))
            self.add_error("involverede", f"En aktør er enten ansvarlig eller involveret: {names}.")
        return cleaned_data

    def _save_m2m(self):
        super()._save_m2m()
        indsats = self.instance
        for rolle, name in ROLLE_FELTER.items():
            # What the editor's page showed, not what is saved now: only the
            # editor's own changes are applied.
            shown = (self.cleaned_data.get(f"{name}_vist") or "").split(",")
            before = {int(pk) for pk in shown if pk.strip().isdigit()}
            after = {aktoer.pk for aktoer in self.cleaned_data[name]}
            if before == after:
                continue
            for deltagelse in Deltagelse.objects.filter(
                indsats=indsats, rolle=rolle, aktoer_id__in=before - after
            ):
                deltagelse.delete()
            for aktoer_id in after - before:
                deltagelse = Deltagelse.objects.filter(indsats=indsats, aktoer_id=aktoer_id).first()
                deltagelse = deltagelse or Deltagelse(indsats=indsats, aktoer_id=aktoer_id)
                if deltagelse.pk is None or deltagelse.rolle != rolle:
                    deltagelse.rolle = rolle
                    deltagelse.save()


class IndsatsInline(
    PlanKommunerInlineMixin, CheckboxKommunerMixin, InlineLockMixin, admin.StackedInline
):
    form = IndsatsForm
    model = Indsats
    extra = 0
    fields = INDSATS_FIELDS
    show_change_link = True
    add_another = "en indsats"
    prepopulated_fields = {"slug": ["titel"]}

    def may_edit_actors(self, request):
        return all(
            request.user.has_perm(f"indsatser.{action}_deltagelse")
            for action in ("add", "change", "delete")
        )

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("deltagelser")

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        # Only where the rows can be edited (a locked plan shows its actors on
        # each initiative's own page).
        if self.may_edit_actors(request) and self.has_change_permission(request, obj):
            at = fields.index("kendt_version") if "kendt_version" in fields else len(fields)
            fields[at:at] = ["ansvarlige", "involverede", "ansvarlige_vist", "involverede_vist"]
        return fields

    def get_formset(self, request, obj=None, **kwargs):
        if self.may_edit_actors(request) and self.has_change_permission(request, obj):
            kwargs["form"] = self.form_with_actors(request)
        return super().get_formset(request, obj, **kwargs)

    def form_with_actors(self, request):
        """The row form with two actor lists, searchable, each with "+" for a new actor."""
        field = Indsats._meta.get_field("aktoerer")

        def choice(label, help_text):
            widget = RelatedFieldWidgetWrapper(
                AktoerValg(field, self.admin_site),
                field.remote_field,
                self.admin_site,
                can_add_related=request.user.has_perm("indsatser.add_aktoer"),
                can_change_related=False,
                can_delete_related=False,
                can_view_related=False,
            )
            return forms.ModelMultipleChoiceField(
                Aktoer.objects.all(),
                required=False,
                label=label,
                help_text=help_text,
                widget=widget,
            )

        return type(
            "IndsatsRaekkeForm",
            (IndsatsMedAktoererForm,),
            {
                "ansvarlige": choice(
                    "Ansvarlige aktører", "Søg på navn eller forkortelse; »+« opretter en ny."
                ),
                "involverede": choice("Involverede aktører", "Andre aktører, der deltager."),
                "ansvarlige_vist": forms.CharField(required=False, widget=forms.HiddenInput),
                "involverede_vist": forms.CharField(required=False, widget=forms.HiddenInput),
            },
        )


class MaalInline(
    PlanKommunerInlineMixin, CheckboxKommunerMixin, InlineLockMixin, admin.TabularInline
):
    form = MaalForm
    model = Maal
    extra = 0
    add_another = "et mål"
    fields = ["raekkefoelge", "tekst", "alle_kommuner", "kommuner", "kendt_version"]
    # A goal is a line or two, not a page.
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 60})}
    }


class AfsnitForm(ForgaengerFormMixin, ContentForm):
    """A section; the housing areas it may designate are those of its plan's municipalities,
    its predecessor one of the previous plan's sections (of its kind, on a kind's page)."""

    class Meta:
        model = Afsnit
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "forgaenger" in self.fields:
            self.limit_forgaenger(self.chosen_plan())
        areas = self.fields.get("boligomraader")
        if areas is not None:
            plan = self.instance.plan if self.instance.plan_id else None
            in_plan = (
                Boligomraade.objects.filter(kommune__planer=plan)
                if plan is not None
                else Boligomraade.objects.filter(kommune__planer__in=open_plans())
            )
            # Areas designated before stay listed, so a save never drops them unseen.
            chosen = self.instance.boligomraader.all() if self.instance.pk else []
            areas.queryset = Boligomraade.objects.filter(
                models.Q(pk__in=in_plan.values("pk")) | models.Q(pk__in=[b.pk for b in chosen])
            ).select_related("kommune")

    def clean(self):
        cleaned_data = super().clean()
        plan = cleaned_data.get("plan") or (self.instance.plan if self.instance.plan_id else None)
        areas = cleaned_data.get("boligomraader")
        if plan is not None and areas and "boligomraader" in self.changed_data:
            parties = set(plan.kommuner.values_list("pk", flat=True))
            outside = [str(b) for b in areas if b.kommune_id not in parties]
            if outside:
                self.add_error(
                    "boligomraader",
                    f"{', '.join(outside)} ligger i en kommune, som ikke er part i {plan}. "
                    "Vælg boligområder i planens kommuner, eller tilføj kommunen til planen.",
                )
        return cleaned_data

    def chosen_plan(self):
        """The section's plan, or the one posted or preset for a new section."""
        if self.instance.plan_id:
            return self.instance.plan
        chosen = self.data.get(self.add_prefix("plan")) or self.initial.get("plan")
        try:
            return Samarbejdsplan.objects.filter(pk=chosen).first() if chosen else None
        except (TypeError, ValueError):  # not a number: the plan field says so
            return None


def open_plans():
    return Samarbejdsplan.objects.exclude(status=Status.OFFENTLIGGJORT)


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

    def designates_areas(self, obj):
        """Only a SUB section designates housing areas: elsewhere the picker is noise."""
        return obj is not None and obj.art == Art.SUB

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if not self.designates_areas(obj) and "boligomraader" in fields:
            fields.remove("boligomraader")
        return fields

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        warn_if_out_of_order(request, obj.plan)

    def response_post_save_add(self, request, obj):
        return self.back_to_plan(request, obj) or super().response_post_save_add(request, obj)

    def response_post_save_change(self, request, obj):
        return self.back_to_plan(request, obj) or super().response_post_save_change(request, obj)

    def back_to_plan(self, request, obj):
        """After saving a section, its plan's page, where its sections are listed.

        Unless the editor came from a (filtered) list of sections: then back there.
        """
        if "_changelist_filters" in request.GET:
            return None
        if not self.admin_site.get_model_admin(Samarbejdsplan).has_view_or_change_permission(
            request, obj.plan
        ):
            return None
        url = reverse("admin:samarbejdsplan_samarbejdsplan_change", args=[obj.plan_id])
        return HttpResponseRedirect(url + "#afsnit-group")


@admin.register(SSPAfsnit, NationaltFokusomraade, LokaltFokusomraade, SUBAfsnit)
class ArtAfsnitAdmin(AfsnitAdmin):
    """One admin page per kind of section; the kind is set by the page."""

    list_filter = ["plan"]
    exclude = ["art"]

    def designates_areas(self, obj):
        return self.model is SUBAfsnit


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

"""The secretariat enters status updates here, also on a published (locked) plan.

The write rule is the model's permissions (Sekretariat adds and edits,
Kredsråd views) and the version check; the plan's lock does not apply
(`Statusopdatering.locked_by_published_plan`). A municipality the initiative
does not concern is a form error (`Statusopdatering.clean`).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path

from common.admin_base import HistoryAdmin
from indsatser.models import Indsats
from kommuner.models import Kommune

from .forms import IndlaesForm, StatusopdateringForm
from .models import Statusopdatering, Statusrapport
from .skema import apply, decode, read


@admin.register(Statusopdatering)
class StatusopdateringAdmin(HistoryAdmin):
    form = StatusopdateringForm
    list_display = ["dato", "indsats", "vis_kommune", "status", "offentlig", "forfatter"]
    list_display_links = ["dato", "indsats"]
    list_filter = [
        ("indsats__plan__aar", admin.AllValuesFieldListFilter),
        "status",
        ("kommune", admin.RelatedOnlyFieldListFilter),
        "offentlig",
    ]
    list_select_related = ["indsats__plan", "kommune", "forfatter"]
    search_fields = ["indsats__titel", "tekst"]
    date_hierarchy = "dato"
    fields = ["indsats", "kommune", "dato", "status", "tekst", "offentlig", "kendt_version"]

    class Media:
        css = {"all": ["css/admin.css"]}

    @admin.display(description="kommune", ordering="kommune__navn")
    def vis_kommune(self, obj):
        return obj.kommune.navn if obj.kommune_id else "Alle kommuner"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "indsats":
            kwargs["queryset"] = Indsats.objects.select_related("plan", "afsnit").order_by(
                "-plan__aar", "afsnit__raekkefoelge", "raekkefoelge", "id"
            )
        if db_field.name == "kommune":
            # The municipalities of some plan, not all of Denmark's 98.
            kwargs["queryset"] = Kommune.objects.filter(planer__isnull=False).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.forfatter = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_view)
        own = [path("indlaes/", view, name="opfoelgning_statusopdatering_import")]
        return own + super().get_urls()

    def import_view(self, request):
        """Upload a status sheet: first a preview of what will be added and of every
        bad row; only a file without bad rows can be imported, all of it at once."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = IndlaesForm(request.POST or None, request.FILES or None)
        context = {
            **self.admin_site.each_context(request),
            "title": "Indlæs statusskema",
            "opts": self.model._meta,
            "form": form,
        }
        if request.method == "POST" and form.is_valid():
            plan, data = form.cleaned_data["plan"], form.data_bytes()
            result = read(plan, data)
            if "bekraeft" in request.POST and result.ok:
                added = apply(result, request.user)
                messages.success(
                    request,
                    f"Indlæst {added} statusopdatering{'er' if added != 1 else ''} i {plan}; "
                    f"{result.uaendrede} uændrede rækker sprunget over.",
                )
                return redirect("admin:opfoelgning_statusopdatering_changelist")
            context.update(resultat=result, plan=plan, indhold=decode(data))
        return TemplateResponse(request, "admin/opfoelgning/indlaes.html", context)

    def get_actions(self, request):
        # As everywhere in the portal: deleting is one object at a time, with its version.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(Statusrapport)
class StatusrapportAdmin(admin.ModelAdmin):
    """Made by `manage.py statusrapport --moede`; read here, deleted when made by mistake."""

    list_display = ["moede", "plan", "oprettet"]
    list_filter = [("plan__aar", admin.AllValuesFieldListFilter)]
    readonly_fields = ["plan", "moede", "oprettet"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

"""The import page in the plan admin: a page of its own beside the plans' list.

This app builds on samarbejdsplan and nothing there imports it, so the plan
admin is extended here (registered again with the import page and the
buttons leading to it) rather than the import being wired into samarbejdsplan.
"""

from django.contrib import admin
from django.urls import path

from samarbejdsplan.admin import SamarbejdsplanAdmin
from samarbejdsplan.models import Samarbejdsplan, Status

from . import views


class SamarbejdsplanMedImportAdmin(SamarbejdsplanAdmin):
    change_list_template = "admin/importering/samarbejdsplan_change_list.html"
    change_form_template = "admin/importering/samarbejdsplan_change_form.html"

    def get_urls(self):
        # Before the plan's own addresses, whose "<id>/" would otherwise take it.
        return [
            path(
                "importer/",
                self.admin_site.admin_view(self.import_view),
                name="samarbejdsplan_samarbejdsplan_importer",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        return views.import_plan(self, request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "maa_importere": views.may_import(request.user)}
        return super().changelist_view(request, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The button "Importér tekst" on a draft's page, for those who may import.
        context["importer_i_kladde"] = (
            obj is not None and obj.status == Status.KLADDE and views.may_import(request.user)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)


admin.site.unregister(Samarbejdsplan)
admin.site.register(Samarbejdsplan, SamarbejdsplanMedImportAdmin)

from django.contrib import admin

from common.admin_base import InlineLockMixin, PlanContentAdmin

from .models import Boligomraade, Kommune


class BoligomraadeInline(InlineLockMixin, admin.TabularInline):
    model = Boligomraade
    extra = 0
    fields = ["navn", "slug"]
    add_another = "et boligområde"


@admin.register(Kommune)
class KommuneAdmin(PlanContentAdmin):
    list_display = ["navn", "kommunekode", "slug"]
    search_fields = ["navn", "kommunekode"]
    prepopulated_fields = {"slug": ["navn"]}
    inlines = [BoligomraadeInline]


@admin.register(Boligomraade)
class BoligomraadeAdmin(PlanContentAdmin):
    list_display = ["navn", "kommune"]
    list_filter = [("kommune", admin.RelatedOnlyFieldListFilter)]  # not all 98
    list_select_related = ["kommune"]
    search_fields = ["navn", "kommune__navn"]
    autocomplete_fields = ["kommune"]

"""What every admin page of plan content shares: the lock of published plans,
the history, and Danish titles for the history pages."""

from django import forms
from django.contrib import messages
from django.db import transaction
from django.utils.encoding import force_str
from simple_history.admin import SimpleHistoryAdmin

from .models import Status


def is_locked(obj):
    """True when `obj` belongs to a published plan (read-only until reopened)."""
    return obj is not None and obj.pk is not None and obj.owning_plan.er_laast


class PlanLockMixin:
    """Content of a published plan is read-only; reopening the plan unlocks it.

    The admin then shows the object without save buttons (view permission),
    and only draft or reopened plans are offered where new content is placed.
    """

    # Where new content goes, by the name of the foreign key.
    UNLOCKED_TARGETS = {
        "plan": lambda model: model.objects.exclude(status=Status.OFFENTLIGGJORT),
        "afsnit": lambda model: model.objects.exclude(plan__status=Status.OFFENTLIGGJORT),
        "indsats": lambda model: model.objects.exclude(plan__status=Status.OFFENTLIGGJORT),
    }

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_locked(obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        unlocked = self.UNLOCKED_TARGETS.get(db_field.name)
        if unlocked is not None and "queryset" not in kwargs:
            kwargs["queryset"] = unlocked(db_field.related_model)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, object_id) if request.method == "GET" else None
        if is_locked(obj):
            plan = obj.owning_plan
            messages.info(
                request,
                f"{plan} er offentliggjort og derfor låst. Vælg »Genåbn valgte planer for "
                "rettelse« i listen over samarbejdsplaner for at rette i den.",
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def get_actions(self, request):
        # "Delete selected" deletes without asking each object, so it would
        # reach past the lock; objects are deleted one at a time instead.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class InlineLockMixin(PlanLockMixin):
    """For inlines, `obj` is the parent: a published parent takes no new rows."""

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not is_locked(obj)


class HistoryAdmin(SimpleHistoryAdmin):
    """An admin with the object's history (who, when, what) and restore, in Danish."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # A restore is a save: all of it or nothing, like the admin's own change view.
        with transaction.atomic():
            return super().history_form_view(request, object_id, version_id, extra_context)

    def history_form_view_title(self, request, obj):
        verb = "Vis" if self.revert_disabled(request, obj) else "Gendan"
        return f"{verb} {force_str(obj)}"

    def history_view_title(self, request, obj):
        return f"Historik: {force_str(obj)}"


class CheckboxKommunerMixin:
    """Municipalities as one checkbox each, not a bare multi-select."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "kommuner":
            kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class PlanContentAdmin(PlanLockMixin, HistoryAdmin):
    """The admin of plan content: history, and locked with its plan."""

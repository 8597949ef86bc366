"""What every admin page of the portal's content shares.

One rule for every write path: a write needs the model's add, change or delete
permission and an object that is not locked (`locking.content_lock`: for the
portal, anything a published plan shows) — whether it arrives by the change
form, an inline row, the delete page or a restore from the history. Every form
checks the version the editor started from (`versioning`).
"""

import json

from django import forms
from django.contrib import messages
from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.forms.models import BaseInlineFormSet, InlineForeignKeyField
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.html import mark_safe
from simple_history.admin import SimpleHistoryAdmin

from .locking import content_lock
from .text import linjeskift
from .versioning import MISSING_VERSION, VersionForm, conflict_message


class ContentForm(VersionForm):
    """The base of every admin form and inline row: version check and lock.

    The admin hides the save buttons of a locked object, but a hidden button is
    no check: a posted change of an object a published plan shows is refused here.

    Every posted text gets "\n" line endings before any field reads it (the
    browser's textareas send "\r\n"): so a text left as it was is unchanged
    for `has_changed`, the version history and the comparison of plans alike.
    """

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data and with_unix_line_endings(data), *args, **kwargs)

    def clean(self):
        locked = content_lock().why_locked(self.instance)
        if locked and self.has_changed():
            raise forms.ValidationError(locked, code="locked")
        return super().clean()

    def _update_errors(self, errors):
        # A model's `clean` may name a field this form does not hold (an inline
        # row without the predecessor); Django would fail with ValueError. The
        # message is then said for the row as a whole.
        error_dict = getattr(errors, "error_dict", None)
        if error_dict and any(f != NON_FIELD_ERRORS and f not in self.fields for f in error_dict):
            errors = ValidationError(
                {
                    (f if f == NON_FIELD_ERRORS or f in self.fields else NON_FIELD_ERRORS): e
                    for f, e in error_dict.items()
                }
            )
        super()._update_errors(errors)

    def _post_clean(self):
        super()._post_clean()
        # Django leaves an inline row's parent out of constraint checks, so a
        # row duplicating one saved meanwhile (the same actor on an initiative,
        # the same section number in a plan) would reach the database and fail
        # there. Check the constraints with the parent included.
        parents = {n for n, f in self.fields.items() if isinstance(f, InlineForeignKeyField)}
        if parents and self.has_changed() and not self.errors:
            try:
                self.instance.validate_constraints(
                    exclude=self._get_validation_exclusions() - parents
                )
            except ValidationError as error:
                self._update_errors(error)


def with_unix_line_endings(data):
    """Posted `data` (a QueryDict or a dict), its texts with "\n" line endings."""
    if not hasattr(data, "lists"):
        return {key: linjeskift(value) for key, value in data.items()}
    if not any("\r" in value for _, values in data.lists() for value in values):
        return data  # the common case: nothing to copy
    copy = data.copy()
    for key, values in data.lists():
        copy.setlist(key, [linjeskift(value) for value in values])
    return copy


class ContentFormSet(BaseInlineFormSet):
    """Inline rows: the lock, the version and the plan's structure hold for deleted rows too.

    Django does not validate a row marked for deletion, so a stale page could
    delete a row someone changed meanwhile, or a row a published plan shows.
    """

    def __init__(self, data=None, *args, **kwargs):
        # Once for all rows (each row's ContentForm would otherwise copy the POST).
        super().__init__(data and with_unix_line_endings(data), *args, **kwargs)

    def clean(self):
        super().clean()
        pk = self.model._meta.pk.name
        if any(pk in form.errors for form in self.initial_forms):
            raise forms.ValidationError(
                f"En række under »{self.model._meta.verbose_name_plural}« er blevet slettet af "
                "en anden, mens du redigerede. Dine ændringer er ikke gemt. Kopiér dem, hvis du "
                "vil beholde dem, og genindlæs siden for at se den gemte udgave.",
                code="vanished",
            )
        deleted = [form.instance for form in self.deleted_forms]
        for form in self.deleted_forms:
            obj = form.instance
            locked = content_lock().why_locked(obj)
            if locked:
                raise forms.ValidationError(locked, code="locked")
            started_from = form.cleaned_data.get("kendt_version")
            current = type(obj)._base_manager.filter(pk=obj.pk).first()
            if started_from is None:
                raise forms.ValidationError(MISSING_VERSION, code="missing_version")
            if current is not None and current.version != started_from:
                raise forms.ValidationError(conflict_message(current, started_from))
            blockers = getattr(obj, "deletion_blockers", None)
            reasons = blockers(also_deleted=deleted) if blockers else []
            if reasons:
                raise forms.ValidationError(" ".join(reasons), code="blocked")


class OpenChoiceField(forms.ModelChoiceField):
    """A foreign key where new content goes (a plan, a section): open plans' objects only.

    Each choice says which plan it belongs to ("2021 · 3.1.2 Indbrud"), and
    choosing one of a published, locked plan (a stale page, a crafted POST) is
    refused with the reason, not with Django's "Marker en gyldig valgmulighed".
    """

    def label_from_instance(self, obj):
        return content_lock().choice_label(obj)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError as error:
            if error.code != "invalid_choice":
                raise
            try:
                obj = self.queryset.model._base_manager.filter(pk=value).first()
            except (TypeError, ValueError):
                raise error from None
            why = content_lock().why_not_open(obj) if obj is not None else None
            if why:
                raise ValidationError(why, code="locked") from None
            raise


class LockMixin:
    """Locked objects (those a published plan shows) are read-only; reopening unlocks them.

    The admin then shows the object without save buttons (view permission),
    and only open targets (draft or reopened plans) are offered where new
    content is placed.
    """

    form = ContentForm

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not content_lock().why_locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not content_lock().why_locked(obj)

    def get_fields(self, request, obj=None):
        # Every form sends back the version it started from, wherever it is edited.
        fields = list(super().get_fields(request, obj))
        if "kendt_version" in self.form.declared_fields and "kendt_version" not in fields:
            fields.append("kendt_version")
        return fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            open_choices = content_lock().open_choices(db_field.name, db_field.related_model)
            if open_choices is not None:
                kwargs["queryset"] = open_choices
                kwargs.setdefault("form_class", OpenChoiceField)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_search_results(self, request, queryset, search_term):
        # The autocomplete of a field where new content goes offers what the
        # form accepts: only objects of plans that are not locked.
        queryset, distinct = super().get_search_results(request, queryset, search_term)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.url_name == "autocomplete":
            field_name = request.GET.get("field_name")
            open_choices = content_lock().open_choices(field_name, self.model)
            if open_choices is not None:
                queryset = queryset.filter(pk__in=open_choices.values("pk"))
        return queryset, distinct

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            self.say_if_locked(request, self.get_object(request, unquote(object_id)))
        return super().change_view(request, object_id, form_url, extra_context)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            # Two saves at the same moment that the form checks could not tell
            # apart (the same actor added twice): the second is refused whole.
            messages.error(
                request,
                "Ændringen blev ikke gemt, fordi en anden gemte det samme samtidig (fx den "
                "samme aktør eller det samme afsnitsnummer). Se den gemte udgave herunder, "
                "og ret igen, hvis det er nødvendigt.",
            )
            return HttpResponseRedirect(request.get_full_path())

    def get_deleted_objects(self, objs, request):
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        objs = list(objs)
        for obj in objs:
            blockers = getattr(obj, "deletion_blockers", None)
            protected = [*protected, *(blockers(also_deleted=objs) if blockers else [])]
        return deleted, counts, perms_needed, protected

    def say_if_locked(self, request, obj):
        locked = content_lock().why_locked(obj)
        if locked:
            messages.info(request, locked)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        content_lock().forget(obj)

    def get_actions(self, request):
        # "Delete selected" deletes without asking each object, so it would
        # reach past the lock; objects are deleted one at a time instead.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


# At most this many rows of one kind in one save. Django's own ceiling (2,000
# forms, whatever TOTAL_FORMS claims) let one forged POST hold a worker past
# gunicorn's timeout; a plan's largest section holds a few dozen rows. A POST
# claiming more is refused before any form is built (web/bad_requests.py).
MAX_ROWS = 200


class InlineLockMixin(LockMixin):
    """For inlines, `obj` is the parent: a locked parent takes no new or changed rows."""

    formset = ContentFormSet
    # The row's name with its Danish article, for the "add another" link:
    # Django's "Tilføj endnu en %(verbose_name)s" gives "Tilføj endnu en Afsnit".
    add_another = None
    max_rows = MAX_ROWS

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not content_lock().why_locked(obj)

    def get_formset(self, request, obj=None, **kwargs):
        kwargs.setdefault("max_num", self.max_rows)
        kwargs.setdefault("absolute_max", self.max_rows)
        return super().get_formset(request, obj, **kwargs)


class HistoryAdmin(SimpleHistoryAdmin):
    """An admin with the object's history (who, when, what) and restore, in Danish.

    django-simple-history's own history form saves a POST for anyone who may
    view the object, writing every field of the old version (publication state
    included) past the lock. Here a restore is a change like any other: the
    form of the old version is shown, and posting it goes through the change
    form's permission, lock, validation and version checks, onto the current
    object, so fields the form does not hold (a plan's publication state) stay
    as they are.
    """

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        # django-simple-history marks only the concrete model; the per-kind
        # proxies (SSPAfsnit, …) share its history and need the same mark.
        concrete = model._meta.concrete_model._meta
        if not hasattr(model._meta, "simple_history_manager_attribute"):
            model._meta.simple_history_manager_attribute = concrete.simple_history_manager_attribute

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.current_app = self.admin_site.name
        current = self.get_object(request, unquote(object_id))
        if current is None:
            raise Http404("Objektet findes ikke.")
        if not self.has_view_or_change_permission(request, current):
            raise PermissionDenied
        try:
            record = self.model.history.get(
                **{self.model._meta.pk.attname: current.pk}, history_id=int(version_id)
            )
        except (ValueError, self.model.history.model.DoesNotExist):
            raise Http404("Objektet har ingen udgave med det nummer.") from None
        may_restore = self.has_change_permission(request, current)
        if request.method == "POST":
            if not may_restore:
                raise PermissionDenied
            with transaction.atomic():  # all of it or nothing, like the change view
                return self.restore(request, current, record, extra_context)
        if request.method == "GET":
            self.say_if_locked(request, current)
        shown = record.instance
        shown._state.adding = False
        form = self.get_form(request, current, change=True)(
            instance=shown, initial={"kendt_version": current.version, **m2m_of(record)}
        )
        return self.render_history_form(request, current, form, may_restore, extra_context)

    def restore(self, request, current, record, extra_context):
        form = self.get_form(request, current, change=True)(
            request.POST, request.FILES, instance=current
        )
        if not form.is_valid():
            return self.render_history_form(request, current, form, True, extra_context)
        obj = self.save_form(request, form, change=True)
        when = timezone.localtime(record.history_date)
        obj._change_reason = f"Gendannet fra udgaven {when:%d.%m.%Y kl. %H:%M}"
        self.save_model(request, obj, form, change=True)
        self.save_related(request, form, formsets=[], change=True)
        self.log_change(request, obj, self.construct_change_message(request, form, []))
        return self.response_change(request, obj)

    def render_history_form(self, request, current, form, may_restore, extra_context):
        opts = self.model._meta
        fieldsets = self.get_fieldsets(request, current)
        readonly = (
            self.get_readonly_fields(request, current)
            if may_restore
            else flatten_fieldsets(fieldsets)
        )
        admin_form = helpers.AdminForm(
            form, fieldsets, self.get_prepopulated_fields(request, current) if may_restore else {},
            readonly, model_admin=self,
        )  # fmt: skip
        url = f"{self.admin_site.name}:{opts.app_label}_{opts.model_name}"
        context = {
            **self.admin_site.each_context(request),
            "title": self.history_form_view_title(request, current, may_restore),
            "adminform": admin_form,
            "object_id": current.pk,
            "original": current,
            "is_popup": False,
            "media": mark_safe(self.media + admin_form.media),
            "errors": helpers.AdminErrorList(form, []),
            "app_label": opts.app_label,
            "original_opts": opts,
            "changelist_url": reverse(f"{url}_changelist"),
            "change_url": reverse(f"{url}_change", args=[current.pk]),
            "history_url": reverse(f"{url}_history", args=[current.pk]),
            "change_history": False,
            "revert_disabled": not may_restore,
            "add": False,
            "change": True,
            "has_add_permission": False,
            "has_view_permission": True,
            "has_change_permission": may_restore,
            "has_delete_permission": False,
            "has_file_field": False,
            "has_absolute_url": False,
            "form_url": "",
            "opts": opts,
            "save_as": False,
            "save_on_top": False,
            **(extra_context or {}),
        }
        return self.render_history_view(request, self.object_history_form_template, context)

    def say_if_locked(self, request, obj):
        """Nothing locks an object without LockMixin (a status update follows a published plan)."""

    def revert_disabled(self, request, obj=None):
        return not self.has_change_permission(request, obj)

    def history_form_view_title(self, request, obj, may_restore=False):
        return f"{'Gendan' if may_restore else 'Vis'} {force_str(obj)}"

    def history_view_title(self, request, obj):
        return f"Historik: {force_str(obj)}"


def m2m_of(record):
    """The many-to-many values (municipalities, areas) of a historical version, by field."""
    values = {}
    for field in getattr(record, "_history_m2m_fields", []):
        reverse = field.m2m_reverse_field_name()
        values[field.name] = list(getattr(record, field.name).values_list(reverse, flat=True))
    return values


class CheckboxKommunerMixin:
    """Municipalities as one checkbox each, not a bare multi-select."""

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "kommuner":
            kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class DanishInlineAdminFormSet(helpers.InlineAdminFormSet):
    """An inline whose "add another" link names the row with its own article."""

    def inline_formset_data(self):
        data = json.loads(super().inline_formset_data())
        add_another = getattr(self.opts, "add_another", None)
        if add_another:
            data["options"]["addText"] = f"Tilføj endnu {add_another}"
        return json.dumps(data)


class PlanContentAdmin(LockMixin, HistoryAdmin):
    """The admin of anything a plan shows: history, and locked while a published plan shows it."""

    class Media:
        # Slug proposals by the server's rule (æ→ae, ø→oe, å→aa), loaded after
        # Django's urlify.js, which it replaces; and the admin's own styles.
        # urlify.js named too, so that merging the media keeps this one after it.
        js = ["admin/js/urlify.js", "js/slug_da.js"]
        css = {"all": ["css/admin.css"]}

    def get_inline_formsets(self, request, formsets, inline_instances, obj=None):
        inline_admin_formsets = super().get_inline_formsets(
            request, formsets, inline_instances, obj
        )
        for inline_admin_formset in inline_admin_formsets:
            inline_admin_formset.__class__ = DanishInlineAdminFormSet
        return inline_admin_formsets

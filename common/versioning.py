"""Optimistic concurrency: an editor's save must not silently overwrite another's.

Every versioned object carries a number that each save raises. Every admin
form and inline row sends back the number the editor started from
(`kendt_version`); a form for an existing object without it is refused. If the
object has moved on in the meantime:

- a form the editor changed is refused with a Danish message that says who
  changed what, keeps the editor's input, and takes the new number, so a
  second save is a deliberate overwrite;
- an inline row the editor left as it was (its values are those of the version
  they started from) is simply not saved, so saving a plan's page to change
  its council does not put back a section title someone else changed meanwhile.
"""

from django import forms
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone

MISSING_VERSION = (
    "Formularen mangler oplysning om, hvilken udgave du tog udgangspunkt i, så den kan ikke "
    "gemmes uden risiko for at overskrive en andens ændringer. Genindlæs siden og prøv igen."
)


class Versioneret(models.Model):
    version = models.PositiveIntegerField("version", default=1, editable=False)

    # Danish messages for unique fields, by field name, "%(value)s" the value
    # taken: Django's own reads "Kommune med dette Slug eksisterer allerede."
    unique_messages = {}

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            self.version = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values_list("version", flat=True)
                .first()
                or self.version
            ) + 1
        super().save(*args, **kwargs)

    def unique_error_message(self, model_class, unique_check):
        error = super().unique_error_message(model_class, unique_check)
        message = self.unique_messages.get(unique_check[0]) if len(unique_check) == 1 else None
        if message is None:
            return error
        value = getattr(self, model_class._meta.get_field(unique_check[0]).attname)
        return type(error)(message, code="unique", params={**error.params, "value": value})


class VersionForm(forms.ModelForm):
    """Mix into every admin ModelForm of a `Versioneret` model (also in inlines)."""

    # Not named `version`: a model form may not name the model's non-editable field.
    kendt_version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        error_messages={"invalid": MISSING_VERSION},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.untouched = False
        if self.instance.pk is not None and "kendt_version" not in self.initial:
            self.fields["kendt_version"].initial = self.instance.version

    def has_changed(self):
        # An inline row left as it was, on an object changed meanwhile: not saved.
        return not self.untouched and super().has_changed()

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk is None:
            return cleaned_data
        started_from = cleaned_data.get("kendt_version")
        if started_from is None:
            if "kendt_version" in self.errors:
                # A hidden field's error is not shown beside it: say it for the form.
                self.errors.pop("kendt_version")
            raise forms.ValidationError(MISSING_VERSION, code="missing_version")
        # Lock the row until the admin's transaction ends, so that two saves at
        # the same moment cannot both pass this check (SQLite's IMMEDIATE
        # transactions serialise writers the same way).
        model = type(self.instance)._base_manager
        current = model.select_for_update().filter(pk=self.instance.pk).first()
        if current is None or current.version == started_from:
            return cleaned_data
        if self.prefix is not None and self.left_as_it_was(current, started_from):
            self.untouched = True
            return cleaned_data
        self.data = self.data.copy()
        self.data[self.add_prefix("kendt_version")] = current.version
        raise forms.ValidationError(conflict_message(current, started_from), code="conflict")

    def left_as_it_was(self, current, started_from):
        """True when every value posted is that of the version the editor started from."""
        history = getattr(current, "history", None)
        then = history.filter(version=started_from).first() if history is not None else None
        if then is None:
            return False
        opts = type(current)._meta
        for name in self.fields:
            if name in ("kendt_version", opts.pk.name):
                continue
            if name not in self.cleaned_data:
                return False
            posted = self.cleaned_data[name]
            try:
                field = opts.get_field(name)
            except FieldDoesNotExist:  # the formset's own fields, e.g. DELETE
                if posted:
                    return False
                continue
            if field.many_to_many:
                rows = getattr(then, name, None)
                if rows is None:
                    return False
                reverse = field.m2m_reverse_field_name()
                old = set(rows.values_list(reverse, flat=True))
                if old != {obj.pk for obj in posted}:
                    return False
            elif field.is_relation:
                if getattr(then, field.attname) != getattr(posted, "pk", None):
                    return False
            elif getattr(then, name) != posted:
                return False
        return True


def conflict_message(current, started_from):
    """Who changed the object since version `started_from`, when, and which fields."""
    history = getattr(current, "history", None)
    then = history.filter(version=started_from).first() if history is not None else None
    latest = history.first() if history is not None else None
    who = str(latest.history_user) if latest is not None and latest.history_user else "en anden"
    when = timezone.localtime(latest.history_date) if latest is not None else None
    changed = []
    if then is not None and latest is not None:
        delta = latest.diff_against(then)
        changed = [
            str(type(current)._meta.get_field(name).verbose_name)
            for name in delta.changed_fields
            if name != "version"
        ]
    parts = [
        f"{type(current)._meta.verbose_name.capitalize()} »{current}« er blevet ændret af {who}"
        + (f" kl. {when:%H:%M} den {when:%d.%m.%Y}" if when else "")
        + ", mens du redigerede.",
    ]
    if changed:
        parts.append("Ændrede felter: " + ", ".join(changed) + ".")
    parts.append(
        "Dine ændringer er ikke gemt, men står stadig i formularen. Se den gemte udgave "
        "i historikken, og gem igen, hvis dine ændringer skal erstatte den."
    )
    return " ".join(parts)

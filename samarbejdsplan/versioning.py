"""Optimistic concurrency: an editor's save must not silently overwrite another's.

Every versioned object carries a number that each save raises. The admin form
sends back the number the editor started from; if the object has moved on in
the meantime, the form refuses with a Danish message that says who changed
what, keeps the editor's input, and takes the new number, so a second save is
a deliberate overwrite.
"""

from django import forms
from django.db import models
from django.utils import timezone


class Versioneret(models.Model):
    version = models.PositiveIntegerField("version", default=1, editable=False)

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


class VersionForm(forms.ModelForm):
    """Mix into an admin ModelForm of a `Versioneret` model (also in inlines)."""

    # Not named `version`: a model form may not name the model's non-editable field.
    kendt_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            # From the database, not the instance: restoring an old version from
            # the history builds the form on that old version's values.
            manager = type(self.instance)._base_manager
            self.fields["kendt_version"].initial = (
                manager.filter(pk=self.instance.pk).values_list("version", flat=True).first()
            )

    def clean(self):
        cleaned_data = super().clean()
        started_from = cleaned_data.get("kendt_version")
        if self.instance.pk is None or started_from is None:
            return cleaned_data
        # Lock the row until the admin's transaction ends, so that two saves at
        # the same moment cannot both pass this check (SQLite's IMMEDIATE
        # transactions serialise writers the same way).
        model = type(self.instance)._base_manager
        current = model.select_for_update().filter(pk=self.instance.pk).first()
        if current is None or current.version == started_from:
            return cleaned_data
        self.data = self.data.copy()
        self.data[self.add_prefix("kendt_version")] = current.version
        raise forms.ValidationError(conflict_message(current, started_from), code="conflict")


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
        f"{type(current)._meta.verbose_name.capitalize()} er blevet ændret af {who}"
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

"""An item's predecessor (`forgaenger`): the same kind of item in an earlier plan.

Sections, initiatives and goals carry it. copy_plan sets it; for a plan entered
by hand the secretariat picks it in the admin among the previous plan's items
of the same kind. The rule is checked twice: the form offers and accepts only
those, and the model refuses a predecessor that is not of an earlier plan,
whatever writes it (a restore from the history, a crafted POST).
"""

from django.core.exceptions import ValidationError
from django.db import models


def forgaenger_field(help_text):
    """The `forgaenger` field: the same model, kept empty when the predecessor is deleted."""
    return models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="efterfoelgere",
        verbose_name="forgænger",
        help_text=help_text,
    )


def check_forgaenger(obj):
    """Refuse a predecessor that is not of an earlier plan (model `clean`)."""
    forgaenger = obj.forgaenger if obj.forgaenger_id else None
    if forgaenger is None or obj.owning_plan is None:
        return
    if forgaenger.pk == obj.pk or forgaenger.owning_plan.aar >= obj.owning_plan.aar:
        raise ValidationError(
            {
                "forgaenger": f"Forgængeren skal være fra en tidligere plan end "
                f"{obj.owning_plan.aar}; »{forgaenger}« er fra {forgaenger.owning_plan.aar}."
            }
        )


class ForgaengerFormMixin:
    """Offers as predecessor only the same kind of item in the plan before the item's plan.

    `plan_lookup` is the way from the item to its plan ("plan", "afsnit__plan").
    A form calls `limit_forgaenger(plan)` once it knows the plan; without one
    (a new item whose plan is not chosen yet) nothing is offered.
    """

    plan_lookup = "plan"

    def limit_forgaenger(self, plan):
        field = self.fields.get("forgaenger")
        if field is None:
            return
        items = self._meta.model._default_manager
        earlier = None
        if plan is not None and plan.aar is not None:
            earlier = type(plan).objects.filter(aar__lt=plan.aar).order_by("-aar").first()
        choices = items.filter(**{self.plan_lookup: earlier}) if earlier else items.none()
        if self.instance.pk and self.instance.forgaenger_id:
            # Set before (by copy_plan, say): stays a choice, so a save keeps it.
            choices = choices | items.filter(pk=self.instance.forgaenger_id)
        if any(f.name == "afsnit" for f in self._meta.model._meta.fields):
            # An initiative or goal is found by its section's number: "3.1.2 · Bo Trygt".
            choices = choices.select_related("afsnit")
            field.label_from_instance = lambda item: f"{item.afsnit.nummer} · {item}"
        field.queryset = choices
        # A predecessor is picked, never made from here: no "+" or edit beside it.
        for button in ("can_add_related", "can_change_related", "can_delete_related"):
            if hasattr(field.widget, button):
                setattr(field.widget, button, False)
        field.error_messages["invalid_choice"] = (
            f"Vælg forgængeren blandt {self._meta.model._meta.verbose_name_plural} i "
            f"planen for {earlier.aar}."
            if earlier
            else "Planen har ingen tidligere plan, så der er ingen forgænger at vælge."
        )
        if earlier:
            field.help_text = (
                f"Det tilsvarende punkt i planen for {earlier.aar}, hvis det fortsætter. "
                "Kopierede punkter har det allerede; tomt betyder nyt i år."
            )

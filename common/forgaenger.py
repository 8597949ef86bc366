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


def plan_lookup(model):
    """The way from an item to its plan: its own `plan`, or its section's (initiatives, goals).

    An initiative's own `plan` follows its section only when it is saved, so
    its section's plan is the one to go by while it is being checked.
    """
    names = {f.name for f in model._meta.fields}
    return "afsnit__plan" if "afsnit" in names else "plan"


def same_kind(model, item):
    """What an item's predecessor must share with it: a section's kind (`art`)."""
    names = {f.name for f in model._meta.fields}
    return {"art": item.art} if "art" in names else {}


def check_forgaenger(obj):
    """Refuse a predecessor that is not of an earlier plan, not of the same kind (a
    section's `art`), or already continued by another item of the same plan (model `clean`).

    One item continued by two would count twice in the comparison of the plans
    (and the one it really continues as ended).
    """
    forgaenger = obj.forgaenger if obj.forgaenger_id else None
    if forgaenger is None or obj.owning_plan is None:
        return
    plan = obj.owning_plan
    if forgaenger.pk == obj.pk or forgaenger.owning_plan.aar >= plan.aar:
        raise ValidationError(
            {
                "forgaenger": f"Forgængeren skal være fra en tidligere plan end "
                f"{plan.aar}; »{forgaenger}« er fra {forgaenger.owning_plan.aar}."
            }
        )
    model = obj._meta.concrete_model
    kind = same_kind(model, obj)
    if kind and any(getattr(forgaenger, k) != v for k, v in kind.items()):
        raise ValidationError(
            {
                "forgaenger": f"Forgængeren skal være af samme art som afsnittet "
                f"({obj.get_art_display().lower()}); »{forgaenger}« er "
                f"{forgaenger.get_art_display().lower()}. Vælg et andet afsnit, eller lad "
                "feltet stå tomt."
            }
        )
    other = (
        model._base_manager.filter(forgaenger_id=forgaenger.pk, **{plan_lookup(model): plan})
        .exclude(pk=obj.pk)
        .first()
    )
    if other is not None:
        raise ValidationError(
            {
                "forgaenger": f"»{forgaenger}« er allerede forgænger for »{other}« i planen "
                f"for {plan.aar}. Et punkt kan kun fortsættes af ét punkt i samme plan: "
                "vælg et andet, eller fjern forgængeren fra det andet først."
            }
        )


def grouped_choices(field, choices):
    """The choices, each named with its plan's year; initiatives and goals grouped by section.

    A plan has some 40 initiatives: under "2020 · 3.1.2 Indbrud" the one sought
    is found by its section, and the closed list still says "2020 · 3.1.2 · Bo Trygt".
    """
    empty = [("", field.empty_label)] if field.empty_label is not None else []
    if "afsnit" not in {f.name for f in choices.model._meta.fields}:
        sections = choices.select_related("plan").order_by("plan__aar", "raekkefoelge", "pk")
        return [*empty, *((a.pk, f"{a.plan.aar} · {a}") for a in sections)]
    groups = {}
    items = choices.select_related("afsnit__plan").order_by(
        "afsnit__plan__aar", "afsnit__raekkefoelge", "raekkefoelge", "pk"
    )
    for item in items:
        afsnit = item.afsnit
        groups.setdefault(f"{afsnit.plan.aar} · {afsnit}", []).append(
            (item.pk, f"{afsnit.plan.aar} · {afsnit.nummer} · {item}")
        )
    return [*empty, *groups.items()]


class ForgaengerFormMixin:
    """Offers as predecessor only the same kind of item in the plan before the item's plan.

    A form calls `limit_forgaenger(plan)` once it knows the plan; without one
    (a new item whose plan is not chosen yet) nothing is offered.
    """

    def limit_forgaenger(self, plan):
        field = self.fields.get("forgaenger")
        if field is None:
            return
        items = self._meta.model._default_manager
        earlier = None
        if plan is not None and plan.aar is not None:
            earlier = type(plan).objects.filter(aar__lt=plan.aar).order_by("-aar").first()
        lookup = plan_lookup(self._meta.model)
        choices = items.filter(**{lookup: earlier}) if earlier else items.none()
        # The kind rule of `check_forgaenger` in what is offered, on the general
        # sections page too. One another item continues stays offered: the model
        # then says which item that is, which a missing choice would not.
        kind = self.forgaenger_kind()
        choices = choices.filter(**kind)
        if self.instance.pk and self.instance.forgaenger_id:
            # Set before (by copy_plan, say): stays a choice, so a save keeps it.
            choices = choices | items.filter(pk=self.instance.forgaenger_id)
        field.queryset = choices
        field.choices = grouped_choices(field, choices)
        # A predecessor is picked, never made from here: no "+" or edit beside it.
        for button in ("can_add_related", "can_change_related", "can_delete_related"):
            if hasattr(field.widget, button):
                setattr(field.widget, button, False)
        of_kind = ""
        if kind and not self._meta.model._meta.proxy:  # a kind's page names it already
            art = self._meta.model._meta.get_field("art")
            of_kind = f" af arten »{dict(art.flatchoices).get(kind['art'], kind['art'])}«"
        field.error_messages["invalid_choice"] = (
            f"Vælg forgængeren blandt {self._meta.model._meta.verbose_name_plural}{of_kind} i "
            f"planen for {earlier.aar}."
            if earlier
            else "Planen har ingen tidligere plan, så der er ingen forgænger at vælge."
        )
        if earlier:
            field.help_text = (
                f"Det tilsvarende punkt i planen for {earlier.aar}, hvis det fortsætter. "
                "Kopierede punkter har det allerede; tomt betyder nyt i år."
            )

    def forgaenger_kind(self):
        """The kind the predecessor must have: the section's, or the one posted for it."""
        kind = same_kind(self._meta.model, self.instance)
        posted = self.data.get(self.add_prefix("art")) if "art" in self.fields else None
        return {"art": posted} if kind and posted else kind

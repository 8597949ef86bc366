from django import forms

from common.admin_base import ContentForm
from common.forgaenger import ForgaengerFormMixin


class OmfangForm(forms.ModelForm):
    """Admin form for an item that concerns all municipalities or chosen ones.

    The choice must be one or the other: an item with neither would show on no
    municipality's page, and one with both is ambiguous to the reader. The
    chosen ones must be parties to the item's plan: the database holds all of
    Denmark's municipalities, and one outside the plan would show on no page
    (its own page in the plan does not exist).
    """

    # Set by an inline whose parent section is known (samarbejdsplan/admin.py):
    # the plan of every row, new rows included.
    parent_plan = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.parent_plan or self.known_plan()
        if plan is not None and "kommuner" in self.fields:
            # Offer only the plan's municipalities; check_plan_kommuner() below
            # says which are refused when a posted choice is not among them.
            field = self.fields["kommuner"]
            field.queryset = field.queryset.filter(planer=plan)
            field.error_messages["invalid_choice"] = (
                f"Vælg kun blandt kommunerne i {plan}. Skal en anden kommune med, så "
                "tilføj den først til planen (under »Samarbejdsplaner«)."
            )

    def known_plan(self):
        """The plan of the section the item is in, or is being added to (`?afsnit=`)."""
        afsnit = getattr(self.instance, "afsnit", None) if self.instance.afsnit_id else None
        if afsnit is None and "afsnit" in self.fields:
            chosen = self.data.get(self.add_prefix("afsnit")) or self.initial.get("afsnit")
            field = self.fields["afsnit"]
            if chosen and hasattr(field, "queryset"):
                try:
                    afsnit = field.queryset.select_related("plan").filter(pk=chosen).first()
                except (TypeError, ValueError):  # not a number: the field says so
                    afsnit = None
        return afsnit.plan if afsnit is not None else None

    def check_plan_kommuner(self, cleaned_data):
        afsnit = cleaned_data.get("afsnit") or (
            self.instance.afsnit if self.instance.afsnit_id else None
        )
        kommuner = cleaned_data.get("kommuner")
        if afsnit is None or afsnit.plan_id is None or not kommuner:
            return
        plan = afsnit.plan
        parties = set(plan.kommuner.all())
        outside = [k for k in kommuner if k not in parties]
        if outside:
            names = " og ".join(k.navn for k in outside)
            self.add_error(
                "kommuner",
                f"{names} er ikke med i {plan}. Vælg blandt planens kommuner, eller "
                "tilføj kommunen til planen først (under »Samarbejdsplaner«).",
            )

    def clean(self):
        cleaned_data = super().clean()
        if "kommuner" in self.fields:
            self.check_plan_kommuner(cleaned_data)
        if "kommuner" in self.fields and "alle_kommuner" in self.fields:
            alle = cleaned_data.get("alle_kommuner")
            kommuner = cleaned_data.get("kommuner")
            if not alle and not kommuner and "kommuner" not in self.errors:
                self.add_error(
                    "kommuner", "Vælg mindst én kommune, eller sæt flueben i 'alle kommuner'."
                )
            elif alle and kommuner and "alle_kommuner" not in self.changed_data:
                # "Alle kommuner" is ticked from the start; an editor who ticks
                # municipalities and leaves it means those municipalities.
                cleaned_data["alle_kommuner"] = False
            elif alle and kommuner:
                self.add_error(
                    "kommuner",
                    "Vælg enten 'alle kommuner' eller enkelte kommuner, ikke begge dele.",
                )
        return cleaned_data


# An initiative's fields in the admin, on its own page (after "afsnit") and
# inline on its section's page.
INDSATS_FIELDS = [
    "raekkefoelge", "titel", "slug", "tekst", "prioritet", "alle_kommuner", "kommuner",
    "kendt_version",
]  # fmt: skip


class ItemForm(ForgaengerFormMixin, OmfangForm, ContentForm):
    """An initiative or a goal: scope rule, predecessor among the previous plan's,
    and no silent overwrite of another editor's save."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "forgaenger" in self.fields:
            self.limit_forgaenger(self.parent_plan or self.known_plan())


class IndsatsForm(ItemForm):
    """An initiative."""


class MaalForm(ItemForm):
    """A goal (its plan is its section's)."""

from django import forms

from common.admin_base import ContentForm


class OmfangForm(forms.ModelForm):
    """Admin form for an item that concerns all municipalities or chosen ones.

    The choice must be one or the other: an item with neither would show on no
    municipality's page, and one with both is ambiguous to the reader.
    """

    def clean(self):
        cleaned_data = super().clean()
        if "kommuner" in self.fields and "alle_kommuner" in self.fields:
            alle = cleaned_data.get("alle_kommuner")
            kommuner = cleaned_data.get("kommuner")
            if not alle and not kommuner:
                self.add_error(
                    "kommuner", "Vælg mindst én kommune, eller sæt flueben i 'alle kommuner'."
                )
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


class IndsatsForm(OmfangForm, ContentForm):
    """An initiative: scope rule, and no silent overwrite of another editor's save."""


class MaalForm(OmfangForm, ContentForm):
    """A goal: scope rule, and no silent overwrite of another editor's save."""

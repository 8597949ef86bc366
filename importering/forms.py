"""The import page's two forms: the source, and the preview's confirmation.

Between the two steps the source travels in a signed, compressed hidden
field: its paragraphs as read from the file (text, heading and list level),
never the sections made of them. The confirmation makes the sections and runs
every check again, so a page altered in the browser can change nothing but the
kinds it offers (checked against the choices); the signature refuses any
other change. The paragraphs, not the file: a Word document's pictures would
make the field megabytes.
"""

from dataclasses import astuple

from django import forms
from django.core import signing

from samarbejdsplan.models import Art

from .parsing import Blok

SALT = "importering.kilde"
# The preview is confirmed within a working session; an older one is read again.
MAX_AGE = 8 * 60 * 60
MAX_BYTES = 20 * 1024 * 1024


def sign(aar, filnavn, blocks, aftryk):
    payload = {
        "aar": aar,
        "filnavn": filnavn,
        "blokke": [astuple(block) for block in blocks],
        "aftryk": aftryk,
    }
    return signing.dumps(payload, salt=SALT, compress=True)


def unsign(value):
    """(aar, filnavn, paragraphs, aftryk); raises signing.BadSignature."""
    payload = signing.loads(value, salt=SALT, max_age=MAX_AGE)
    return (
        int(payload["aar"]),
        str(payload["filnavn"]),
        [Blok(*row) for row in payload["blokke"]],
        str(payload["aftryk"]),
    )


class KildeForm(forms.Form):
    aar = forms.IntegerField(
        label="Planens år",
        min_value=2000,
        max_value=2100,
        error_messages={
            "min_value": "Året skal ligge mellem 2000 og 2100.",
            "max_value": "Året skal ligge mellem 2000 og 2100.",
            "invalid": "Skriv året med fire cifre, fx 2027.",
            "required": "Skriv planens år.",
        },
        help_text="Et nyt år giver en ny kladde. Er årets plan en kladde (fx lavet med "
        "»Kopiér«), erstattes teksten i afsnit med samme nummer, og nye afsnit tilføjes.",
    )
    fil = forms.FileField(
        label="Word-dokument eller tekstfil",
        required=False,
        help_text="Et Word-dokument (.docx) eller en tekstfil (.txt, .md).",
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt,.md"}),
    )
    tekst = forms.CharField(
        label="… eller indsæt teksten her",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        help_text="Hver overskrift på sin egen linje med sit nummer, fx »3.1.2 Indbrud i "
        "privat beboelse«; punkter med »- « foran.",
    )

    def clean(self):
        cleaned_data = super().clean()
        fil, tekst = cleaned_data.get("fil"), (cleaned_data.get("tekst") or "").strip()
        if fil and tekst:
            raise forms.ValidationError("Vælg enten en fil eller indsat tekst, ikke begge.")
        if not fil and not tekst:
            raise forms.ValidationError(
                "Vælg et Word-dokument eller en tekstfil, eller indsæt teksten."
            )
        if fil and fil.size > MAX_BYTES:
            self.add_error(
                "fil", "Filen er over 20 MB. Gem dokumentet uden billeder, og prøv igen."
            )
        return cleaned_data

    def source(self):
        """(filnavn, content bytes) of the file or the pasted text."""
        fil = self.cleaned_data.get("fil")
        if fil:
            return fil.name, fil.read()
        return "indsat tekst", self.cleaned_data["tekst"].encode("utf-8")


def art_field_name(nummer):
    return "art-" + nummer


def chosen_kinds(data, numbers):
    """The kinds posted for the new sections: {nummer: art}; an unknown value is an error."""
    chosen, errors = {}, []
    for nummer in numbers:
        value = data.get(art_field_name(nummer))
        if value is None:
            continue
        if value not in Art.values:
            errors.append(f"Afsnit {nummer}: »{value}« er ikke en art, der kan vælges.")
        else:
            chosen[nummer] = value
    return chosen, errors

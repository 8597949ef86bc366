from django import forms
from django.core import signing

from common.admin_base import ContentForm
from samarbejdsplan.models import Samarbejdsplan

from .datoer import EXAMPLES, FORMATS
from .models import Statusopdatering
from .skema import size_problem, year_problem


class IndsatsChoiceField(forms.ModelChoiceField):
    """Every plan's initiatives, each with its plan's year: updates follow
    published plans too, so no lock narrows the choice."""

    def label_from_instance(self, obj):
        return f"{obj.plan.aar} · {obj.afsnit.nummer} {obj.titel}"


class StatusopdateringForm(ContentForm):
    """The version check and lock of every admin form. No published plan locks an
    update (`Statusopdatering.locked_by_published_plan`): it is follow-up, added
    while the plan is published."""

    class Meta:
        model = Statusopdatering
        fields = ["indsats", "kommune", "dato", "status", "tekst", "offentlig"]
        field_classes = {"indsats": IndsatsChoiceField}
        help_texts = {"dato": f"Skriv den som {EXAMPLES}."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The formats the status sheet and `statusrapport --moede` read, too
        # (a reader's read-only form has no date field).
        if "dato" in self.fields:
            self.fields["dato"].input_formats = FORMATS


# The preview's copy of the file is signed with its plan, as the Word import signs
# its source: the confirmation imports exactly what was shown, for that plan.
SALT = "opfoelgning.indlaesning"
# The preview is confirmed within a working session; an older one is chosen again.
MAX_AGE = 8 * 60 * 60


def sign(plan, text):
    return signing.dumps({"plan": plan.pk, "tekst": text}, salt=SALT, compress=True)


class IndlaesForm(forms.Form):
    """The status sheet to upload, and its plan. After the preview the file's text
    comes back signed in `indhold`, so the confirmation imports exactly what was shown."""

    plan = forms.ModelChoiceField(
        queryset=Samarbejdsplan.objects.order_by("-aar"),
        label="Plan",
        empty_label=None,
        error_messages={"invalid_choice": "Vælg en af planerne i listen."},
    )
    fil = forms.FileField(
        label="Statusskema (CSV)",
        required=False,
        error_messages={"empty": "Filen er tom. Vælg det udfyldte statusskema."},
        help_text="Hentet fra portalens opfølgningsside (skema.csv) og udfyldt: "
        "indsats;kommune;dato;status;tekst.",
    )
    indhold = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The plan in force, as the front page names it, not a draft being prepared:
        # a draft copied from it has the same initiatives, so a sheet would fit there too.
        self.fields["plan"].initial = Samarbejdsplan.objects.published().newest()

    def clean(self):
        cleaned = super().clean()
        chosen = cleaned.get("fil") or "fil" in self.errors  # an empty file says so itself
        if not chosen and not cleaned.get("indhold"):
            raise forms.ValidationError("Vælg en CSV-fil at indlæse.")
        upload, plan = cleaned.get("fil"), cleaned.get("plan")
        if not upload and cleaned.get("indhold") and plan:
            cleaned["tekst"] = self.unsigned_text(cleaned["indhold"], plan)
        if upload and (problem := size_problem(upload.size)):
            self.add_error("fil", problem)  # before reading it, not after a huge preview
        elif upload and plan and (problem := year_problem(plan, upload.name)):
            self.add_error("fil", problem)
        return cleaned

    @staticmethod
    def unsigned_text(value, plan):
        try:
            payload = signing.loads(value, salt=SALT, max_age=MAX_AGE)
            if payload["plan"] == plan.pk:
                return str(payload["tekst"])
        except (signing.BadSignature, KeyError, TypeError):
            pass
        raise forms.ValidationError(
            "Forhåndsvisningen kunne ikke genkendes (den er for gammel eller ændret). "
            "Vælg filen igen."
        )

    def data_bytes(self):
        upload = self.cleaned_data.get("fil")
        if upload:
            return upload.read()
        return self.cleaned_data["tekst"].encode("utf-8")

from django import forms

from common.admin_base import ContentForm
from samarbejdsplan.models import Samarbejdsplan

from .models import Statusopdatering


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


class IndlaesForm(forms.Form):
    """The status sheet to upload, and its plan. After the preview the file's text
    comes back in `indhold`, so the confirmation imports exactly what was shown."""

    plan = forms.ModelChoiceField(
        queryset=Samarbejdsplan.objects.order_by("-aar"),
        label="Plan",
        empty_label=None,
        error_messages={"invalid_choice": "Vælg en af planerne i listen."},
    )
    fil = forms.FileField(
        label="Statusskema (CSV)",
        required=False,
        help_text="Hentet fra portalens opfølgningsside (skema.csv) og udfyldt: "
        "indsats;kommune;dato;status;tekst.",
    )
    indhold = forms.CharField(widget=forms.HiddenInput, required=False, strip=False)

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("fil") and not cleaned.get("indhold"):
            raise forms.ValidationError("Vælg en CSV-fil at indlæse.")
        return cleaned

    def data_bytes(self):
        upload = self.cleaned_data.get("fil")
        if upload:
            return upload.read()
        return self.cleaned_data["indhold"].encode("utf-8")

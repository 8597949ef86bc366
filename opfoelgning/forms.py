from django import forms

from common.versioning import VersionForm

from .models import Statusopdatering


class IndsatsChoiceField(forms.ModelChoiceField):
    """Every plan's initiatives, each with its plan's year: updates follow
    published plans too, so no lock narrows the choice."""

    def label_from_instance(self, obj):
        return f"{obj.plan.aar} · {obj.afsnit.nummer} {obj.titel}"


class StatusopdateringForm(VersionForm):
    """The version check of every admin form, without the plan's lock: an
    update is follow-up and may be added while the plan is published."""

    class Meta:
        model = Statusopdatering
        fields = ["indsats", "kommune", "dato", "status", "tekst", "offentlig"]
        field_classes = {"indsats": IndsatsChoiceField}

"""The filters of the public initiative list, `/<år>/indsatser/?kommune=kolding&q=indbrud`.

Every filter is a GET parameter, so a filtered list is a URL to bookmark and
send. Unknown values make the form invalid and the list empty with a message;
they never reach the database as anything but a bound parameter.
"""

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q

from common.textsearch import Search
from indsatser.models import Aktoer, Deltagelse, Indsats, Prioritet, Rolle
from kommuner.models import Kommune

from . import udvidelser
from .models import Art

ARTER = [(a.value, a.label) for a in (Art.SSP, Art.NATIONAL, Art.LOKAL, Art.SUB)]


class IndsatsFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Søg i titel og tekst",
        method="search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        error_messages={
            "max_length": "Søgningen må højst være %(limit_value)d tegn; den var %(show_value)d."
        },
    )
    kommune = django_filters.ModelChoiceFilter(
        label="Kommune",
        queryset=Kommune.objects.none(),
        to_field_name="slug",
        method="filter_kommune",
        empty_label="Alle kommuner",
        error_messages={"invalid_choice": "Planen har ingen kommune »%(value)s«."},
    )
    art = django_filters.ChoiceFilter(
        label="Type af afsnit",
        field_name="afsnit__art",
        choices=ARTER,
        empty_label="Alle typer",
        error_messages={"invalid_choice": "»%(value)s« er ikke en type af afsnit."},
    )
    afsnit = django_filters.ChoiceFilter(
        label="Afsnit eller fokusområde",
        method="filter_afsnit",
        choices=[],
        empty_label="Alle afsnit",
        error_messages={"invalid_choice": "Planen har intet afsnit »%(value)s« med indsatser."},
    )
    ansvarlig = django_filters.ModelChoiceFilter(
        label="Ansvarlig aktør",
        queryset=Aktoer.objects.none(),
        to_field_name="slug",
        method="filter_ansvarlig",
        empty_label="Alle aktører",
        error_messages={
            "invalid_choice": "Ingen aktør »%(value)s« er ansvarlig for en indsats i planen."
        },
    )
    prioritet = django_filters.ChoiceFilter(
        label="Prioritet",
        choices=Prioritet.choices,
        empty_label="Alle prioriteter",
        error_messages={"invalid_choice": "»%(value)s« er ikke en prioritet; vælg skal eller kan."},
    )

    class Meta:
        model = Indsats
        fields = []

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["kommune"].queryset = plan.kommuner.all()
        self.filters["ansvarlig"].queryset = Aktoer.objects.filter(
            Exists(
                Deltagelse.objects.filter(
                    aktoer=OuterRef("pk"), rolle=Rolle.ANSVARLIG, indsats__plan=plan
                )
            )
        )
        self.filters["afsnit"].extra["choices"] = self.afsnit_choices(plan)
        # Filters of the apps built on the plan (the follow-up's status).
        for name, extra in udvidelser.list_filters(plan).items():
            extra.parent = self
            extra.model = self._meta.model
            self.filters[name] = extra

    @staticmethod
    def afsnit_choices(plan):
        """The sections holding initiatives, with the sections above them (3.1 holds 3.1.4's)."""
        outline = list(
            plan.afsnit.annotate(
                har_indsatser=Exists(Indsats.objects.filter(afsnit=OuterRef("pk")))
            ).values_list("nummer", "titel", "har_indsatser")
        )
        holding = {nummer for nummer, _, har in outline if har}
        return [
            (nummer, f"{nummer} {titel}")
            for nummer, titel, _ in outline
            if any(n == nummer or n.startswith(nummer + ".") for n in holding)
        ]

    def filter_kommune(self, queryset, name, kommune):
        return queryset.for_kommune(kommune)

    def filter_afsnit(self, queryset, name, nummer):
        return queryset.filter(
            Q(afsnit__nummer=nummer) | Q(afsnit__nummer__startswith=nummer + ".")
        )

    def filter_ansvarlig(self, queryset, name, aktoer):
        return queryset.filter(
            Exists(
                Deltagelse.objects.filter(
                    indsats=OuterRef("pk"), aktoer=aktoer, rolle=Rolle.ANSVARLIG
                )
            )
        )

    def search(self, queryset, name, value):
        """The plan-wide search's matching (common/textsearch.py), title hits first."""
        return queryset.search(Search.parse(value))

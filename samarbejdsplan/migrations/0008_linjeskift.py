"""Texts saved through the admin before it normalised line endings: CR LF → LF.

A browser's textarea sends CR LF; such rows compared as "changed" with the
previous plan. Only rows holding a CR are touched (plain UPDATEs, no history
rows: the text a reader sees is the same).
"""

from django.db import migrations

# Every text field of these models.
MODELS = [
    ("samarbejdsplan", "Samarbejdsplan"),
    ("samarbejdsplan", "Afsnit"),
    ("samarbejdsplan", "Underskriver"),
    ("indsatser", "Indsats"),
    ("indsatser", "Maal"),
]


def normalise(apps, schema_editor):
    for app_label, model_name in MODELS:
        model = apps.get_model(app_label, model_name)
        names = [
            f.name
            for f in model._meta.concrete_fields
            if f.get_internal_type() in ("TextField", "CharField") and not f.choices
        ]
        for name in names:
            for pk, value in model._base_manager.filter(**{f"{name}__contains": "\r"}).values_list(
                "pk", name
            ):
                fixed = value.replace("\r\n", "\n").replace("\r", "\n")
                model._base_manager.filter(pk=pk).update(**{name: fixed})


class Migration(migrations.Migration):
    dependencies = [
        ("samarbejdsplan", "0007_forgaenger"),
        ("indsatser", "0004_forgaenger"),
    ]

    operations = [migrations.RunPython(normalise, migrations.RunPython.noop)]

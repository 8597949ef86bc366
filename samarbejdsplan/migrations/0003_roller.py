from django.db import migrations


def create_roles(apps, schema_editor):
    from samarbejdsplan.roles import ensure_roles

    ensure_roles(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("samarbejdsplan", "0002_historik_version_offentliggoerelse"),
        ("indsatser", "0002_historik_og_version"),
        ("kommuner", "0002_historik"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]

"""Denmark's 98 municipalities with their kommunekoder (kommuner/danmark.py).

Those already there (the 2020 plan's six, or any added by hand) are matched by
code and name and left as they are.
"""

from django.db import migrations


def add_municipalities(apps, schema_editor):
    from kommuner.danmark import add_missing

    add_missing(apps.get_model("kommuner", "Kommune"), using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [("kommuner", "0003_version")]

    # Going back leaves them: they may be in plans by then.
    operations = [migrations.RunPython(add_municipalities, migrations.RunPython.noop)]

"""Backup and restore: a full `dumpdata`, loaded into an emptied database, gives
back the same plan: the export byte for byte, and the stored snapshot."""

import io

import pytest
from django.core.cache import cache
from django.core.management import call_command

from kommuner.models import Kommune
from samarbejdsplan.export import render_export
from samarbejdsplan.models import Eksport, Samarbejdsplan

# As the README's backup section: natural keys, so content types and
# permissions (recreated by `migrate` in the new database) are matched by name.
DUMP = ["--natural-foreign", "--natural-primary", "-e", "contenttypes", "-e", "auth.permission"]


@pytest.mark.django_db(transaction=True)
def test_dumpdata_then_loaddata_into_an_empty_database_gives_the_same_export(
    plan2020, draft2021, client, tmp_path
):
    plan2020.refresh_from_db()
    before = {
        "export": render_export(plan2020),
        "kolding": render_export(plan2020, Kommune.objects.get(slug="kolding")),
        "draft": render_export(draft2021),
        "snapshot": bytes(Eksport.objects.get(plan=plan2020).indhold),
    }
    backup = tmp_path / "backup.json"
    call_command("dumpdata", *DUMP, "--output", str(backup), verbosity=0)

    call_command("flush", interactive=False, verbosity=0)
    assert not Samarbejdsplan.objects.exists()
    cache.clear()
    call_command("loaddata", str(backup), stdout=io.StringIO())

    plan = Samarbejdsplan.objects.get(aar=2020)
    after = {
        "export": render_export(plan),
        "kolding": render_export(plan, Kommune.objects.get(slug="kolding")),
        "draft": render_export(Samarbejdsplan.objects.get(aar=2021)),
        "snapshot": bytes(Eksport.objects.get(plan=plan).indhold),
    }
    # (ETags may differ: dumpdata keeps times to the millisecond, and the page
    # cache's key uses the last change to the microsecond, so a restored
    # database starts with fresh keys. pg_dump keeps them exactly.)
    for key in before:
        assert after[key] == before[key], key
    assert client.get("/2020/eksport/").content == before["snapshot"]

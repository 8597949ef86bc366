"""The status sheet round trip: download, fill in, import (issue 19)."""

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client

from indsatser.models import Indsats
from opfoelgning.models import Statusopdatering
from tests.admin_client import user_in_role

from .helpers import opdatering

HEADER = "indsats;kommune;dato;status;tekst"
IMPORT = "/admin/opfoelgning/statusopdatering/indlaes/"


def download(client, slug="kolding"):
    cache.clear()
    response = client.get(f"/2020/opfoelgning/skema.csv?kommune={slug}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="status-2020-{slug}.csv"'
    return response.content


def import_file(tmp_path, data):
    path = tmp_path / "skema.csv"
    path.write_bytes(data)
    call_command("importer_status", "2020", str(path))


@pytest.fixture
def bo_trygt(plan2020):
    return Indsats.objects.get(plan=plan2020, slug="bo-trygt")


def test_the_sheet_is_semicolons_utf8_with_bom_and_one_row_per_initiative(
    plan2020, client, kommune, bo_trygt
):
    opdatering(bo_trygt, "i_gang", "2020-03-01", tekst="Alle; i gang")
    opdatering(bo_trygt, "gennemfoert", "2020-06-01", kommune=kommune("kolding"), tekst="Færdig")
    opdatering(bo_trygt, "opgivet", "2020-07-01", kommune=kommune("kolding"), offentlig=False)
    data = download(client)
    assert data.startswith(b"\xef\xbb\xbf" + HEADER.encode() + b"\r\n")
    text = data.decode("utf-8-sig")
    assert "sep=" not in text
    lines = text.splitlines()
    concerning = Indsats.objects.filter(plan=plan2020).for_kommune(kommune("kolding"))
    assert [line.split(";")[0] for line in lines[1:]] == [i.slug for i in concerning]
    assert "bo-trygt;kolding;2020-06-01;Gennemført;Færdig" in lines  # newest public there
    vejle = download(client, "vejle").decode("utf-8-sig").splitlines()
    assert 'bo-trygt;;2020-03-01;I gang;"Alle; i gang"' in vejle  # the one for all
    assert "responstider;vejle;;;" in vejle  # not reported on yet


def test_the_sheet_needs_a_municipality_of_the_plan(plan2020, client):
    assert client.get("/2020/opfoelgning/skema.csv").status_code == 400
    assert client.get("/2020/opfoelgning/skema.csv?kommune=oslo").status_code == 404
    assert client.get("/2020/opfoelgning/skema.csv?kommune=koebenhavn").status_code == 404


def test_download_import_download_is_byte_identical(plan2020, client, kommune, bo_trygt, tmp_path):
    opdatering(bo_trygt, "i_gang", "2020-03-01", tekst="Linje et\r\nlinje to; med semikolon")
    opdatering(bo_trygt, "udskudt", "2020-05-01", kommune=kommune("kolding"), tekst='"Citat"')
    first = download(client)
    import_file(tmp_path, first)
    assert Statusopdatering.objects.count() == 2  # nothing added
    assert download(client) == first
    # The municipality fills in a row (Excel's way: DD-MM-YYYY, any case).
    filled = first.decode("utf-8-sig").replace(
        "responstider;kolding;;;", "responstider;kolding;15-09-2020;i GANG;Vagtplan lagt"
    )
    assert filled != first.decode("utf-8-sig")
    import_file(tmp_path, filled.encode("utf-8-sig"))
    added = Statusopdatering.objects.get(indsats__slug="responstider")
    assert (added.status, str(added.dato), added.kommune, added.offentlig) == (
        "i_gang",
        "2020-09-15",
        kommune("kolding"),
        True,
    )
    second = download(client)
    assert "responstider;kolding;2020-09-15;I gang;Vagtplan lagt" in second.decode("utf-8-sig")
    import_file(tmp_path, second)
    import_file(tmp_path, filled.encode("utf-8-sig"))  # the same file twice: nothing new
    assert Statusopdatering.objects.count() == 3
    assert download(client) == second


BAD_ROWS = {
    "ukendt-indsats;kolding;2020-03-01;I gang;x": "har ingen indsats »ukendt-indsats«",
    "graensekontrol-i-billund-lufthavn;kolding;2020-03-01;I gang;x": (
        "vedrører ikke Kolding Kommune"
    ),
    "bo-trygt;oslo;2020-03-01;I gang;x": "»oslo« er ikke en af kommunerne",
    "bo-trygt;kolding;2020-03-01;Færdig;x": "»Færdig« er ikke en status",
    "bo-trygt;kolding;2020-13-01;I gang;x": "»2020-13-01« er ikke en dato",
    "bo-trygt;kolding;31/03/2020;I gang;x": "»31/03/2020« er ikke en dato",
    "bo-trygt;kolding;;I gang;x": "datoen mangler",
    "bo-trygt;kolding;2020-03-01": "rækken har 3 kolonner",
}


@pytest.mark.parametrize("row", BAD_ROWS)
def test_a_bad_row_is_named_in_danish_and_nothing_is_written(plan2020, tmp_path, row, capsys):
    good = "bo-trygt;kolding;2020-03-01;I gang;God række"
    data = f"{HEADER}\r\n{good}\r\n{row}\r\n".encode("utf-8-sig")
    with pytest.raises(CommandError, match="Intet er indlæst: 1 fejl"):
        import_file(tmp_path, data)
    assert "Linje 3: " in capsys.readouterr().err
    assert not Statusopdatering.objects.exists()


def test_every_bad_row_gets_its_message(plan2020, tmp_path, capsys):
    data = (HEADER + "\r\n" + "\r\n".join(BAD_ROWS) + "\r\n").encode("utf-8-sig")
    with pytest.raises(CommandError, match=f"{len(BAD_ROWS)} fejl"):
        import_file(tmp_path, data)
    err = capsys.readouterr().err
    for number, expected in enumerate(BAD_ROWS.values(), start=2):
        assert f"Linje {number}: " in err and expected in err, expected


def test_a_file_without_the_header_is_refused(plan2020, tmp_path):
    with pytest.raises(CommandError):
        import_file(tmp_path, b"bo-trygt;kolding;2020-03-01;I gang;x\r\n")
    with pytest.raises(CommandError, match="ingen samarbejdsplan for 1999"):
        call_command("importer_status", "1999", str(tmp_path / "skema.csv"))
    assert not Statusopdatering.objects.exists()


def test_excels_windows_1252_file_is_read(plan2020, tmp_path):
    data = f"{HEADER}\r\nbo-trygt;kolding;01-03-2020;Gennemført;Færdig i år\r\n".encode("cp1252")
    import_file(tmp_path, data)
    assert Statusopdatering.objects.get().get_status_display() == "Gennemført"


def test_the_admin_previews_then_imports_for_the_secretariat_only(plan2020, bo_trygt):
    data = f"{HEADER}\r\nbo-trygt;kolding;2020-03-01;Udskudt;Efter sommer\r\n".encode("utf-8-sig")

    def upload(client, **extra):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return client.post(
            IMPORT, {"plan": plan2020.pk, "fil": SimpleUploadedFile("s.csv", data), **extra}
        )

    for role in ("Kredsråd", "ingen gruppe"):
        client = Client()
        client.force_login(user_in_role(role, name=f"x-{role}"))
        assert upload(client, bekraeft="1").status_code == 403
    sekretariat = Client()
    sekretariat.force_login(user_in_role("Sekretariat", name="sek"))
    preview = upload(sekretariat)
    assert preview.status_code == 200 and "Efter sommer" in preview.content.decode()
    assert not Statusopdatering.objects.exists()  # a preview writes nothing
    text = preview.context["indhold"]
    response = sekretariat.post(IMPORT, {"plan": plan2020.pk, "indhold": text, "bekraeft": "1"})
    assert response.status_code == 302
    update = Statusopdatering.objects.get()
    assert update.forfatter.username == "sek" and update.history.count() == 1
    # A file with a bad row cannot be confirmed.
    bad = text.replace("Udskudt", "Færdig")
    response = sekretariat.post(IMPORT, {"plan": plan2020.pk, "indhold": bad, "bekraeft": "1"})
    assert "»Færdig« er ikke en status" in response.content.decode()
    assert Statusopdatering.objects.count() == 1

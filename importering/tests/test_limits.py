"""The work per upload is bounded: a text or a .docx far bigger than a plan is
refused in Danish before it is parsed, never a 500 or a worker timeout.

The parser's speed is measured (see the note), never asserted by time here.
"""

import io
import zipfile

import docx
import pytest

from importering import parsing
from importering.parsing import parse_source

from .test_admin import URL, client_as, content_rows, upload
from .word import document_of, to_bytes


def inflated_docx(extra_bytes):
    """A valid .docx whose document.xml unpacks to `extra_bytes` more (a zip bomb):
    a few hundred KB on disk."""
    document = document_of(("Heading 1", "1. Indledning"), ("Normal", "Tekst."))
    source = zipfile.ZipFile(io.BytesIO(document))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as bomb:
        for member in source.infolist():
            data = source.read(member.filename)
            if member.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * extra_bytes, 1)
            bomb.writestr(member.filename, data)
    return out.getvalue()


def test_a_text_longer_than_the_cap_is_refused_before_parsing(monkeypatch):
    text = "1. Indledning\n" + "x" * parsing.MAX_TEXT_CHARS
    parsed = []
    monkeypatch.setattr(parsing, "parse", lambda blocks: parsed.append(blocks))
    resultat = parse_source(text.encode(), "plan.txt")
    assert resultat.fejl == [
        "Teksten er for lang til en samarbejdsplan (2 mio. tegn; højst 2 mio.). Tjek, at det "
        "er den rigtige fil."
    ]
    assert parsed == []


def test_a_text_at_the_cap_is_parsed():
    text = "1. Indledning\n" + "Tekst.\n" * ((parsing.MAX_TEXT_CHARS - 20) // 7)
    resultat = parse_source(text.encode(), "plan.txt")
    assert resultat.fejl == []
    assert [a.nummer for a in resultat.afsnit] == ["1"]


def test_a_docx_that_unpacks_too_far_is_refused_before_python_docx_reads_it(monkeypatch):
    bomb = inflated_docx(parsing.MAX_DOCUMENT_XML_BYTES)
    assert len(bomb) < 100_000  # small on disk
    monkeypatch.setattr("docx.Document", lambda *a: pytest.fail("read the bomb"))
    resultat = parse_source(bomb, "bomb.docx")
    assert resultat.afsnit == []
    assert resultat.fejl[0].startswith("Word-dokumentet er for stort, når det pakkes ud")


def test_a_docx_whose_text_is_too_long_is_refused(monkeypatch):
    # Under the XML cap a document cannot reach the text cap; a lower text cap
    # shows that the Word reader checks it too.
    monkeypatch.setattr(parsing, "MAX_TEXT_CHARS", 1_000_000)
    word = docx.Document()
    word.add_paragraph("1. Indledning", style="Heading 1")
    word.add_paragraph("y" * 1_000_001)
    resultat = parse_source(to_bytes(word), "lang.docx")
    assert resultat.fejl and resultat.fejl[0].startswith("Teksten er for lang")


@pytest.mark.django_db
def test_the_admin_answers_a_zip_bomb_with_a_danish_message_and_writes_nothing():
    client = client_as("Sekretariat")
    before = content_rows()
    response = upload(client, 2047, inflated_docx(parsing.MAX_DOCUMENT_XML_BYTES))
    assert response.status_code == 200
    assert "Word-dokumentet er for stort, når det pakkes ud" in response.content.decode()
    assert 'name="kilde"' not in response.content.decode()
    assert content_rows() == before
    assert client.get(URL).status_code == 200

"""Word documents written in the tests, as the secretariat's would be.

`plan_document` writes the repository's 2020 source text (tests/data/) as the
Word file it came from: the cover's lines, the contents list (title, a tab,
the page number), each numbered heading in the Heading style of its level,
bullets in List Bullet (List Bullet 2 for a sub-item), a line under an item as
a line break within it, `*kursiv*` and `**fed**` as italic and bold runs. The
one paragraph the PDF split at a page break (4.3, "Der er" / "afholdt …") is
one paragraph in Word, so it is joined here, as `tests/plan_source.py` joins it.
"""

import io
import re

import docx

from tests.plan_source import read_source

EMPHASIS = re.compile(r"(\*\*[^*]+\*\*|\*[^*]+\*)")
HEADING = re.compile(r"(\d+(?:\.\d+)*)\.?\s+\S.*")


def add_runs(paragraph, text):
    for piece in EMPHASIS.split(text):
        if piece.startswith("**"):
            paragraph.add_run(piece[2:-2]).bold = True
        elif piece.startswith("*"):
            paragraph.add_run(piece[1:-1]).italic = True
        elif piece:
            paragraph.add_run(piece)


def to_bytes(document):
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def plan_document(source=None):
    """The 2020 plan as a .docx (bytes)."""
    lines = (source or read_source()).splitlines()
    contents = lines.index("Indhold")
    body = len(lines) - 1 - lines[::-1].index("1. Indledning")
    document = docx.Document()
    for line in filter(str.strip, lines[:contents]):
        document.add_paragraph(line.strip(), style="Title" if line == "Samarbejdsplan" else None)
    document.add_paragraph("Indhold", style="TOC Heading")
    for line in lines[contents + 1 : body]:
        if line.strip():
            document.add_paragraph(line)  # "3.1.2 Indbrud i privat beboelse\t6"
    item = None  # the bullet item a line right under it continues
    previous_blank = True
    for line in lines[body:]:
        if not line.strip():
            previous_blank = True
            continue
        stripped = line.strip()
        if stripped.startswith("- "):
            style = "List Bullet 2" if line.startswith(" ") else "List Bullet"
            item = document.add_paragraph(style=style)
            add_runs(item, stripped[2:])
        elif item is not None and not previous_blank:
            item.add_run().add_break()
            add_runs(item, stripped)
        elif HEADING.fullmatch(stripped) and len(stripped) < 90:
            document.add_heading(stripped, level=stripped.split(" ")[0].rstrip(".").count(".") + 1)
            item = None
        elif stripped[0].islower() and document.paragraphs[-1].style.name == "Normal":
            add_runs(document.paragraphs[-1], " " + stripped)  # the page break's split
        else:
            add_runs(document.add_paragraph(), stripped)
            item = None
        previous_blank = False
    return to_bytes(document)


def document_of(*paragraphs):
    """A small .docx: ("Heading 1", "1. Indledning"), ("Normal", "Tekst"), …"""
    document = docx.Document()
    for style, text in paragraphs:
        add_runs(document.add_paragraph(style=style), text)
    return to_bytes(document)

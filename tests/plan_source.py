"""The signed 2020 plan as text, and a check that a page or an export holds all of it.

`tests/data/samarbejdsplan-2020.txt` is the team's record of the signed plan,
copied byte for byte from `shared/seed/samarbejdsplan-2020.txt` (the text
extracted from the signed PDF; SHA-256 62bc458c…26aca37). It is the record the
fixtures are checked against, so it lives in the repository: a clone tests on
its own.

The source is split into units, as the team's fidelity tool
(`shared/tools/plan_fidelity.py`) splits it: the cover's lines, each numbered
heading, each paragraph, bullet item and signatory's name; the table of
contents is left out (a page makes its own). The check here is stricter than
the tool's:

- letters keep their case and quotes and dashes their form (the tool folds
  both): the prose is the signed text, kept as written. Only the cover is
  compared without case, its capitals (KREDSRÅDET, SYDØSTJYLLANDS POLITI)
  being the PDF cover's typography;
- a heading must be the text of a heading element (h1-h6), number and title,
  not merely somewhere in the page (the contents list holds every title);
- the units must appear in the source's order, each after the one before.

What is normalised, and why (the artefacts README.md and DESIGN.md name):
white space (a line break or a non-breaking space is a space), soft hyphens,
the source's Markdown emphasis (`*generelle*` is "generelle" in italics), the
PDF's line-break hyphen "Finlands-parken" (the area is Finlandsparken), and the
paragraph of 4.3 split by a page break ("Der er" / "afholdt og ..."), joined
as the tool joins it. "Røker-" in the source's contents against "Rocker-" in
its heading does not matter: the contents are not checked.
"""

import html.parser
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

SOURCE = Path(__file__).resolve().parent / "data" / "samarbejdsplan-2020.txt"
SOURCE_SHA256 = "62bc458c2df82e3843c292afd10699c44b7d3c633e08a617fad0d740426aca37"
ARTEFACTS = {"Finlands-parken": "Finlandsparken"}
HEADING = re.compile(r"(\d+(?:\.\d+)*)\.?\s+(.*?)\.?")


@dataclass(frozen=True)
class Unit:
    kind: str  # "cover", "heading" or "text"
    text: str
    number: str | None = None  # a heading's number
    section: str | None = None  # the number of the section the unit is in

    def __str__(self):
        return f"{self.kind} {self.number or ''} {self.text[:100]}".replace("  ", " ")


def normalise(text):
    text = unicodedata.normalize("NFC", text).replace("\u00ad", "")
    text = re.sub(r"\*+", "", text)
    for artefact, repaired in ARTEFACTS.items():
        text = text.replace(artefact, repaired)
    return re.sub(r"\s+", " ", text).strip()


def read_source():
    return SOURCE.read_text(encoding="utf-8")


def table_of_contents(source):
    """(number, title) of each line of the source's contents: a tab before the page."""
    entries = []
    for line in source.splitlines():
        if "\t" in line:
            match = HEADING.fullmatch(line.split("\t")[0].strip())
            entries.append((match.group(1), match.group(2)))
    return entries


def source_units(source):
    lines = [line.strip() for line in source.splitlines()]
    contents = lines.index("Indhold")
    units = [Unit("cover", line) for line in lines[:contents] if line]
    body = lines[len(lines) - 1 - lines[::-1].index("1. Indledning") :]
    paragraphs = []
    for line in filter(None, body):
        # A paragraph split by a page break: no closing punctuation, then lower case.
        if paragraphs and not re.search(r"[.:;!?)\u201d\"]$", paragraphs[-1]) and line[0].islower():
            paragraphs[-1] += " " + line
        else:
            paragraphs.append(line)
    section = None
    for paragraph in paragraphs:
        paragraph = re.sub(r"^[-\u2022]\s+", "", paragraph)
        heading = HEADING.fullmatch(paragraph)
        if heading and len(paragraph) < 90:
            section = heading.group(1)
            units.append(Unit("heading", normalise(heading.group(2)), section, section))
        else:
            units.append(Unit("text", normalise(paragraph), section=section))
    return units


# Around a heading element's text, so that a heading is matched in its place.
OPEN, CLOSE = "\x01", "\x02"


class VisibleText(html.parser.HTMLParser):
    """The text a reader sees, in page order, with each heading element marked."""

    HIDDEN = {"script", "style", "head", "template", "noscript"}
    BLOCKS = {
        *("p", "li", "ul", "ol", "br", "div", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td"),
        *("th", "section", "article", "header", "footer", "main", "nav", "aside", "dt", "dd"),
        *("blockquote", "table", "caption", "figure", "figcaption", "details", "summary", "dl"),
    }
    HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self, page):
        super().__init__(convert_charrefs=True)
        self.parts, self.hidden = [], 0
        self.feed(page)
        self.close()
        self.text = normalise("".join(self.parts))
        self.plain = normalise(self.text.replace(OPEN, " ").replace(CLOSE, " "))

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.hidden += 1
        elif tag in self.BLOCKS:
            self.parts.append(" ")
        if tag in self.HEADINGS:
            self.parts.append(OPEN)

    def handle_endtag(self, tag):
        if tag in self.HEADINGS:
            self.parts.append(CLOSE)
        if tag in self.HIDDEN and self.hidden:
            self.hidden -= 1
        elif tag in self.BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def find(unit, text, position):
    """Where `unit` ends in `text`, searching from `position`; None when it is not there."""
    if unit.kind == "heading":
        # The whole of a heading element: number (a dot after it or not) and title.
        pattern = f"{OPEN} ?{re.escape(unit.number)}\\.? {re.escape(unit.text)} ?{CLOSE}"
        match = re.compile(pattern).search(text, position)
        return match.end() if match else None
    found = text.find(unit.text, position)
    return None if found < 0 else found + len(unit.text)


def missing(units, page):
    """The units `page` lacks, or holds only out of the source's order: [] when complete."""
    seen = VisibleText(page)
    absent, position = [], 0
    for unit in units:
        if unit.kind == "cover":
            if unit.text.casefold() not in seen.plain.casefold():
                absent.append(unit)
            continue
        end = find(unit, seen.text, position)
        if end is None:
            absent.append(unit)
        else:
            position = end
    return absent

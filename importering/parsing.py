"""A plan's sections read from its Word document or its plain text.

Both readers turn the source into the same list of paragraphs (`Blok`), and
`parse` turns those into sections: a numbered heading ("3.1.2 Indbrud i
privat beboelse", with or without a trailing period) starts a section, the
paragraphs and bullet items after it are its prose in Markdown, verbatim, with
bold and italic runs as `**fed**` and `*kursiv*`. A cover and a table of
contents before the first heading (an entry ends in a tab and a page number)
are left out. Nothing here touches the database: the preview and the command
both parse, and the confirmation parses again rather than trusting the page.
"""

import io
import re
import zipfile
from dataclasses import dataclass, field

from common.text import removed_by_sanitiser
from samarbejdsplan.models import Art, nummer_validator, order_from_number

# A heading: its number (any number of parts, so that a fourth level is
# refused with a reason, not read as text), an optional period, and a title.
# In plain text the title must not start in lower case ("7. klasserne" in a
# sentence is not a heading); a capital, a digit, a quotation mark or other
# punctuation may start it ("2. »Tryghed« i byen").
HEADING = re.compile(r"(\d{1,2}(?:\.\d{1,2})*)\.?[ \t\u00a0]+(\S.*)")
WORD_LEVELS = 9  # Heading 1-9
# A line of a table of contents: a heading, a tab, a page number.
CONTENTS_ENTRY = re.compile(r"\d{1,2}(?:\.\d{1,2})*\.?\s+\S.*\t\s*\d+\s*")
# A contents entry is a short line; the length bound also keeps the pattern's
# backtracking (over a run of tabs) from growing with a long paragraph.
CONTENTS_ENTRY_MAX_LENGTH = 300
CONTENTS_TITLES = {"indhold", "indholdsfortegnelse", "indholdsfortegnelse:", "indhold:"}
# A heading in plain text is a short line; a numbered sentence is not one.
HEADING_MAX_LENGTH = 90
# A signatory's name: two to four capitalised words, nothing else.
NAME = re.compile(r"[A-ZÆØÅ][a-zæøåéü\-]+(?: [A-ZÆØÅ][a-zæøåéü\-]+){1,3}")
SIGNATORIES_MIN = 3
TITLE_MAX_LENGTH = 300
# The work per upload is bounded before parsing. The 2020 plan is about 23,000
# characters of prose (60 KB of source text) and 35 KB of Word XML as the tests
# write it; python-docx reads about 1 MB of XML a second at worst (many short
# runs), so 2 MB allows fifty such plans and refuses, in Danish, before reading
# takes seconds. Text parses at about 10 MB a second. A "zip bomb" .docx of a
# few hundred KB can unpack to gigabytes: it is refused from the zip's directory.
MAX_TEXT_CHARS = 2_000_000
MAX_DOCUMENT_XML_BYTES = 2_000_000
MAX_UNPACKED_BYTES = 60_000_000
# Closing punctuation: a paragraph without it, followed by one starting in
# lower case, was split by a page break of the PDF the text came from.
CLOSED = re.compile(r"[.:;!?)\u201d\"]$")

# Bidirectional controls: invisible, and an override (U+202E) can show a
# title reversed. A plan's titles are Danish; they are removed from titles.
BIDI_CONTROLS = dict.fromkeys(
    [0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
)

# The kind a section's title suggests (lower case, first match wins); a
# section without such a word takes its parent's kind.
KIND_WORDS = [
    ("indledning", Art.INDLEDNING),
    ("udsatte boligområder", Art.SUB),
    ("ssp", Art.SSP),
    ("kriminalitetsforebyg", Art.SSP),
    ("nationale", Art.NATIONAL),
    ("lokale fokusområder", Art.LOKAL),
]


class ImportFejl(Exception):
    """Why a source cannot be imported at all (in Danish, for the secretariat)."""


@dataclass
class Blok:
    """One paragraph of the source: its text in Markdown and what Word said it was."""

    tekst: str
    overskrift: int | None = None  # the Heading style's level in Word, else None
    punkt: int = 0  # a bullet item's level (1, 2, ...), 0 for a paragraph
    nummer_fra_word: bool = False  # a heading numbered by Word itself, not in its text
    tabel: bool = False  # a row of a Word table, its cells joined


@dataclass
class Afsnit:
    nummer: str
    titel: str
    art: str = Art.GENEREL
    dele: list = field(default_factory=list)  # (punkt, text) of its paragraphs

    @property
    def niveau(self):
        return self.nummer.count(".") + 1

    @property
    def raekkefoelge(self):
        return order_from_number(self.nummer)

    @property
    def tekst(self):
        """The prose as Markdown: a blank line between paragraphs, none between items."""
        out = []
        previous = None
        for punkt, text in self.dele:
            if out:
                out.append("\n" if punkt and previous else "\n\n")
            out.append(text)
            previous = punkt
        return "".join(out)


@dataclass
class Resultat:
    afsnit: list = field(default_factory=list)
    advarsler: list = field(default_factory=list)
    # (number, the number missing before it, the number before it): a gap,
    # unless the plan imported into has the missing section (saving.plan_import).
    huller: list = field(default_factory=list)
    fejl: list = field(default_factory=list)
    forside: list = field(default_factory=list)  # cover lines left out
    indhold: int = 0  # contents entries left out
    underskrivere: list = field(default_factory=list)

    @property
    def kan_gemmes(self):
        return bool(self.afsnit) and not self.fejl


# --- Reading -------------------------------------------------------------------


def read(content, filename):
    """The paragraphs of an uploaded file: a .docx, or UTF-8 text (.txt, .md)."""
    name = (filename or "").lower()
    if name.endswith(".docx"):
        return read_docx(content)
    if name.endswith((".txt", ".md", ".markdown")) or "." not in name:  # pasted text
        return read_text(decode(content))
    if name.endswith(".doc"):
        raise ImportFejl(
            "Filen er i Words gamle format (.doc). Åbn den i Word, vælg »Gem som« og "
            "»Word-dokument (.docx)«, og importér den nye fil."
        )
    raise ImportFejl(
        f"»{filename}« kan ikke importeres. Brug et Word-dokument (.docx) eller en "
        "tekstfil (.txt eller .md)."
    )


def decode(content):
    if isinstance(content, str):
        return content
    if content[:2] == b"PK":
        raise ImportFejl(
            "Filen er en zip-fil eller et Office-dokument, ikke tekst. Et Word-dokument skal "
            "hedde .docx."
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFejl(
            "Filen kan ikke læses som tekst (UTF-8). Gem den som »Almindelig tekst« med "
            "tegnkodningen UTF-8, eller importér Word-dokumentet (.docx)."
        ) from None


def read_text(text):
    """Plain text: a paragraph a line (or lines without a blank line between).

    "- " or "• " starts a bullet item, indented for a sub-item; a line right
    after an item, not itself an item, continues it. A paragraph split by the
    PDF's page break (no closing punctuation, the next in lower case) is joined.

    Linear in the text's length: a paragraph's lines are collected in a list
    and joined once at the end (adding to a growing string, and searching it
    again for each line, made a long paragraph take quadratic time).
    """
    if "\x00" in text:
        raise ImportFejl("Filen er ikke en tekstfil. Brug .docx, .txt eller .md.")
    check_length(len(text))
    blocks, after_blank = [], True
    lines = []  # lines[i]: the pieces of blocks[i]'s text, with their separators
    previous_standalone = False
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = raw.rstrip(" \u00a0")
        if not line.strip():
            after_blank = True
            continue
        stripped = re.sub(r"^#+ +", "", line.lstrip(" "))  # a Markdown heading's marker
        bullet = re.match(r"[-•\u2013*] +", stripped)
        previous = blocks[-1] if blocks else None
        own_line = (
            after_blank or previous is None or standalone(stripped.strip()) or previous_standalone
        )
        if bullet and not stripped.startswith("**"):
            indent = len(line) - len(line.lstrip(" "))
            level = 1 + (indent + 3) // 4
            blocks.append(Blok("", punkt=level))
            lines.append([stripped[bullet.end() :].strip()])
        elif not own_line:
            # A line right under the one before: the paragraph or the item goes on.
            lines[-1] += ["\n", stripped.strip()]
        elif (
            after_blank
            and previous is not None
            and not previous.punkt
            and not CLOSED.search(lines[-1][-1])
            and stripped[:1].islower()
            and not previous_standalone
        ):
            lines[-1] += [" ", stripped.strip()]
        else:
            blocks.append(Blok(""))
            lines.append([stripped.strip()])
        # Only a short, single paragraph can be a heading or a contents entry.
        last = lines[-1]
        previous_standalone = len(last) == 1 and standalone(last[0])
        after_blank = False
    for block, pieces in zip(blocks, lines, strict=True):
        block.tekst = "".join(pieces)
    return blocks


def check_length(length):
    """Refuse a source longer than any plan, before the work of parsing it."""
    if length > MAX_TEXT_CHARS:
        raise ImportFejl(
            f"Teksten er for lang til en samarbejdsplan ({length // 1_000_000 or 1} mio. tegn; "
            f"højst {MAX_TEXT_CHARS // 1_000_000} mio.). Tjek, at det er den rigtige fil."
        )


def read_docx(content):
    """A Word document's paragraphs, with heading and list levels and emphasis."""
    import docx  # python-docx: loaded only when a Word document comes
    from docx.opc.exceptions import PackageNotFoundError
    from docx.table import Table

    check_unpacked_size(content)
    try:
        document = docx.Document(io.BytesIO(content))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError):
        raise ImportFejl(
            "Filen kan ikke læses som et Word-dokument (.docx). Er det en anden filtype med "
            "forkert navn? Gem dokumentet fra Word som »Word-dokument (.docx)«."
        ) from None
    except Exception as error:  # lxml's XML errors and the like: a damaged file
        raise ImportFejl(
            f"Word-dokumentet er beskadiget og kan ikke læses ({type(error).__name__})."
        ) from None
    if document.element.body.xpath(".//w:ins | .//w:del"):
        # python-docx reads neither pending insertions nor deletions: text would be lost.
        raise ImportFejl(
            "Dokumentet har ændringer, der ikke er accepteret (Spor ændringer). Vælg "
            "»Gennemse« → »Acceptér alle ændringer« i Word, gem, og importér igen."
        )
    blocks, styles = [], {}
    for item in document.iter_inner_content():
        if isinstance(item, Table):
            blocks.extend(table_rows(item))
            continue
        text = markdown_of_runs(item)
        if not text.strip():
            continue
        style, style_numbers = style_of(item, styles)
        blocks.append(
            Blok(
                text.strip(),
                overskrift=heading_level(style),
                punkt=list_level(item, style),
                nummer_fra_word=style_numbers or numbered(item),
            )
        )
    check_length(sum(len(block.tekst) for block in blocks))
    return blocks


def check_unpacked_size(content):
    """Refuse a .docx that unpacks to far more than a plan, before python-docx unpacks it.

    The sizes come from the zip's directory; reading a member stops at its
    stated size, so a file cannot unpack to more than it says.
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(content)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip: read_docx gives its own message
    document_xml = sum(m.file_size for m in members if m.filename == "word/document.xml")
    if document_xml > MAX_DOCUMENT_XML_BYTES or (
        sum(m.file_size for m in members) > MAX_UNPACKED_BYTES
    ):
        raise ImportFejl(
            "Word-dokumentet er for stort, når det pakkes ud (over "
            f"{MAX_DOCUMENT_XML_BYTES // 1_000_000} MB tekst og formatering eller "
            f"{MAX_UNPACKED_BYTES // 1_000_000} MB i alt). En samarbejdsplan fylder langt "
            "mindre: tjek, at det er den rigtige fil, eller gem den som tekst (.txt)."
        )


def table_rows(table):
    """A Word table as lines, a row a line, its cells joined by " · " (the
    plan's Markdown has no tables); the preview warns so that it is checked."""
    rows = []
    for row in table.rows:
        cells = []
        for cell in row.cells:
            text = " ".join(p.text.strip() for p in cell.paragraphs if p.text.strip())
            if text and (not cells or cells[-1] != text):  # a merged cell repeats
                cells.append(text)
        if cells:
            rows.append(Blok(" · ".join(cells), tabel=True))
    return rows


def style_names(style):
    """The style's name and those it is based on ("Min overskrift" → "Heading 2")."""
    names = []
    while style is not None and len(names) < 10:
        names.append(style.name or "")
        style = style.base_style
    return names


def heading_level(names):
    for name in names:
        match = re.fullmatch(r"(?:Heading|Overskrift) ([1-9])", name, re.IGNORECASE)
        if match:
            return int(match.group(1))
    return None


def list_level(paragraph, names):
    for name in names:
        match = re.fullmatch(r"List (?:Bullet|Number)(?: ([2-9]))?", name)
        if match:
            return int(match.group(1) or 1)
    num = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
    if num is not None and heading_level(names) is None:
        ilvl = num.ilvl.val if num.ilvl is not None else 0
        return int(ilvl) + 1
    return 0


def style_of(paragraph, known):
    """(style_names, whether the style numbers its paragraphs), once per style.

    python-docx looks a paragraph's style up among all the document's styles
    in Python (about 2 ms a paragraph): 5,000 paragraphs took 10-30 s. The
    answer for each style id is kept in `known` for the document's reading.
    """
    style_id = paragraph._p.style  # None for the default paragraph style
    if style_id not in known:
        style = paragraph.style
        known[style_id] = (style_names(style), style_numbers(style))
    return known[style_id]


def numbered(paragraph):
    """Whether Word numbers the paragraph itself (the number is not in its text)."""
    p_pr = paragraph._p.pPr
    return p_pr is not None and p_pr.numPr is not None


def style_numbers(style):
    """Whether the style, or one it is based on, numbers its paragraphs."""
    for _ in range(10):  # a damaged file can make styles based on each other in a ring
        if style is None:
            break
        s_pr = style.element.pPr
        if s_pr is not None and s_pr.numPr is not None:
            return True
        style = style.base_style
    return False


def markdown_of_runs(paragraph):
    """The paragraph's text with bold and italic as Markdown emphasis.

    Word splits text into runs at will, so neighbouring runs of the same
    emphasis are joined first; the spaces at a run's edge go outside the
    markers ("Den *generelle* indsats", not "Den *generelle *indsats").
    """
    pieces = []
    for run in paragraph.iter_inner_content():
        runs = run.runs if hasattr(run, "runs") else [run]  # a hyperlink holds runs
        for r in runs:
            mark = ("**" if r.bold else "") + ("*" if r.italic else "")
            text = r.text
            if pieces and pieces[-1][0] == mark:
                pieces[-1][1].append(text)  # joined once below: linear in the runs
            else:
                pieces.append([mark, [text]])
    out = []
    for mark, texts in pieces:
        text = "".join(texts)
        if not mark or not text.strip():
            out.append(text)
            continue
        for i, line in enumerate(text.split("\n")):
            if i:
                out.append("\n")
            core = line.strip()
            if not core:
                out.append(line)
                continue
            lead = line[: len(line) - len(line.lstrip())]
            trail = line[len(line.rstrip()) :]
            out.append(f"{lead}{mark}{core}{mark[::-1]}{trail}")
    return "".join(out)


# --- From paragraphs to sections ------------------------------------------------


def is_heading_text(text):
    return len(text) < HEADING_MAX_LENGTH and heading_match(text, styled=False) is not None


def heading_match(text, styled):
    """The HEADING match of a line; in plain text only with a title not in lower case.

    A paragraph in a Heading style is a heading whatever its title starts with.
    """
    match = HEADING.fullmatch(text)
    if match is None or styled:
        return match
    return None if match.group(2)[0].islower() else match


def standalone(text):
    """A heading or a contents entry: a line of its own in plain text."""
    return is_heading_text(text) or is_contents_entry(text)


def is_contents_entry(text):
    return len(text) < CONTENTS_ENTRY_MAX_LENGTH and CONTENTS_ENTRY.fullmatch(text) is not None


def parse(blocks):
    """The sections, warnings and errors of a source's paragraphs."""
    result = Resultat()
    styled = any(b.overskrift for b in blocks)
    counters = [0] * WORD_LEVELS
    current = None
    with_tables = set()
    for block in blocks:
        if current is None and is_contents_entry(block.tekst):
            result.indhold += 1
            continue
        heading = heading_of(block, styled, counters)
        if heading is not None:
            nummer, titel = heading
            if titel.translate(BIDI_CONTROLS) != titel:
                titel = clean_title(titel.translate(BIDI_CONTROLS))
                result.advarsler.append(
                    f"Afsnit {nummer}: titlen havde usynlige tegn, der styrer skriveretningen "
                    f"(fx U+202E); de er fjernet, så titlen nu er »{titel}«."
                )
            current = Afsnit(nummer, titel)
            result.afsnit.append(current)
            continue
        if current is None:
            if block.tekst.strip().lower() not in CONTENTS_TITLES:
                result.forside.append(block.tekst)
            continue
        if styled and block.overskrift:
            # A heading without a number: kept as a bold line of the section's prose.
            result.advarsler.append(
                f"Overskriften »{block.tekst}« har intet nummer og er taget med som fed tekst "
                f"i afsnit {current.nummer}."
            )
            current.dele.append((0, f"**{block.tekst.strip('*')}**"))
            continue
        if block.tabel and current.nummer not in with_tables:
            with_tables.add(current.nummer)
            result.advarsler.append(
                f"Afsnit {current.nummer} har en tabel fra Word: dens rækker er taget med som "
                "linjer med » · « mellem cellerne. Tjek teksten efter importen."
            )
        current.dele.append((block.punkt, format_item(block)))
    take_signatories(result)
    propose_kinds(result.afsnit)
    check(result)
    return result


def heading_of(block, styled, counters):
    """(number, title) when the paragraph starts a section, else None."""
    if block.punkt:
        return None
    plain = block.tekst.replace("**", "").replace("*", "").strip()
    if styled and not block.overskrift:
        return None
    match = heading_match(plain, styled)
    if match and (styled or len(plain) < HEADING_MAX_LENGTH):
        nummer, titel = match.group(1), match.group(2)
        parts = [int(p) for p in nummer.split(".")]
        counters[:] = (parts + [0] * WORD_LEVELS)[:WORD_LEVELS]
        return nummer, clean_title(titel)
    if styled and block.nummer_fra_word:
        # Word's own heading numbers are not in the text: count them as Word does
        # (a fourth level and deeper is then refused by check(), as in text).
        level = block.overskrift
        counters[level - 1] += 1
        counters[level:] = [0] * (WORD_LEVELS - level)
        nummer = ".".join(str(n) for n in counters[:level])
        return nummer, clean_title(plain)
    return None


def clean_title(titel):
    titel = re.sub(r"\s+", " ", titel).strip()
    return titel[:-1].rstrip() if titel.endswith(".") and not titel.endswith("..") else titel


def format_item(block):
    """A paragraph as is; a bullet item with its marker, continuation lines indented."""
    if not block.punkt:
        return block.tekst
    prefix = "    " * (block.punkt - 1) + "- "
    lines = block.tekst.split("\n")
    rest = "".join("\n" + " " * len(prefix) + line.strip() for line in lines[1:])
    return prefix + lines[0].strip() + rest


def take_signatories(result):
    """A run of names at the end of a section: the plan's signatories, not its prose.

    The 2020 plan lists its eight signatories, name by name, under the
    introduction; they belong in the plan's list of signatories.
    """
    for afsnit in result.afsnit:
        run = []
        for punkt, text in reversed(afsnit.dele):
            if punkt or not NAME.fullmatch(text):
                break
            run.append(text)
        if len(run) >= SIGNATORIES_MIN:
            del afsnit.dele[-len(run) :]
            result.underskrivere = list(reversed(run))
            return


def propose_kinds(sections):
    """A kind for each section from its title's words, else its parent's kind."""
    by_number = {}
    for afsnit in sections:
        kind = kind_from_title(afsnit.titel)
        if kind is None:
            parent = by_number.get(afsnit.nummer.rpartition(".")[0])
            kind = parent.art if parent is not None else Art.GENEREL
        afsnit.art = kind
        by_number[afsnit.nummer] = afsnit


def kind_from_title(titel):
    lower = titel.lower()
    return next((art for word, art in KIND_WORDS if word in lower), None)


def check(result):
    """Errors that stop the import; warnings the secretariat should read first."""
    if not result.afsnit:
        result.fejl.append(
            "Der er ingen nummererede overskrifter i teksten, fx »1. Indledning« eller "
            "»3.1.2 Indbrud i privat beboelse«. Hvert afsnit skal begynde med sit nummer."
        )
        return
    seen = set()
    previous = None
    for afsnit in result.afsnit:
        n = afsnit.nummer
        try:
            nummer_validator(n)
        except Exception:
            result.fejl.append(
                f"Afsnit {n} »{afsnit.titel}«: et nummer har én til tre dele, hver under "
                "100 (fx 4, 3.1 eller 3.1.4)."
            )
            continue
        if n in seen:
            result.fejl.append(f"Nummeret {n} står to gange (»{afsnit.titel}«).")
            continue
        if len(afsnit.titel) > TITLE_MAX_LENGTH:
            result.fejl.append(f"Afsnit {n}: titlen er over {TITLE_MAX_LENGTH} tegn.")
        # A missing parent is an error of the import (saving.plan_import), which
        # also knows the sections of the draft imported into.
        expected = expected_before(n)
        if previous is not None and order_from_number(n) < order_from_number(previous):
            result.advarsler.append(f"Afsnit {n} står efter {previous}.")
        elif expected is not None and expected not in seen:
            result.huller.append((n, expected, previous))
        seen.add(n)
        previous = n
    parents = {  # every number with a section under it; a set, so linear
        ".".join(parts[:i])
        for parts in (a.nummer.split(".") for a in result.afsnit)
        for i in range(1, len(parts))
    }
    for afsnit in result.afsnit:
        if not afsnit.dele and afsnit.nummer not in parents:
            result.advarsler.append(f"Afsnit {afsnit.nummer} »{afsnit.titel}« har ingen tekst.")
        result.advarsler.extend(removed_markup(afsnit))


# Only a text with one of these can have HTML or a link for the sanitiser to
# remove; the rest is not rendered for the check (Markdown takes time).
MARKUP_SIGNS = ("<", "](", "]:", "][", "&")


def removed_markup(afsnit):
    """Warnings for the HTML and links the public pages will remove from the prose."""
    tekst = afsnit.tekst
    if not any(sign in tekst for sign in MARKUP_SIGNS):
        return []
    fjernet = removed_by_sanitiser(tekst)
    warnings = []
    if fjernet.koder:
        koder = ", ".join(f"<{kode}>" for kode in fjernet.koder)
        warnings.append(
            f"Afsnit {afsnit.nummer} har HTML-koder ({koder}), som fjernes på de offentlige "
            "sider. Skriv teksten uden HTML; brug **fed** og *kursiv*."
        )
    if fjernet.links:
        targets = ", ".join(f"»{link[:60]}«" for link in fjernet.links[:5])
        n = len(fjernet.links)
        warnings.append(
            f"Afsnit {afsnit.nummer} har {'et link' if n == 1 else f'{n} links'}, "
            f"der ikke virker på de offentlige sider ({targets}): kun links, der begynder med "
            "https://, http:// eller mailto:, bliver til links."
        )
    return warnings


def gap_message(nummer, missing, previous):
    after = f" efter {previous}" if previous else ""
    return f"Hul i nummereringen: {nummer} kommer{after}, men {missing} mangler."


def expected_before(nummer):
    """The number that should come before: 3.1.2 after 3.1.1, 4 after 3; None for 1 or 3.1."""
    parts = nummer.split(".")
    last = int(parts[-1])
    if last <= 1:
        return None
    return ".".join([*parts[:-1], str(last - 1)])


def parse_source(content, filename):
    """Read and parse; an unreadable source is an error in the result, not an exception."""
    try:
        blocks = read(content, filename)
    except ImportFejl as error:
        return Resultat(fejl=[str(error)])
    return parse_blocks(blocks)


def parse_blocks(blocks):
    if not blocks:
        return Resultat(fejl=["Filen er tom: den har ingen tekst."])
    return parse(blocks)

"""The parser's rules one by one: headings, emphasis, lists, contents, kinds."""

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from importering.parsing import parse_source

from .word import document_of, to_bytes


def sections(content, name="plan.docx"):
    resultat = parse_source(content, name)
    return [(a.nummer, a.titel, a.tekst) for a in resultat.afsnit], resultat


def numbered_by_word(*headings):
    """A .docx whose headings Word numbers itself (numPr): no number in their text."""
    document = docx.Document()
    for style, text in headings:
        paragraph = document.add_paragraph(text, style=style)
        numbering = OxmlElement("w:numPr")
        num_id = OxmlElement("w:numId")
        num_id.set(qn("w:val"), "1")
        numbering.append(num_id)
        paragraph._p.get_or_add_pPr().append(numbering)
        document.add_paragraph("Tekst.")
    return to_bytes(document)


def test_emphasis_keeps_its_spaces_outside_the_markers_and_joins_split_runs():
    document = docx.Document()
    document.add_paragraph("1. Indledning", style="Heading 1")
    paragraph = document.add_paragraph("Den ")
    paragraph.add_run("gene").italic = True
    paragraph.add_run("relle ").italic = True  # Word splits runs at will
    paragraph.add_run("indsats og ")
    run = paragraph.add_run("fed og kursiv")
    run.bold = run.italic = True
    found, _ = sections(to_bytes(document))
    assert found == [("1", "Indledning", "Den *generelle* indsats og ***fed og kursiv***")]


def test_words_own_heading_numbers_are_counted_as_word_counts_them():
    found, resultat = sections(
        numbered_by_word(
            ("Heading 1", "Indledning"),
            ("Heading 1", "Særlige indsatsområder"),
            ("Heading 2", "Nationale fokusområder"),
            ("Heading 3", "Tryghed"),
            ("Heading 2", "Lokale fokusområder"),
        )
    )
    assert [(n, t) for n, t, _ in found] == [
        ("1", "Indledning"),
        ("2", "Særlige indsatsområder"),
        ("2.1", "Nationale fokusområder"),
        ("2.1.1", "Tryghed"),
        ("2.2", "Lokale fokusområder"),
    ]
    assert [a.art for a in resultat.afsnit] == [
        "indledning",
        "generel",
        "national",
        "national",
        "lokal",
    ]


def test_a_heading_without_a_number_stays_in_the_prose_with_a_warning():
    found, resultat = sections(
        document_of(
            ("Heading 1", "1. Indledning"),
            ("Normal", "Tekst."),
            ("Heading 2", "Baggrund"),
            ("Normal", "Mere."),
        )
    )
    assert found == [("1", "Indledning", "Tekst.\n\n**Baggrund**\n\nMere.")]
    assert resultat.advarsler == [
        "Overskriften »Baggrund« har intet nummer og er taget med som fed tekst i afsnit 1."
    ]


def test_in_a_word_document_only_heading_styles_start_sections():
    found, _ = sections(
        document_of(
            ("Heading 1", "1. Indledning"),
            ("Normal", "2. Dette er et nummereret punkt i teksten"),
        )
    )
    assert found == [("1", "Indledning", "2. Dette er et nummereret punkt i teksten")]


def test_plain_text_lists_sub_items_continuations_and_headings_with_a_period():
    text = (
        "Forside\n\nIndhold\n\n1. Indledning\t3\n2. Mål\t4\n\n"
        "1. Indledning.\n\nAfsnit med\nto linjer.\n\n"
        "2. Mål\n\n- Et punkt\nder fortsætter\n• Et andet\n - Et underpunkt\n\nSlut.\n"
    )
    found, resultat = sections(text.encode(), "plan.txt")
    assert found == [
        ("1", "Indledning", "Afsnit med\nto linjer."),
        ("2", "Mål", "- Et punkt\n  der fortsætter\n- Et andet\n    - Et underpunkt\n\nSlut."),
    ]
    assert resultat.forside == ["Forside"]
    assert resultat.indhold == 2


def test_a_gap_and_an_order_out_of_step_are_warned():
    _, resultat = sections(b"1. A\n\nx\n\n3. C\n\nx\n\n2. B\n\nx\n", "plan.txt")
    assert resultat.huller == [("3", "2", "1")]
    assert resultat.advarsler == ["Afsnit 2 står efter 3."]


def test_a_word_table_is_kept_as_lines_with_a_warning():
    document = docx.Document()
    document.add_paragraph("4.5 Særligt udsatte boligområder", style="Heading 2")
    document.add_paragraph("Områderne:")
    table = document.add_table(rows=2, cols=2)
    for row, (area, town) in zip(
        table.rows, [("Sundparken", "Horsens"), ("Skovparken", "Kolding")], strict=True
    ):
        row.cells[0].text, row.cells[1].text = area, town
    document.add_paragraph("Efter tabellen.")
    found, resultat = sections(to_bytes(document))
    assert found[0][2] == (
        "Områderne:\n\nSundparken · Horsens\n\nSkovparken · Kolding\n\nEfter tabellen."
    )
    assert resultat.advarsler == [
        "Afsnit 4.5 har en tabel fra Word: dens rækker er taget med som linjer med » · « "
        "mellem cellerne. Tjek teksten efter importen."
    ]


def test_a_document_with_tracked_changes_is_refused_until_they_are_accepted():
    document = docx.Document()
    document.add_paragraph("1. Indledning", style="Heading 1")
    paragraph = document.add_paragraph("Fast tekst. ")
    insertion = OxmlElement("w:ins")
    for name, value in [
        ("w:id", "1"),
        ("w:author", "Sekretariatet"),
        ("w:date", "2026-01-01T00:00:00Z"),
    ]:
        insertion.set(qn(name), value)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "Indsat tekst."
    run.append(text)
    insertion.append(run)
    paragraph._p.append(insertion)
    _, resultat = sections(to_bytes(document))
    assert resultat.afsnit == []
    assert resultat.fejl == [
        "Dokumentet har ændringer, der ikke er accepteret (Spor ændringer). Vælg "
        "»Gennemse« → »Acceptér alle ændringer« i Word, gem, og importér igen."
    ]


def test_a_word_heading_deeper_than_three_levels_is_refused_as_in_text():
    docx_found, from_word = sections(
        document_of(
            ("Heading 1", "3. Særlige indsatser"),
            ("Normal", "Tekst."),
            ("Heading 3", "3.1.2.4.5.6 Dybt"),
            ("Normal", "Mere."),
        )
    )
    _, from_text = sections(b"3. A\n\nx\n\n3.1.2.4.5.6 Dybt\n\ny\n", "plan.txt")
    for resultat in (from_word, from_text):
        assert resultat.fejl == [
            "Afsnit 3.1.2.4.5.6 »Dybt«: et nummer har én til tre dele, hver under 100 "
            "(fx 4, 3.1 eller 3.1.4)."
        ]
        assert not any("har intet nummer" in a for a in resultat.advarsler)


def test_a_word_numbered_fourth_level_heading_is_refused():
    levels = [(f"Heading {n}", f"Niveau {n}") for n in (1, 2, 3, 4)]
    _, resultat = sections(numbered_by_word(*levels))
    assert [a.nummer for a in resultat.afsnit] == ["1", "1.1", "1.1.1", "1.1.1.1"]
    assert resultat.fejl and resultat.fejl[0].startswith("Afsnit 1.1.1.1 »Niveau 4«")


def test_a_heading_style_with_a_number_is_a_heading_whatever_its_title_looks_like():
    found, resultat = sections(
        document_of(
            ("Heading 1", "1. <script>alert('h1')</script> Indledning"),
            ("Normal", "Tekst."),
            ("Heading 1", "2. »Tryghed« i byen"),
            ("Normal", "Mere."),
        )
    )
    assert [(n, t) for n, t, _ in found] == [
        ("1", "<script>alert('h1')</script> Indledning"),
        ("2", "»Tryghed« i byen"),
    ]
    assert resultat.forside == [] and resultat.huller == []


def test_in_text_a_title_may_start_with_a_quotation_mark_or_punctuation_not_lower_case():
    text = "1. A\n\nx\n\n2. »Tryghed« i byen\n\ny\n\n3. „Citat“\n\nz\n\n"
    text += "4. klasserne er med.\n\nSlut.\n"
    found, resultat = sections(text.encode(), "plan.txt")
    assert [(n, t) for n, t, _ in found] == [
        ("1", "A"),
        ("2", "»Tryghed« i byen"),
        ("3", "„Citat“"),
    ]
    assert found[2][2] == "z\n\n4. klasserne er med.\n\nSlut."  # lower case: prose, not a heading
    assert resultat.huller == []


def test_html_and_links_the_public_pages_remove_are_warned_of():
    text = (
        "1. Indledning\n\nTekst med <img src=x onerror=alert(1)> og <b>fed</b>.\n\n"
        "[klik](javascript:alert(1)) og [data](data:text/html,x) og [god](https://politi.dk)\n"
    )
    _, resultat = sections(text.encode(), "plan.txt")
    assert resultat.advarsler == [
        "Afsnit 1 har HTML-koder (<b>, <img>), som fjernes på de offentlige sider. Skriv "
        "teksten uden HTML; brug **fed** og *kursiv*.",
        "Afsnit 1 har 2 links, der ikke virker på de offentlige sider (»javascript:alert(1)«, "
        "»data:text/html,x«): kun links, der begynder med https://, http:// eller mailto:, "
        "bliver til links.",
    ]


def test_an_entity_encoded_or_reference_link_is_found_too_and_markdown_alone_is_not():
    text = "1. A\n\n[a](&#106;avascript:x) [b][1] **fed** <https://politi.dk>\n\n[1]: vbscript:y\n"
    _, resultat = sections(text.encode(), "plan.txt")
    assert resultat.advarsler == [
        "Afsnit 1 har 2 links, der ikke virker på de offentlige sider (»javascript:x«, "
        "»vbscript:y«): kun links, der begynder med https://, http:// eller mailto:, "
        "bliver til links."
    ]


def test_bidi_controls_are_removed_from_titles_with_a_warning():
    text = "1. Uni\u202ecode \u200f RTL\n\nTekst.\n\n2. Indledning \u202eevil\u202c\n\nMere.\n"
    found, resultat = sections(text.encode(), "plan.txt")
    assert [(n, t) for n, t, _ in found] == [("1", "Unicode RTL"), ("2", "Indledning evil")]
    assert resultat.advarsler == [
        "Afsnit 1: titlen havde usynlige tegn, der styrer skriveretningen (fx U+202E); de er "
        "fjernet, så titlen nu er »Unicode RTL«.",
        "Afsnit 2: titlen havde usynlige tegn, der styrer skriveretningen (fx U+202E); de er "
        "fjernet, så titlen nu er »Indledning evil«.",
    ]
    word, _ = sections(document_of(("Heading 1", "1. \u2067Tryghed\u2069"), ("Normal", "x")))
    assert word[0][1] == "Tryghed"

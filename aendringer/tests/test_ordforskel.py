"""The word diff reads well: a replaced word and its replacement never touch, and a
Markdown text is compared as readers see it (bullets, a link's words), escaped."""

import re

from aendringer.ordforskel import ordforskel
from aendringer.sammenligning import prose_change

SR = r'<span class="sr-only">[^<]*</span>'


def reading(html, drop):
    """The diff as one version reads: without the other version's marks and the labels."""
    html = re.sub(SR, "", html)
    html = re.sub(rf"<{drop}>.*?</{drop}>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", "", html)


def test_a_replaced_word_and_its_replacement_do_not_touch():
    diff = ordforskel("Indsatsen mod hæleri fastholdes", "Trygheds- og indbrudsprojektet styrkes")
    assert "</del><ins>" not in diff
    assert re.search(r"</del> <ins>", diff)
    assert "hæleri" in diff and "indbrudsprojektet" in diff


def test_the_separator_is_no_change():
    old, new = "Indsatsen fastholdes i 2021.", "Indsatsen styrkes markant i 2021."
    diff = ordforskel(old, new)
    # Each version reads as it was, but for the one space between a removal and an
    # addition (outside both, so neither version's words change).
    assert reading(diff, "ins").replace("  ", " ") == old
    assert reading(diff, "del").replace("  ", " ") == new
    assert '<del><span class="sr-only">fjernet: </span>fastholdes</del> <ins>' in diff
    # A removal alone, or one ending in a space, gets no extra space.
    assert "</del> " not in ordforskel("a b c", "a c").replace("</del> c", "")
    assert " " not in ordforskel("a", "a b").split("</ins>")[-1]


def test_prose_is_compared_as_readers_see_it():
    old = "Indledning.\n\n- fastholde trygheden\n- se [planen](https://politi.dk/plan)"
    new = "Indledning.\n\n- styrke trygheden\n- se [planen](https://politi.dk/plan)"
    diff = prose_change("Tekst", old, new).forskel
    assert "• " in diff and "- fastholde" not in diff
    assert "https://" not in diff and "[planen]" not in diff
    assert '<del><span class="sr-only">fjernet: </span>fastholde</del> <ins>' in diff


def test_a_change_only_in_the_markdown_is_shown_in_the_source():
    old = "Se [planen](https://politi.dk/a)."
    new = "Se [planen](https://politi.dk/b)."
    diff = prose_change("Tekst", old, new).forskel
    assert "<del" in diff and "<ins" in diff  # never "changed" with nothing marked
    assert prose_change("Tekst", old, old + "  \r\n") is None


def test_the_diff_stays_escaped():
    diff = prose_change("Tekst", "Tekst.", "Tekst <script>alert(1)</script> <b>fed</b>.").forskel
    # As readers see it: the page strips the script and the tag; nothing of them runs here.
    assert "<script" not in diff and "<b>" not in diff
    assert '<ins><span class="sr-only">tilføjet: </span> fed</ins>' in diff
    # Plain text that looks like a tag (escaped in the Markdown) is shown escaped.
    shown = prose_change("Tekst", "a", "a &lt;img src=x onerror=alert(1)&gt;").forskel
    assert "<img" not in shown and "&lt;img" in shown

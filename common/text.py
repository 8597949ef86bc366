"""Text helpers shared by the apps: Danish slugs and safe Markdown."""

import html
import re

import markdown
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import slugify

# slugify() drops letters it cannot transliterate: "Læsø" would become "ls".
DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def slug_da(value):
    """A URL slug that spells Danish letters out: "Læsø" -> "laesoe"."""
    return slugify(str(value).translate(DANISH_LETTERS))


# What Markdown may produce and an editor may need; anything else (script,
# style, iframe, event handlers, javascript: links) is stripped by nh3.
ALLOWED_TAGS = {
    "p", "br", "em", "strong", "ul", "ol", "li", "a", "blockquote", "code",
    "h3", "h4", "h5", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def render_markdown(text):
    """Markdown to sanitised HTML.

    nl2br: a line break in the editor is a line break on the page, as in the
    source plan (a bullet's title on one line, its explanation on the next).
    """
    html = markdown.markdown(text or "", extensions=["sane_lists", "nl2br"], output_format="html")
    return mark_safe(
        nh3.clean(
            html,
            tags=ALLOWED_TAGS,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
    )


def linjeskift(text):
    """`text` with every line ended by "\\n" (from "\\r\\n" or a lone "\\r").

    A browser's textarea sends CR LF; the portal keeps "\\n" only (as the seed,
    copy_plan and the import do), so a text saved without edits stays the same.
    """
    return text.replace("\r\n", "\n").replace("\r", "\n") if isinstance(text, str) else text


def sammenlignelig(text):
    """`text` as two versions are compared: "\\n" line endings, no white space at line ends.

    A row saved with CR LF before the admin normalised them, or a stray space at
    a line's end, is no change a reader can see.
    """
    lines = linjeskift(text or "").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip("\n")


def markdown_som_tekst(text):
    """Markdown as a reader sees it, in plain text: "• " for a bullet, a link's words only.

    Paragraphs are kept apart by an empty line, lines as the editor broke them.
    The result is plain text (not HTML): escape it wherever it is shown.
    """
    rendered = render_markdown(text)
    rendered = re.sub(r"<br\s*/?>\n?", "\n", rendered)
    rendered = re.sub(r"<li[^>]*>", "• ", rendered)
    rendered = re.sub(r"</(p|h\d|blockquote|ul|ol|table)>", r"</\1>\n", rendered)
    # Spaces run together as a browser runs them together.
    lines = [" ".join(line.split()) for line in html.unescape(strip_tags(rendered)).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")

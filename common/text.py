"""Text helpers shared by the apps: Danish slugs and safe Markdown."""

import markdown
import nh3
from django.utils.safestring import mark_safe
from django.utils.text import slugify

# slugify() drops letters it cannot transliterate: "Læsø" would become "ls".
DANISH_LETTERS = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def antal(n, ental, flertal):
    """ "1 linje", "3 linjer": a count with the Danish singular or plural."""
    return f"{n} {ental if n == 1 else flertal}"


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

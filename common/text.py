"""Text helpers shared by the apps: Danish slugs and safe Markdown."""

import html
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import nh3
from django.utils.html import strip_tags
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
    return mark_safe(sanitise(markdown_html(text)))


def markdown_html(text):
    return markdown.markdown(text or "", extensions=["sane_lists", "nl2br"], output_format="html")


def sanitise(html):
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


@dataclass
class Fjernet:
    """What the sanitiser removes from a text's Markdown on the public pages."""

    koder: list  # HTML tags, e.g. ["iframe", "img"]
    links: list  # link targets, e.g. ["javascript:alert(1)"]

    def __bool__(self):
        return bool(self.koder or self.links)


def removed_by_sanitiser(text):
    """The tags and link targets `render_markdown` drops from `text`.

    Found by rendering with the same sanitiser and comparing the tags and
    link targets before and after, so that it never disagrees with the pages.
    """
    html = markdown_html(text)
    before, after = _Markup.of(html), _Markup.of(sanitise(html))
    koder = sorted(before.tags - after.tags)
    links = list((before.links - after.links).elements())
    return Fjernet(koder, links)


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.links = Counter(), Counter()

    @classmethod
    def of(cls, html):
        parser = cls()
        parser.feed(html)
        parser.close()
        return parser

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        self.links.update(v or "" for name, v in attrs if name == "href")


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

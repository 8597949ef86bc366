"""Text helpers shared by the apps: Danish slugs and safe Markdown."""

from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser

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

"""Searching Danish text the same way on PostgreSQL and SQLite.

A search is split into words; Danish stop words ("og", "i", "den") are dropped;
each word is stemmed with Snowball's Danish stemmer (the algorithm of
PostgreSQL's `danish` configuration) and matches any word of the text that
*starts* with its stem. So a word finds its inflections and its compounds
("færdsel" → "færdselssikkerhed", "indbrud" → "indbrudssikring", "sikker" →
"Sikre"), and never a word that merely contains it ("ung" is not "tung", "SSP"
is not "forebyggelsesspecialisterne"). Every word must be found.

- PostgreSQL: `to_tsvector('danish', …) @@ to_tsquery('danish', 'ord:*' & …)`,
  the same expressions the GIN indexes of the `soegning` migration are built on.
- SQLite: one case-insensitive regular expression per word, `\\b<stem>` (Django
  gives SQLite Python's `re`, which folds æ, ø and å and knows word boundaries).

The models say which of their fields are searched (see `matches`); pages
highlight with `highlight` and `snippet`, which use the same stems.
"""

import html
import re
from dataclasses import dataclass
from functools import cache

import snowballstemmer
from django.db.models import BooleanField, F, Func, Q, TextField, Value
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from .text import render_markdown

# Letters and digits; "_" and everything else separate words. Only these ever
# reach SQL (as parameters), so no input can be tsquery syntax.
WORD = re.compile(r"[^\W_]+")
MAX_LENGTH = 200  # characters of a search that are read
MAX_WORDS = 8  # words of a search that are read

# PostgreSQL's danish.stop (Snowball's Danish stop word list): dropped on both
# databases, so that the two agree on which words count.
_STOP_WORDS_TEXT = """og i jeg det at en den til er som på de med han af for ikke der var mig sig
    men et har om vi min havde ham hun nu over da fra du ud sin dem os op man hans
    hvor eller hvad skal selv her alle vil blev kunne ind når være dog noget ville jo
    deres efter ned skulle denne end dette mit også under have dig anden hende mine
    alt meget sit sine vor mod disse hvis din nogle hos blive mange ad bliver hendes
    været thi jer sådan"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())


@cache
def _stemmer():
    return snowballstemmer.stemmer("danish")


def stem(word):
    return _stemmer().stemWord(word.lower())


def words_of(text):
    """The words of a text, lower case."""
    return [w.lower() for w in WORD.findall(text or "")]


@dataclass(frozen=True)
class Search:
    """What a visitor typed, read as words to find.

    `words` are all the words read (for suggestions and for finding a
    municipality's name); `terms` the ones searched for; `shortened` tells that
    the text was longer than what is read.
    """

    text: str
    words: tuple
    terms: tuple
    shortened: bool = False

    @classmethod
    def parse(cls, text, ignore=()):
        text = (text or "").strip()
        read = text[:MAX_LENGTH]
        words = words_of(read)
        shortened = len(text) > MAX_LENGTH or len(words) > MAX_WORDS
        words = tuple(words[:MAX_WORDS])
        terms = tuple(dict.fromkeys(w for w in words if w not in STOP_WORDS and w not in ignore))
        return cls(text=read, words=words, terms=terms, shortened=shortened)

    @property
    def words_to_name(self):
        """The terms a page may say the plan lacks: not numbers or single
        characters, which a reader typed as part of something else ("3.1.2")."""
        return tuple(t for t in self.terms if len(t) > 1 and not t.isdigit())

    @property
    def stems(self):
        return tuple(stem(t) for t in self.terms)

    def __bool__(self):
        return bool(self.terms)


# --- Matching in the database ---------------------------------------------------


class DanishDocument(Func):
    """`to_tsvector('danish', COALESCE(a, '') || ' ' || COALESCE(b, ''))`.

    Written out so that it is, expression for expression, what the GIN indexes
    in soegning/migrations are built on: PostgreSQL uses an index only for the
    very expression it indexes.
    """

    template = "to_tsvector('danish'::regconfig, %(expressions)s)"
    arg_joiner = " || ' ' || "

    def __init__(self, *fields):
        parts = [
            Func(F(f), template="COALESCE(%(expressions)s, '')", output_field=TextField())
            for f in fields
        ]
        super().__init__(*parts, output_field=TextField())


class DanishPrefixQuery(Func):
    """`to_tsquery('danish', 'færdsel:* & sikker:*')`: each word stemmed, as a prefix."""

    template = "to_tsquery('danish'::regconfig, %(expressions)s)"

    def __init__(self, terms):
        super().__init__(Value(" & ".join(f"{t}:*" for t in terms)), output_field=TextField())


class Matches(Func):
    template = "(%(expressions)s)"
    arg_joiner = " @@ "
    output_field = BooleanField()


def matches(search, fields, vendor):
    """A condition (for filter() or When()) true where every term of `search`
    begins a word in one of `fields` (lookups such as "titel" or "afsnit__titel")."""
    if not search:
        return Q(pk__in=[])
    if vendor == "postgresql":
        return Q(Matches(DanishDocument(*fields), DanishPrefixQuery(search.terms)))
    condition = Q()
    for s in search.stems:
        pattern = r"\b" + re.escape(s)
        any_field = Q()
        for f in fields:
            any_field |= Q(**{f"{f}__iregex": pattern})
        condition &= any_field
    return condition


# --- Highlighting ------------------------------------------------------------------


def word_pattern(search):
    """The words of a text that a search finds: those beginning with one of its stems."""
    if not search:
        return None
    stems = sorted(set(search.stems), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, stems)) + r")\w*", re.IGNORECASE)


# Where a block of rendered Markdown ends (or a list begins): a heading, a
# paragraph, a list item. A snippet keeps them apart there.
_BLOCK_END = re.compile(r"</(?:li|h[1-6]|p|dt|dd|td|th|blockquote)>|<(?:ul|ol)\b", re.IGNORECASE)
_BLOCK = "\x00"  # never in rendered text: control characters are dropped from it below
_TERMINAL = tuple(".!?:;…")


def plain_text(markdown_text):
    """What a reader sees of an editor's Markdown, as text (no tags, entities read).

    Each heading, paragraph and list item ends with a full stop unless it has
    its own punctuation, so items read as items and not as one run-on sentence.
    """
    rendered = _BLOCK_END.sub(lambda m: _BLOCK + m[0], render_markdown(markdown_text))
    text = html.unescape(strip_tags(rendered))
    blocks = [" ".join(b.split()) for b in text.split(_BLOCK)]
    return " ".join(b if b.endswith(_TERMINAL) else b + "." for b in blocks if b)


def highlight(text, search):
    """`text` (plain) escaped, with the words the search finds in `<mark>`.

    Marks are put around words of the text, never in markup: the text is
    escaped piece by piece around them.
    """
    pattern = word_pattern(search)
    if pattern is None:
        return escape(text)
    out, at = [], 0
    for match in pattern.finditer(text):
        out += [escape(text[at : match.start()]), "<mark>", escape(match[0]), "</mark>"]
        at = match.end()
    out.append(escape(text[at:]))
    return mark_safe("".join(out))


def has_hit(text, search):
    pattern = word_pattern(search)
    return bool(pattern and pattern.search(text or ""))


def snippet(text, search, length=240):
    """About `length` characters of plain `text` around its first hit, highlighted."""
    text = " ".join((text or "").split())
    pattern = word_pattern(search)
    first = pattern.search(text) if pattern else None
    start = 0
    if first and first.start() > length // 3:
        start = text.rfind(" ", 0, first.start() - length // 3) + 1
    end = start + length
    if end < len(text):
        end = text.rfind(" ", start, end) if text.rfind(" ", start, end) > start else end
    piece = highlight(text[start:end], search)
    return mark_safe(("… " if start else "") + piece + (" …" if end < len(text) else ""))

"""A word-level difference of two texts, as escaped HTML with <del> and <ins>.

Plain text is compared (the comparison passes Markdown as readers see it,
`common.text.markdown_som_tekst`), not HTML: a changed word is then a changed
word, not a changed tag. Everything is escaped; each deletion and insertion
also says what it is in words for those who do not see the strike-through or
the colour ("fjernet:", "tilføjet:"). A replaced word is shown as the old
word, a space, the new word: the space stands outside both, so it is neither
removed nor added, and the two never read as one word.
"""

import re
from difflib import SequenceMatcher

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

# Words, runs of white space (kept, so the text reads as written) and single
# signs: "indbrud," is two tokens, so a changed comma does not mark the word.
TOKEN = re.compile(r"\s+|\w+|[^\w\s]")

# Unchanged text longer than this many tokens (about half as many words) is
# shortened to its ends: a long section with one changed word shows that word
# in its sentence, not the whole section again.
CONTEXT = 24


def tokens(text):
    return TOKEN.findall(text or "")


def shortened(run, first, last):
    """An unchanged run, with its middle left out where it is long."""
    keep_head = 0 if first else CONTEXT
    keep_tail = 0 if last else CONTEXT
    if len(run) <= keep_head + keep_tail + CONTEXT:
        return escape("".join(run))
    head = "".join(run[:keep_head])
    tail = "".join(run[len(run) - keep_tail :]) if keep_tail else ""
    return format_html('{}<span class="udeladt"> […] </span>{}', head, tail)


def ordforskel(old, new):
    """The difference of two texts, word by word, as safe HTML."""
    a, b = tokens(old), tokens(new)
    opcodes = SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    parts = []
    for n, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            parts.append(shortened(a[i1:i2], first=n == 0, last=n == len(opcodes) - 1))
            continue
        if i2 > i1:
            parts.append(
                format_html(
                    '<del><span class="sr-only">fjernet: </span>{}</del>', "".join(a[i1:i2])
                )
            )
            if j2 > j1 and not (a[i2 - 1].isspace() or b[j1].isspace()):
                parts.append(" ")
        if j2 > j1:
            parts.append(
                format_html(
                    '<ins><span class="sr-only">tilføjet: </span>{}</ins>', "".join(b[j1:j2])
                )
            )
    return mark_safe("".join(str(p) for p in parts))

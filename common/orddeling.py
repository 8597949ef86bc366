"""Soft hyphens (U+00AD) in long Danish words, for headings on a narrow screen.

Chromium on Debian has no hyphenation data, so `hyphens: auto` does nothing and
`overflow-wrap` breaks a long compound anywhere without a hyphen
("Ungdomskriminalit|etsnævnet"). A soft hyphen is invisible unless the line
breaks there, when it shows as "-". Only for display: the text in the database,
the search and the page titles stay as written.
"""

import re
from functools import lru_cache

import pyphen

# Shorter words fit a 320 px line in a heading or a table cell; longer ones are
# the compounds that were broken mid-word ("Korskærparken" has 13 letters).
MIN_LENGTH = 12
SOFT_HYPHEN = "\u00ad"
# At least three letters on each side of a break: "Korskær-par-ken", never "Ko-".
DICTIONARY = pyphen.Pyphen(lang="da_DK", left=3, right=3)
LONG_WORD = re.compile(rf"\w{{{MIN_LENGTH},}}")


@lru_cache(maxsize=4096)
def hyphenate_word(word):
    return DICTIONARY.inserted(word, hyphen=SOFT_HYPHEN)


def soft_hyphens(text):
    """The text with soft hyphens at the dictionary's break points in each long word."""
    return LONG_WORD.sub(lambda m: hyphenate_word(m[0]), text)

"""Which GET parameters a public page reads, declared beside its view.

A page is a function of its address and the parameters it reads, so only those
may make a new cache entry. Anything else in a query string (tracking tags,
cache busters, random junk) is dropped before the view runs: the view cannot
read it by mistake, the page cache keys on what is left, and `?r=<random>`
costs no more than the plain page.

Each view says what it reads with `@reads_query(...)`; `public_page`
(web/caching.py) refuses a view without it, and a test walks every
public URL pattern to check that each has one.
"""

import unicodedata

from django.http import QueryDict
from django.utils.http import urlencode


class QueryParameters:
    """The GET parameters a view reads, and how each is written in canonical form.

    `normalise` maps a name to a function giving the canonical spelling of a
    value, or "" for the default (which is then left out, as `?page=1` is the
    same page as no page at all).
    """

    def __init__(self, *names, **normalise):
        self.names = tuple(sorted({*names, *normalise}))
        self.normalise = normalise

    def canonical(self, query):
        """The (name, value) pairs the view reads, sorted, with empty and default values left out.

        One value per name, the last, as Django's forms and the paginator read
        it (`QueryDict.get`), so the view sees exactly what it saw before.
        """
        pairs = []
        for name in self.names:
            value = query.get(name)
            if value is not None and name in self.normalise:
                value = self.normalise[name](value)
            if value:
                pairs.append((name, value))
        return pairs

    def __repr__(self):
        return f"QueryParameters{self.names!r}"


def reads_query(*names, **normalise):
    """Declare the GET parameters a view (class or function) reads: `@reads_query("kommune")`."""

    def declare(view):
        view.query_parameters = QueryParameters(*names, **normalise)
        return view

    return declare


def declared_parameters(view):
    """The declaration of a view function from `as_view()` or a decorator, or None."""
    return getattr(getattr(view, "view_class", view), "query_parameters", None)


def keep_only_declared(request, declared):
    """Let the view see only the parameters it declared, in canonical form.

    The query string is rewritten too, so that `request.get_full_path()` (the
    login link's `next`, the cache key) never carries a parameter the page
    ignores into a page stored for every visitor.
    """
    if getattr(request, "_query_canonical", False) or not request.META.get("QUERY_STRING"):
        return
    query_string = urlencode(declared.canonical(request.GET))
    request.META["QUERY_STRING"] = query_string
    request.GET = QueryDict(query_string)
    request._query_canonical = True


def page_number(value):
    """`page` as the paginator reads it (`int()`): `01` and ` 2 ` are pages 1 and 2.

    Page 1 is the default, so it is left out; so is anything that is not a
    number, which every paged list shows as page 1 (`Paginator.get_page`).
    """
    try:
        number = int(value)
    except ValueError:
        return ""
    return "" if number == 1 else str(number)


def printable(value):
    """`value` without control characters (NUL, ESC, …): they cannot be typed,
    and echoed back they would put raw control bytes into a page. White space
    among them (tab, line feed) becomes a space."""
    return "".join(
        (" " if c.isspace() else "") if unicodedata.category(c) == "Cc" else c for c in value
    )


def stripped(value):
    """A text field's value as the form cleans it (surrounding white space
    removed), and without control characters."""
    return printable(value).strip()

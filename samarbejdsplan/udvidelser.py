"""How an app built on the plan adds to the plan's public pages (issue 19).

The plan may not import the apps above it (tests/test_structure.py), yet the
follow-up (the opfoelgning app) shows status on the initiative page, on the
initiative list and on a municipality's page, and filters the list by status.
Such an app registers here, in its AppConfig.ready(), which Django runs
before any URLconf (and so any view module) is loaded:

- `add_to_page(page, hook)`: `hook(view, context)` runs once per render of
  the page ("indsats", "indsats_liste", "kommune") and may add to its context
  or mark the initiatives it shows. Once per page, never per item, so that a
  page's query count stays the same whatever the plan's size. Templates to
  include go in the context's `sidedele`; the pages include each of them.
- `add_list_filter(name, make)`: `make(plan)` gives a django-filter Filter for
  the initiative list, read from the GET parameter `name`.
"""

from collections import defaultdict

_page_hooks = defaultdict(list)
_list_filters = {}
_list_filters_read = False


def add_to_page(page, hook):
    _page_hooks[page].append(hook)


def extend_context(page, view, context):
    context.setdefault("sidedele", [])
    for hook in _page_hooks[page]:
        hook(view, context)
    return context


def add_list_filter(name, make):
    if _list_filters_read:
        # The list's declared GET parameters are read once, when its view is defined.
        raise RuntimeError(f"The list filter {name!r} was added after the list's view was defined.")
    _list_filters[name] = make


def list_filter_names():
    global _list_filters_read
    _list_filters_read = True
    return list(_list_filters)


def list_filters(plan):
    """name → a Filter for this plan, for every registered filter."""
    return {name: make(plan) for name, make in _list_filters.items()}

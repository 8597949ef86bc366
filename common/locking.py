"""The lock every admin write checks.

What locks an object is the plan's business, not this app's:
`settings.CONTENT_LOCK` names an object with

- `why_locked(obj)`: a Danish message saying what locks `obj` and what to do
  instead, or None when `obj` may be changed;
- `open_choices(field_name, model)`: for a foreign key where new content is
  placed (a plan, a section), the objects of `model` that may take it; None
  for any other field;
- `choice_label(obj)`: how `obj` is named where it is chosen as such a
  target (a section with its plan's year);
- `why_not_open(obj)`: why `obj`, not among the open choices, cannot take new
  content (Danish, naming what locks it), or None;
- `forget(obj)`: drop what `why_locked` remembered of `obj` (after a save).
"""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


@cache
def content_lock():
    return import_string(settings.CONTENT_LOCK)

"""Keep `Samarbejdsplan.opdateret` true: any change to a plan's content is a change of the plan.

The public pages show "Senest opdateret" from it, and the page cache keys on
it, so an edit of one initiative, goal or signatory, or of a municipality's
name that a plan shows, must move it. Which plans show an object is declared
on its model (`plans_showing`, a lookup from Samarbejdsplan), so a new model
that plans show is one declaration beside its fields; the receivers below are
connected to every such model, its proxies and its many-to-many tables.
Loading fixtures (and so restoring a backup) leaves it as the data says: see
`loading_fixtures`.
"""

import contextlib
import contextvars

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone

from web.state import forget_content_state

from .models import Samarbejdsplan


def plans_showing(model, pks):
    """The condition on Samarbejdsplan for the plans that show these objects of
    `model`, from its declaration; None when no plan shows such objects."""
    lookup = getattr(model, "plans_showing", None)  # a proxy has its model's
    if lookup is None:
        return None
    return Q(**{f"{lookup}__in": list(pks)})


def showing_models():
    """Every model (proxies included) whose objects some plan shows."""
    return [m for m in apps.get_models() if getattr(m, "plans_showing", None) is not None]


# Fixtures save with raw=True, which post_save reports, but they set many-to-many
# relations through the ordinary API; `loaddata` (our subclass) raises this flag.
_loading_fixtures = contextvars.ContextVar("loading_fixtures", default=False)


@contextlib.contextmanager
def loading_fixtures():
    token = _loading_fixtures.set(True)
    try:
        yield
    finally:
        _loading_fixtures.reset(token)


def touch(model, pks):
    showing = plans_showing(model, pks)
    if showing is None:
        return
    plans = Samarbejdsplan.objects.filter(showing).values("pk")
    Samarbejdsplan.objects.filter(pk__in=plans).update(opdateret=timezone.now())
    content_changed()


def content_changed(**kwargs):
    """This process's next public request reads the content state anew, so an edit
    shows here at once (other processes see it within PAGE_STATE_INTERVAL). Now,
    for this connection, and again after the commit, for everyone else's."""
    forget_content_state()
    transaction.on_commit(forget_content_state)


def on_save(sender, instance, raw=False, **kwargs):
    if not raw:
        touch(sender, [instance.pk])


def on_delete(sender, instance, **kwargs):
    # Before the delete, while the object still links to its plans.
    touch(sender, [instance.pk])


def on_m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"} or _loading_fixtures.get():
        return
    if reverse and pk_set:
        touch(model, pk_set)  # e.g. kommune.indsats_set.add(...): the initiatives changed
    else:
        touch(type(instance), [instance.pk])


def connect():
    for model in showing_models():
        # Saving through a proxy model (the per-kind section admins) sends the
        # signals with the proxy as sender, so each proxy is connected too.
        if model._meta.concrete_model is not Samarbejdsplan:  # its own is auto_now
            post_save.connect(on_save, sender=model, dispatch_uid=f"touch-save-{model.__name__}")
            pre_delete.connect(on_delete, sender=model, dispatch_uid=f"touch-del-{model.__name__}")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created:  # an explicit one (Deltagelse) declares itself
                m2m_changed.connect(
                    on_m2m_changed, sender=through, dispatch_uid=f"touch-m2m-{through.__name__}"
                )
    # A plan's own save moves its `opdateret` (auto_now); adding or deleting one changes the count.
    post_save.connect(content_changed, sender=Samarbejdsplan, dispatch_uid="state-save-plan")
    post_delete.connect(content_changed, sender=Samarbejdsplan, dispatch_uid="state-del-plan")

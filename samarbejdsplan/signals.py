"""Keep `Samarbejdsplan.opdateret` true: any change to a plan's content is a change of the plan.

The public pages show "Senest opdateret" from it, and later the export and the
page cache key on it, so an edit of one initiative, goal or signatory, or of a
municipality's name that a plan shows, must move it. Loading fixtures (and
so restoring a backup) leaves it as the data says: see `loading_fixtures`.
"""

import contextlib
import contextvars

from django.apps import apps
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete
from django.utils import timezone

from indsatser.models import Aktoer, Deltagelse, Indsats, Maal
from kommuner.models import Boligomraade, Kommune

from .models import Afsnit, Samarbejdsplan, Underskriver
from .state import forget_content_state

# For each model: which plans show objects with the given primary keys.
PLANS_SHOWING = {
    Afsnit: lambda pks: Q(afsnit__in=pks),
    Underskriver: lambda pks: Q(underskrivere__in=pks),
    Indsats: lambda pks: Q(indsatser__in=pks),
    Maal: lambda pks: Q(afsnit__maal__in=pks),
    Deltagelse: lambda pks: Q(indsatser__deltagelser__in=pks),
    Kommune: lambda pks: Q(kommuner__in=pks),
    Boligomraade: lambda pks: Q(afsnit__boligomraader__in=pks),
    Aktoer: lambda pks: Q(indsatser__deltagelser__aktoer__in=pks),
    Samarbejdsplan: lambda pks: Q(pk__in=pks),
}


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
    # A per-kind proxy (SSPAfsnit, …) is its concrete model's rows.
    showing = PLANS_SHOWING[model._meta.concrete_model]
    plans = Samarbejdsplan.objects.filter(showing(list(pks))).values("pk")
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
    # Saving through a proxy model (the per-kind section admins) sends the
    # signals with the proxy as sender, so each proxy is connected too.
    for model in apps.get_models():
        concrete = model._meta.concrete_model
        if concrete in PLANS_SHOWING and concrete is not Samarbejdsplan:  # auto_now
            post_save.connect(on_save, sender=model, dispatch_uid=f"touch-save-{model.__name__}")
            pre_delete.connect(on_delete, sender=model, dispatch_uid=f"touch-del-{model.__name__}")
    # A plan's own save moves its `opdateret` (auto_now); adding or deleting one changes the count.
    post_save.connect(content_changed, sender=Samarbejdsplan, dispatch_uid="state-save-plan")
    post_delete.connect(content_changed, sender=Samarbejdsplan, dispatch_uid="state-del-plan")
    for through in (
        Samarbejdsplan.kommuner.through,
        Afsnit.boligomraader.through,
        Indsats.kommuner.through,
        Maal.kommuner.through,
    ):
        m2m_changed.connect(
            on_m2m_changed, sender=through, dispatch_uid=f"touch-m2m-{through.__name__}"
        )

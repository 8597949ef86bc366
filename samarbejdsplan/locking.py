"""What a published plan locks.

A published plan stays as the council approved it until someone allowed to
reopens it. That covers its own content (sections, initiatives, goals,
signatories) and the shared objects it shows by name: its municipalities, the
housing areas it designates, the actors it names. An edit of such an object is
refused, naming the plan that locks it; objects no published plan shows stay
editable. The rule is the same for every write path (change form, inline row,
restore from history, delete): `common.admin_base` asks `PLAN_LOCK`, named
by `settings.CONTENT_LOCK`.
"""

from .models import Samarbejdsplan, Status
from .signals import plans_showing


def locking_plans(obj):
    """The published (locked) plans that show `obj`, oldest first; empty when it may change."""
    if obj is None or obj.pk is None:
        return []
    # Follow-up on a plan (status updates) is added while the plan is published:
    # its model declares that publishing does not lock it.
    if not getattr(type(obj), "locked_by_published_plan", True):
        return []
    cached = getattr(obj, "_locking_plans", None)
    if cached is not None:
        return cached
    showing = plans_showing(type(obj), [obj.pk])
    plans = []
    if showing is not None:
        plans = list(
            Samarbejdsplan.objects.filter(showing, status=Status.OFFENTLIGGJORT)
            .distinct()
            .order_by("aar")
        )
    obj._locking_plans = plans
    return plans


REOPEN = (
    "Vælg »Genåbn valgte planer for rettelse« i listen over samarbejdsplaner for at rette i den."
)


def lock_message(obj, plans):
    """Why `obj` cannot be changed, and what to do instead, in Danish."""
    names = " og ".join(str(plan) for plan in plans)
    own_plan = getattr(obj, "owning_plan", None)
    if own_plan is not None and any(plan.pk == own_plan.pk for plan in plans):
        return f"{own_plan} er offentliggjort og derfor låst. {REOPEN}"
    kind = type(obj)._meta.verbose_name
    message = (
        f"{kind.capitalize()} »{obj}« indgår i den offentliggjorte {names}, som er låst: "
        "en ændring her ville ændre den godkendte plan. Genåbn planen for at rette "
        "(»Genåbn valgte planer for rettelse« i listen over samarbejdsplaner)"
    )
    new_one = getattr(type(obj), "new_instead_of_rename", None)
    if new_one:
        # An actor or a housing area renamed from next year on is a new one.
        return f"{message}, eller opret {new_one} til de kommende planer."
    return message + "."


class PlanLock:
    """The portal's lock rule, as `common.locking` asks for it."""

    # Where new content is placed, by the name of the foreign key: only plans
    # that are not locked take it.
    TARGETS = {
        "plan": lambda model: model.objects.exclude(status=Status.OFFENTLIGGJORT),
        # A section is chosen among all open plans' sections: the newest plan
        # first, each plan's in its order, each named with its year.
        "afsnit": lambda model: (
            model.objects.exclude(plan__status=Status.OFFENTLIGGJORT)
            .select_related("plan")
            .order_by("-plan__aar", "raekkefoelge", "id")
        ),
        "indsats": lambda model: model.objects.exclude(plan__status=Status.OFFENTLIGGJORT),
    }

    def choice_label(self, obj):
        plan = getattr(obj, "plan", None)
        if plan is None or isinstance(obj, Samarbejdsplan):
            return str(obj)
        return f"{plan.aar} · {obj}"

    def why_not_open(self, obj):
        plan = getattr(obj, "owning_plan", None)
        if plan is None or plan.status != Status.OFFENTLIGGJORT:
            return None
        what = f"{plan}" if plan is obj else f"»{self.choice_label(obj)}« hører til {plan}, som"
        return (
            f"{what} er offentliggjort og derfor låst, så der kan ikke lægges nyt indhold i "
            "den. Vælg i en plan, der ikke er offentliggjort (en kladde eller en genåbnet "
            f"plan). {REOPEN}"
        )

    def why_locked(self, obj):
        plans = locking_plans(obj)
        return lock_message(obj, plans) if plans else None

    def open_choices(self, field_name, model):
        target = self.TARGETS.get(field_name)
        return target(model) if target is not None else None

    def forget(self, obj):
        """After a save the object may be shown by other plans: ask again next time."""
        obj.__dict__.pop("_locking_plans", None)


PLAN_LOCK = PlanLock()

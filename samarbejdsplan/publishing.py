"""Publishing a plan and reopening it, with the approved document frozen.

`Samarbejdsplan.offentliggoer(user)` and `genaabn(user)` are the entry points
(the admin's actions call them); they delegate here, so the models need not
import the export.
"""

import hashlib

from django.db import transaction
from django.utils import timezone

from .export import render_export
from .models import Eksport, Status


@transaction.atomic
def publish(plan, user):
    """Record who and when, lock the plan, and store its export as a snapshot.

    A republication after a correction is "rettet" and adds a snapshot,
    keeping the earlier ones.
    """
    now = timezone.now()
    if plan.offentliggjort is None:
        plan.offentliggjort = now
    else:
        plan.rettet = now
    plan.status = Status.OFFENTLIGGJORT
    plan.offentliggjort_af = user
    plan._change_reason = f"Offentliggjort af {user}"
    plan.save()
    # The approved document, frozen: later edits never change what was approved.
    store_snapshot(plan, user)


def reopen(plan, user):
    """Reopen a published plan to correct it; it stays public, marked "rettet"."""
    plan.status = Status.GENAABNET
    plan.rettet = timezone.now()
    plan._change_reason = f"Genåbnet for rettelse af {user}"
    plan.save()


def store_snapshot(plan, user=None):
    """The plan's export as it is now, stored for good (an `Eksport`)."""
    data = render_export(plan)
    return Eksport.objects.create(
        plan=plan, indhold=data, sha256=hashlib.sha256(data).hexdigest(), oprettet_af=user
    )

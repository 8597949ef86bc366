"""Every URL of the admin, as every role, with GET and POST (issue 11).

The URLs come from the admin site's own URL patterns: every registered model's
list, add, change, delete, history and history-form pages, its actions, and
the site's own pages. A new admin page is covered without editing this test.

For each request the test records the SQL it ran and asserts:

- **No write without the right.** A request writes nothing to the portal's
  tables unless the role has the model's permission for what the URL does and
  the object is not locked by a published plan. A GET never writes.
- **A published plan does not move.** Whenever a request wrote anything, the
  2020 plan's export (its whole content: texts, sections, initiatives, goals,
  actors, housing areas, municipalities, signatories) is byte for byte what it
  was before.
- **The allowed writes still work.** Where the role may change or delete an
  open object, the change form, the restore from history and the delete page
  do write.

The POSTs are built from the form the superuser sees at the same address, with
a text changed, as an attacker with a view-only account would build them.
Each request runs in a transaction that is rolled back afterwards, so every
request starts from the same data.
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib import admin
from django.contrib.auth import get_permission_codename
from django.db import connection, transaction
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls.resolvers import RoutePattern
from simple_history.admin import SimpleHistoryAdmin

from indsatser.models import Aktoer
from kommuner.models import Boligomraade, Kommune
from opfoelgning.models import Statusopdatering, Statusrapport
from samarbejdsplan.export import render_export
from samarbejdsplan.locking import locking_plans
from samarbejdsplan.models import Samarbejdsplan
from tests.admin_client import ROLES, form_data, user_in_role

OUR_APPS = {"samarbejdsplan", "indsatser", "kommuner", "opfoelgning"}
WRITE = re.compile(r'^\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)
# Written by logging in and out, not by the admin's pages.
NOT_CONTENT = ("django_session", "axes_")
# What each kind of admin page needs to write, by the end of its URL name.
NEEDS = {
    "add": "add",
    "change": "change",
    "delete": "delete",
    "simple_history": "change",
    "password": "change",
}
TEXT_FIELDS = ("titel", "navn", "tekst", "raad", "forkortelse", "name", "first_name")
PASSWORD = "Et-langt-nyt-kodeord-2026"


def registered_models():
    return [
        pytest.param(model, id=f"{model._meta.app_label}.{model._meta.model_name}")
        for model in admin.site._registry
    ]


def writes(queries):
    """The tables a request wrote to, apart from sessions and login records."""
    tables = set()
    for query in queries:
        match = WRITE.match(query["sql"])
        if match and not match.group(1).startswith(NOT_CONTENT):
            tables.add(match.group(1))
    return tables


def fill(pattern, args):
    """The path of `pattern` with `args` in its groups."""
    text = str(pattern.pattern)
    if isinstance(pattern.pattern, RoutePattern):
        pieces = re.split(r"<[^>]+>", text)
    else:
        pieces = re.split(r"\((?:[^()]|\([^()]*\))*\)", text.lstrip("^").rstrip("$"))
    assert len(pieces) == len(args) + 1, (text, args)
    return "".join(piece + str(arg) for piece, arg in zip(pieces, [*args, ""], strict=True))


@dataclass
class Page:
    url: str
    kind: str  # the URL name's ending (change, delete, …) or "redirect"
    obj: object = None
    locked: bool = False


@pytest.fixture
def world(plan2020, draft2021):
    """The published 2020 plan (locked), the draft 2021 copy (open), and shared
    objects that no published plan shows (open)."""
    laesoe = Kommune.objects.get(kommunekode=825)  # Læsø, from migrate, in no plan
    Boligomraade.objects.create(navn="Nyt område", kommune=laesoe)
    Aktoer.objects.create(navn="Ny aktør")
    # A status update on the published plan: follow-up, which its lock does not cover.
    Statusopdatering.objects.create(
        indsats=plan2020.indsatser.first(), status="i_gang", dato="2020-03-01", tekst="Startet"
    )
    Statusrapport.objects.create(plan=plan2020, moede="2020-06-01")
    users = {role: user_in_role(role) for role in ROLES}
    boss = RequestFactory().get("/admin/")
    boss.user = users["superuser"]
    return {"plan": plan2020, "users": users, "boss": boss, "export": render_export(plan2020)}


def candidates(model_admin, boss):
    """One object a published plan locks and one it does not, where the model has them."""
    found = {}
    for obj in model_admin.get_queryset(boss).order_by("-pk")[:400]:
        found.setdefault(bool(locking_plans(obj)), obj)
        if len(found) == 2:
            break
    return found


def pages(model_admin, boss):
    base = f"/admin/{model_admin.model._meta.app_label}/{model_admin.model._meta.model_name}/"
    objects = candidates(model_admin, boss)
    for pattern in model_admin.get_urls():
        kind = pattern.name.rsplit("_", 1)[-1] if pattern.name else "redirect"
        if pattern.name and pattern.name.endswith("_simple_history"):
            kind = "simple_history"
        groups = pattern.pattern.regex.groups
        if groups == 0:
            yield Page(base + fill(pattern, []), kind)
            continue
        for locked, obj in objects.items():
            args = [obj.pk]
            if groups == 2:
                record = obj.history.order_by("history_id").first()
                if record is None:
                    continue
                # The newest record of the first version: a save that also sets
                # municipalities records the object before the links, and that
                # half-way record would rightly be refused as incomplete.
                record = obj.history.filter(version=record.version).first()
                args.append(record.history_id)
            yield Page(base + fill(pattern, args), kind, obj, locked)


def post_data(boss_client, page):
    """What to post: the superuser's form at this address, with a text changed."""
    if page.kind == "delete":
        return {"post": "yes"}
    if page.kind == "password":
        return {"password1": PASSWORD, "password2": PASSWORD}
    response = boss_client.get(page.url)
    if response.status_code != 200 or response.context is None:
        return {}
    data = form_data(response)
    if page.kind in ("change", "redirect", "add"):
        field = next((f for f in TEXT_FIELDS if isinstance(data.get(f), str)), None)
        if field is not None:
            data[field] += " (ændret)"
    return data


def may(user, model, action):
    if user is None:
        return False
    opts = model._meta
    return user.has_perm(f"{opts.app_label}.{get_permission_codename(action, opts)}")


def request(world, role, method, url, data=None, keeps_plan=True):
    """One request as `role`, rolled back afterwards; returns (response, tables written).

    `keeps_plan=False` for publishing and reopening, which change the
    published plan's state by design."""
    with transaction.atomic():
        client = Client()
        user = world["users"][role]
        if user is not None:
            client.force_login(user)
        with CaptureQueriesContext(connection) as queries:
            response = client.post(url, data or {}) if method == "POST" else client.get(url)
        written = writes(queries.captured_queries)
        if written and keeps_plan:
            plan = Samarbejdsplan.objects.get(pk=world["plan"].pk)
            assert render_export(plan) == world["export"], (
                f"{role} {method} {url} changed the published plan"
            )
        transaction.set_rollback(True)
    assert response.status_code < 500, (role, method, url, response.status_code)
    return response, written


@pytest.mark.django_db
@pytest.mark.parametrize("model", registered_models())
def test_every_admin_page_writes_only_what_the_role_and_the_lock_allow(world, model):
    model_admin = admin.site._registry[model]
    boss = world["boss"]
    boss_client = Client()
    boss_client.force_login(world["users"]["superuser"])
    ours = model._meta.app_label in OUR_APPS
    found_pages = list(pages(model_admin, boss))
    if ours:
        kinds = {page.kind for page in found_pages if page.obj is not None}
        assert {"change", "delete", "history"} <= kinds, kinds
        if isinstance(model_admin, SimpleHistoryAdmin):
            assert "simple_history" in kinds, kinds

    for page in found_pages:
        data = post_data(boss_client, page)
        need = NEEDS.get(page.kind)
        for role in ROLES:
            user = world["users"][role]
            _, written = request(world, role, "GET", page.url)
            assert not written, f"GET {page.url} as {role} wrote {written}"

            response, written = request(world, role, "POST", page.url, data)
            allowed = need is not None and may(user, model, need) and not page.locked
            if not allowed:
                assert not written, f"POST {page.url} as {role} wrote {written}"
                continue
            # The allowed writes still work, where the admin offers them at all.
            offered = {
                "change": model_admin.has_change_permission,
                "simple_history": model_admin.has_change_permission,
                "delete": model_admin.has_delete_permission,
            }.get(page.kind)
            if ours and offered is not None and offered(boss, page.obj):
                # A delete that other objects prevent (PROTECT) says so instead.
                protected = page.kind == "delete" and not written and response.context["protected"]
                assert written or protected, f"POST {page.url} as {role}: no write"


def action_allowed(model_admin, user, func):
    request = RequestFactory().post("/admin/")
    request.user = user
    if user is None:
        return False
    return all(
        getattr(model_admin, f"has_{permission}_permission")(request)
        for permission in func.allowed_permissions
    )


@pytest.mark.django_db
@pytest.mark.parametrize("model", registered_models())
def test_every_admin_action_writes_only_for_those_allowed_to_take_it(world, model):
    model_admin = admin.site._registry[model]
    boss = world["boss"]
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    for name, (func, _, _) in model_admin.get_actions(boss).items():
        permissions = set(getattr(func, "allowed_permissions", ()))
        read_only = permissions <= {"view"}
        for obj in candidates(model_admin, boss).values():
            data = {
                "action": name,
                "_selected_action": [obj.pk],
                "index": "0",
                "bekraeftet": "ja",
                "post": "yes",
                "til_aar": "2035",
            }
            for role in ROLES:
                publication = "offentliggoer" in permissions
                _, written = request(world, role, "POST", base, data, keeps_plan=not publication)
                allowed = action_allowed(model_admin, world["users"][role], func)
                if read_only or not allowed:
                    assert not written, f"action {name} as {role} wrote {written}"


SITE_PAGES = [
    "/admin/",
    "/admin/samarbejdsplan/",
    "/admin/indsatser/",
    "/admin/kommuner/",
    "/admin/opfoelgning/",
    "/admin/auth/",
    "/admin/password_change/",
    "/admin/password_change/done/",
    "/admin/jsi18n/",
    "/admin/autocomplete/?app_label=indsatser&model_name=deltagelse&field_name=indsats&term=1",
    "/admin/findes-ikke/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", SITE_PAGES)
def test_the_admin_sites_own_pages_write_no_content(world, url):
    ours = {
        model._meta.db_table for model in admin.site._registry if model._meta.app_label in OUR_APPS
    }
    for role in ROLES:
        for method in ("GET", "POST"):
            data = {"old_password": "x", "new_password1": PASSWORD, "new_password2": PASSWORD}
            _, written = request(world, role, method, url, data)
            assert not (written & ours), f"{method} {url} as {role} wrote {written}"

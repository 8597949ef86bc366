"""Whatever a visitor types into the login form, or staff into the admin's
addresses, the answer is a page, a form error or a 4xx with a Danish message:
never a 500 (nor a 503, which says the database is down when it is not).

PostgreSQL refuses some input SQLite takes (a NUL character, an invalid
regular expression, an address that is not an IP address, a value longer
than its column), so every test here runs on both databases. The fuzz tests
are transactional, as production is: on PostgreSQL a refused query aborts
the test's surrounding transaction and would turn every later request of the
same test into an error of its own.
"""

import re
from urllib.parse import parse_qsl, urlencode

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib import admin
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from indsatser.models import Indsats
from tests.test_history_and_conflicts import editor

# Any character a URL or form can carry as UTF-8 (lone surrogates cannot be encoded).
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
TRICKY = [
    "",
    "\x00",
    "a\x00b",
    "(",
    "[",
    "*",
    "%",
    "_",
    "\\",
    "'",
    '"',
    "0",
    "-1",
    "1.5",
    "99999999999999999999",
    "-99999999999999999999",
    "1e400",
    "0001-01-01",
    "9999-12-31 23:59:59",
    "2020-13-45",
    "true",
    "None",
    "x" * 300,
    "ssp",
    "kolding",
]
values = st.one_of(text, st.sampled_from(TRICKY), st.integers().map(str))

FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def no_server_error(response, what):
    # 503 counts too: it would tell the client the database is down.
    assert response.status_code < 500, (response.status_code, what)


# --- The admin's lists: filters, search, ordering, paging -------------------------------

CHANGELISTS = sorted(
    f"{model._meta.app_label}/{model._meta.model_name}" for model in admin.site._registry
)
# Parameters of the change list itself; the rest are lookups (Django's admin takes
# any lookup on a model's own fields, and those its list filters name).
CHANGELIST_PARAMETERS = ["q", "o", "p", "e", "all", "_to_field", "_popup", "_changelist_filters"]
LOOKUPS = ["", "__exact", "__in", "__gt", "__lte", "__isnull", "__range", "__year", "__regex"]
LOOKUPS += ["__iregex", "__contains", "__startswith"]


def model_admin(changelist):
    return next(
        model_admin
        for model, model_admin in admin.site._registry.items()
        if f"{model._meta.app_label}/{model._meta.model_name}" == changelist
    )


def filter_parameters(client, changelist):
    """The parameter names the list's filter and ordering links use, read from the page."""
    page = client.get(f"/admin/{changelist}/").content.decode()
    names = {
        name
        for query in re.findall(r'href="\?([^"]*)"', page)
        for name, _ in parse_qsl(query.replace("&amp;", "&"), keep_blank_values=True)
    }
    fields = [f.name for f in model_admin(changelist).model._meta.concrete_fields]
    return sorted(names) + [f"{field}{lookup}" for field in fields for lookup in LOOKUPS]


PARAMETER_NAMES = {}  # per list, read once from its page


@pytest.fixture
def staff_clients(plan2020):
    """A superuser and a Sekretariat editor, each logged in, the admin's staff."""
    clients = {}
    for user in (User.objects.create_superuser("su", "su@example.dk", "x"), editor("sekretaer")):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients[user.username] = client
    return clients


@pytest.mark.django_db(transaction=True)
# A date typed without a time zone makes Django warn (RuntimeWarning); production
# prints the warning and goes on, the test settings would make it an error.
@pytest.mark.filterwarnings("ignore:.*received a naive datetime:RuntimeWarning")
@settings(FUZZ, max_examples=200)
@given(data=st.data())
def test_no_list_filter_search_or_ordering_makes_an_admin_list_fail(staff_clients, data):
    client = staff_clients[data.draw(st.sampled_from(sorted(staff_clients)), label="user")]
    changelist = data.draw(st.sampled_from(CHANGELISTS), label="list")
    if changelist not in PARAMETER_NAMES:
        PARAMETER_NAMES[changelist] = filter_parameters(client, changelist)
    names = st.one_of(
        st.sampled_from(PARAMETER_NAMES[changelist]), st.sampled_from(CHANGELIST_PARAMETERS), text
    )
    query = data.draw(st.lists(st.tuples(names, values), max_size=4), label="query")
    url = f"/admin/{changelist}/?{urlencode(query)}"
    no_server_error(client.get(url), url)


# --- The admin's autocomplete ----------------------------------------------------------


def autocomplete_fields():
    """(app_label, model_name, field_name) of every autocomplete field, inlines included."""
    found = set()
    for model, model_admin in admin.site._registry.items():
        for owner in [model_admin, *model_admin.inlines]:
            owner_model = getattr(owner, "model", model)
            for field in owner.autocomplete_fields:
                found.add((owner_model._meta.app_label, owner_model._meta.model_name, field))
    return sorted(found)


AUTOCOMPLETE = autocomplete_fields()


@pytest.mark.django_db(transaction=True)
@settings(FUZZ, max_examples=60)
@given(data=st.data())
def test_no_search_term_makes_the_admin_autocomplete_fail(staff_clients, data):
    client = staff_clients[data.draw(st.sampled_from(["su", "sekretaer"]), label="user")]
    # Mostly a real field (anything else is refused before a search), at times any.
    field = data.draw(st.sampled_from([*AUTOCOMPLETE, None]), label="field")
    app_label, model_name, field_name = field or data.draw(st.tuples(values, values, values))
    query = {
        "app_label": app_label,
        "model_name": model_name,
        "field_name": field_name,
        "term": data.draw(st.one_of(st.sampled_from(TRICKY), text), label="term"),
    }
    query |= data.draw(st.dictionaries(st.sampled_from(["page", "term", "x"]), values, max_size=2))
    no_server_error(client.get("/admin/autocomplete/", query), query)


# --- The login form ----------------------------------------------------------------------

PASSWORD = "rigtig-adgangskode-1"
FORWARDED = [
    "127.0.0.1:1234",
    "[::1]",
    "[::1]:443",
    "notanip",
    "1.2.3.4, notanip",
    "999.1.1.1",
    "fe80::1%eth0",
    "::ffff:10.0.0.7",
    ", ,",
    "203.0.113.9",
]
# A header value as a proxy could pass it on: printable Latin-1.
header_text = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=80)


@pytest.mark.django_db(transaction=True)
@override_settings(BEHIND_PROXY=True)
@settings(FUZZ, max_examples=80)
@given(
    username=st.one_of(st.just("anne"), values),
    password=st.one_of(st.just(PASSWORD), values),
    next_url=st.one_of(st.sampled_from(["/admin/", "https://evil.example/", "//evil"]), values),
    forwarded=st.one_of(st.sampled_from(FORWARDED), header_text),
)
def test_nothing_typed_into_the_login_form_makes_it_fail(
    plan2020, username, password, next_url, forwarded
):
    if not User.objects.filter(username="anne").exists():
        User.objects.create_user("anne", password=PASSWORD, is_staff=True)
    client = Client(raise_request_exception=False, HTTP_X_FORWARDED_FOR=forwarded)
    login = reverse("admin:login")
    no_server_error(client.get(login, {"next": next_url}), next_url)
    response = client.post(login, {"username": username, "password": password, "next": next_url})
    no_server_error(response, (username, forwarded))


# --- What the fuzz found, and what the issue reported ------------------------------------

NUL_URLS = [
    "/admin/indsatser/indsats/?afsnit__art=%00",
    "/admin/autocomplete/?app_label=indsatser&model_name=deltagelse&field_name=indsats&term=%00",
    "/admin/auth/user/?username=%00",
    "/admin/indsatser/indsats/?%00=1",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", NUL_URLS)
def test_a_nul_character_in_an_admin_address_is_a_danish_400(staff_clients, url):
    response = staff_clients["sekretaer" if "auth" not in url else "su"].get(url)
    assert response.status_code == 400
    assert "ugyldigt tegn" in response.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    "url",
    [
        "/admin/indsatser/indsats/?titel__regex=(",
        "/admin/auth/user/?username__iregex=%5B",
        "/admin/indsatser/indsats/?titel__range=ab",
        "/admin/samarbejdsplan/eksport/?indhold=abc",
    ],
)
def test_a_lookup_the_database_refuses_is_a_danish_400(staff_clients, url):
    response = staff_clients["su"].get(url)
    assert response.status_code == 400
    assert "Adressen kunne ikke bruges" in response.content.decode()


@pytest.mark.django_db(transaction=True)
@pytest.mark.filterwarnings("ignore:.*received a naive datetime:RuntimeWarning")
@pytest.mark.parametrize(
    "url, refused_by",
    [
        # Too large for SQLite's integers: its driver raises OverflowError.
        ("/admin/indsatser/indsats/?id__in=99999999999999999999", "sqlite"),
        ("/admin/axes/accessattempt/?attempt_time__gte=0001-01-01", "sqlite"),
        # Not an address, for PostgreSQL's inet column; SQLite compares text.
        ("/admin/axes/accessattempt/?ip_address__gt=x", "postgresql"),
    ],
)
def test_a_value_one_database_refuses_is_a_danish_400_there(staff_clients, url, refused_by):
    response = staff_clients["su"].get(url)
    assert response.status_code == (400 if connection.vendor == refused_by else 200)


@pytest.mark.django_db
def test_a_history_version_that_is_not_a_number_is_not_a_500(staff_clients):
    indsats = Indsats.objects.first()
    response = staff_clients["su"].get(f"/admin/indsatser/indsats/{indsats.pk}/history/abc/")
    assert response.status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("length", [151, 256, 5000])
def test_a_user_name_longer_than_any_user_name_is_a_form_error(client, length):
    response = client.post(
        reverse("admin:login"), {"username": "a" * length, "password": "x", "next": "/admin/"}
    )
    assert response.status_code == 200
    assert "må højst have 150 tegn" in response.content.decode()
    assert not AccessAttempt.objects.filter(username__startswith="aaa").exists()


@pytest.mark.django_db
@override_settings(BEHIND_PROXY=True)
@pytest.mark.parametrize("forwarded", ["127.0.0.1:1234", "[::1]", "notanip"])
def test_a_login_through_the_proxy_with_any_forwarded_address_works(client, forwarded):
    User.objects.create_user("anne", password=PASSWORD, is_staff=True)
    response = client.post(
        reverse("admin:login"),
        {"username": "anne", "password": PASSWORD, "next": "/admin/"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR=forwarded,
    )
    assert response.status_code == 302 and response.headers["Location"] == "/admin/"
    expected = {"127.0.0.1:1234": "127.0.0.1", "[::1]": "::1", "notanip": "10.0.0.1"}[forwarded]
    assert list(AccessLog.objects.values_list("ip_address", flat=True)) == [expected]


@pytest.mark.django_db
@override_settings(BEHIND_PROXY=True)
def test_a_failed_login_with_a_garbage_forwarded_address_counts_for_the_socket(client):
    User.objects.create_user("anne", password=PASSWORD, is_staff=True)
    response = client.post(
        reverse("admin:login"),
        {"username": "anne", "password": "forkert", "next": "/admin/"},
        REMOTE_ADDR="10.0.0.1",
        HTTP_X_FORWARDED_FOR="notanip",
    )
    assert response.status_code == 200
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["10.0.0.1"]

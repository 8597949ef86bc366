"""Junk costs nothing: GET parameters a page does not read make no new cache
entry and no render; the initiative list keys on its filters in canonical form."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver

from web.caching import uncached_prefixes

# Tracking tags, a cache buster, a NUL byte, invalid UTF-8, a name without a value.
JUNK = "?utm_source=nyhedsbrev&r=8f3a9c&fbclid=x%00y&%E6%F8=%FF&q"


def entries():
    """The page cache's keys (the tests use Django's memory cache)."""
    return set(cache._cache)


def fetch(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response, len(queries)


def walk(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from walk(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def test_every_public_url_pattern_declares_the_parameters_it_reads():
    """Walks the URL configuration: anything outside the admin, /healthz/ and
    static files is a public page and must go through `public_page` with a
    declaration (which refuses a view without `@reads_query`)."""
    from web.parameters import QueryParameters

    skipped = tuple(prefix.lstrip("/") for prefix in uncached_prefixes())
    public = [(route, p) for route, p in walk(get_resolver().url_patterns)]
    public = [(route, p) for route, p in public if not route.startswith(skipped)]
    assert len(public) >= 10, public  # the walk found the pages
    undeclared = [
        route
        for route, pattern in public
        if not isinstance(
            getattr(pattern.callback, "public_page_parameters", None), QueryParameters
        )
    ]
    assert undeclared == []


def test_a_view_without_a_declaration_is_refused():
    from django.core.exceptions import ImproperlyConfigured
    from django.views.generic import TemplateView

    from web.caching import public_page

    with pytest.raises(ImproperlyConfigured, match="must declare the GET parameters"):
        public_page(TemplateView.as_view(template_name="samarbejdsplan/tilgaengelighed.html"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/tilgaengelighed/",
        "/2020/",
        "/2020/afsnit/3.1.2/",
        "/2020/kommuner/kolding/",
        "/2020/boligomraader/",
        "/2020/indsatser/bo-trygt/",
        "/2020/eksport/",
    ],
)
def test_junk_parameters_make_no_new_cache_entry_on_a_page_that_reads_none(client, plan2020, url):
    first = client.get(url)
    assert first.status_code == 200
    before = entries()
    for junk in (JUNK, "?r=1", "?r=2&s=3", "?page=2"):
        response, queries = fetch(client, url + junk)
        assert response.status_code == 200, junk
        assert response.content == first.content, junk  # the page for the plain address
        assert response.headers["ETag"] == first.headers["ETag"], junk
        assert queries == 0, junk  # not rendered: from the cache, within the state interval
    assert entries() == before


@pytest.mark.django_db
def test_the_login_link_on_a_cached_page_never_carries_junk(client, plan2020):
    page = client.get("/2020/?r=%3Cscript%3E").content.decode()
    assert "%3Cscript" not in page and "<script" not in page
    assert 'href="/admin/login/?next=/2020/"' in page


@pytest.mark.django_db
def test_the_list_keys_on_its_filters_in_canonical_form(client, plan2020):
    canonical = "/2020/indsatser/?kommune=kolding&q=indbrud"
    first = client.get(canonical)
    assert first.status_code == 200
    before = entries()
    for variant in (
        "/2020/indsatser/?q=indbrud&kommune=kolding",  # another order
        "/2020/indsatser/?kommune=kolding&q=indbrud&art=&prioritet=&afsnit=",  # empty filters
        "/2020/indsatser/?kommune=kolding&q=%20indbrud%20&page=1",  # spaces, the default page
        "/2020/indsatser/?kommune=oslo&kommune=kolding&q=indbrud",  # the last value counts
        canonical + "&r=123&utm_medium=mail",  # junk
    ):
        response, queries = fetch(client, variant)
        assert response.status_code == 200, variant
        assert response.content == first.content, variant
        assert queries == 0, variant
    assert entries() == before
    # Another filter value is another page.
    other = client.get("/2020/indsatser/?kommune=vejle&q=indbrud")
    assert other.status_code == 200 and other.content != first.content
    assert len(entries()) == len(before) + 2  # its page and its 200-marker


@pytest.mark.django_db
def test_unknown_filter_values_keep_their_400_and_are_not_cached(client, plan2020):
    before = entries()
    response = client.get("/2020/indsatser/?kommune=oslo&r=1")
    assert response.status_code == 400
    assert "Planen har ingen kommune »oslo«." in response.content.decode()
    assert client.get("/2020/indsatser/?prioritet=maaske&x=1").status_code == 400
    assert entries() == before


@pytest.mark.django_db
def test_the_filter_form_and_page_links_show_only_what_the_list_reads(client, plan2020):
    page = client.get("/2020/indsatser/?q=%20indbrud%20&r=junk").content.decode()
    assert 'value="indbrud"' in page
    assert "junk" not in page


def test_canonical_form():
    from django.http import QueryDict

    from web.parameters import QueryParameters, page_number, stripped

    declared = QueryParameters("kommune", "art", q=stripped, page=page_number)

    def canonical(query):
        return declared.canonical(QueryDict(query))

    assert canonical("r=1&q=+x+&kommune=a&art=") == [("kommune", "a"), ("q", "x")]
    assert canonical("page=1") == canonical("page=01") == canonical("page=%201") == []
    assert canonical("page=2") == canonical("page=+02") == [("page", "2")]
    assert canonical("page=last") == canonical("page=abc") == []
    assert canonical("kommune=a&kommune=b") == [("kommune", "b")]

"""Fuzzing every public URL's query parameters (hypothesis): never a 500.

Known parameter names get arbitrary values (any Unicode, NUL bytes, very long,
repeated); arbitrary names too; and raw query strings built from arbitrary
bytes, percent-encoded, so invalid UTF-8 reaches the parser as well.
"""

from urllib.parse import quote_from_bytes

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

URLS = [
    "/",
    "/tilgaengelighed/",
    "/kommuner/kolding/",
    "/2020/",
    "/2020/afsnit/3.1.2/",
    "/2020/kommuner/kolding/",
    "/2020/boligomraader/",
    "/2020/indsatser/",
    "/2020/indsatser/bo-trygt/",
    "/2020/eksport/",
    "/2020/soeg/",
    "/2020/aendringer/",
    "/2020/opfoelgning/",
    "/healthz/",
]
KNOWN = [
    *("q", "kommune", "art", "afsnit", "ansvarlig", "prioritet", "page", "kun", "o", "next"),
    "fra",
    "status",
]

# Any character a URL can carry as UTF-8 (lone surrogates cannot be encoded).
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=300)
values = st.one_of(
    text,
    st.sampled_from(["", "0", "-1", "99999999999999999999", "kolding", "3.1", "skal", "\x00"]),
    st.sampled_from(["i_gang", "blandet", "ingen", "I gang"]),
    st.integers().map(str),
)
params = st.dictionaries(
    st.one_of(st.sampled_from(KNOWN), text.filter(bool)),
    st.one_of(values, st.lists(values, min_size=2, max_size=4)),
    max_size=6,
)
raw_query = st.lists(st.tuples(st.binary(max_size=40), st.binary(max_size=80)), max_size=5).map(
    lambda pairs: "&".join(f"{quote_from_bytes(k)}={quote_from_bytes(v)}" for k, v in pairs)
)

FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def check(response, url):
    assert response.status_code < 500, (url, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
@FUZZ
@given(query=params)
def test_no_query_parameters_make_a_public_page_fail(plan2020, url, query):
    check(Client(raise_request_exception=False).get(url, query), url)


@pytest.mark.django_db
@pytest.mark.parametrize("url", URLS)
@FUZZ
@given(query=raw_query)
def test_no_raw_query_string_makes_a_public_page_fail(plan2020, url, query):
    check(Client(raise_request_exception=False).get(f"{url}?{query}"), url)

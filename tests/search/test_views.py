"""The search page and the JSON API, through the real URL configuration."""

from __future__ import annotations

import pytest
from django.test import Client

from search import service
from search.visibility import Visibility
from tests.search.conftest import (
    HEALTH_MEMBER,
    HOSTILE_PARAMS,
    MEMBERS_WORD,
    RESTRICTED_WORD,
    corpus_records,
)

pytestmark = pytest.mark.django_db
RESULT_KEYS = {"title", "url", "kind", "swg", "type", "date", "language", "access", "snippet"}


def resolver(user):
    """Test stand-in for the swg app's policy: e-mail decides the visibility."""
    if user.is_authenticated and user.email == "member@example.org":
        return HEALTH_MEMBER
    return Visibility.public()


@pytest.fixture
def indexed(settings, db):
    settings.SEARCH_VISIBILITY_RESOLVER = "tests.search.test_views.resolver"
    service.get_backend.cache_clear()
    service.rebuild(corpus_records())


@pytest.fixture
def member_client(django_user_model):
    user = django_user_model.objects.create_user("member@example.org", "x")
    member = Client()
    member.force_login(user)
    return member


def test_search_page_shows_highlighted_lao_results_and_facets(client, indexed):
    response = client.get("/en/search/", {"q": "ເສລີພາບ"})
    assert response.status_code == 200
    assert "search/search.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "<mark>ເສລີພາບ</mark>" in html
    assert "/documents/lo-1/" in html
    assert "health" in html and "Year" in html


def test_lao_page_renders(client, indexed):
    response = client.get("/lo/search/", {"q": "ເສລີພາບ"})
    assert response.status_code == 200
    assert "<mark>ເສລີພາບ</mark>" in response.content.decode()


def test_empty_search_page_invites_a_query(client, indexed):
    response = client.get("/en/search/")
    assert response.status_code == 200
    assert response.context["hits"] == []


def test_nothing_found_page_helps(client, indexed):
    response = client.get("/en/search/", {"q": "xylophonequartz", "type": "report"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Nothing found" in html
    assert "Search again without filters" in html


@pytest.mark.parametrize(
    "params",
    [
        {"year": "abc"},
        {"year": "20155"},
        {"language": "fr"},
        {"swg": "<script>"},
        {"type": "a b"},
        {"sort": "random"},
    ],
)
def test_bad_filter_values_answer_400(client, indexed, params):
    response = client.get("/en/search/", {"q": "rights", **params})
    assert response.status_code == 400
    api = client.get("/api/search/", {"q": "rights", **params})
    assert api.status_code == 400
    assert "error" in api.json()


@pytest.mark.parametrize("page", ["999999", "0", "-3", "abc", "1e9", "99999999999999999999"])
def test_out_of_range_pages_answer_200(client, indexed, page):
    response = client.get("/en/search/", {"q": "ສິດ", "page": page})
    assert response.status_code == 200
    assert response.context["hits"]
    assert client.get("/api/search/", {"q": "ສິດ", "page": page}).status_code == 200


def test_unknown_parameters_are_ignored(client, indexed):
    response = client.get("/api/search/", {"q": "brotherhood", "colour": "blue"})
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_pagination_links(client, indexed):
    response = client.get("/en/search/", {"q": "ສິດ"})
    html = response.content.decode()
    assert 'rel="next"' in html and 'rel="prev"' not in html
    page2 = client.get("/en/search/", {"q": "ສິດ", "page": "2"}).content.decode()
    assert 'rel="prev"' in page2


def test_api_shape(client, indexed):
    response = client.get("/api/search/", {"q": "ເສລີພາບ", "language": "lo"})
    assert response.status_code == 200
    data = response.json()
    assert set(data) == {"count", "results", "facets"}
    assert data["count"] == len(data["results"]) > 0
    for result in data["results"]:
        assert set(result) == RESULT_KEYS
        assert result["language"] == "lo" and result["access"] == "public"
        assert "<mark>ເສລີພາບ</mark>" in result["snippet"]
    assert set(data["facets"]) == {"swg", "type", "year", "language"}
    assert {"value", "label", "count"} == set(data["facets"]["year"][0])


def test_visibility_through_the_views(client, member_client, indexed):
    anonymous = client.get("/api/search/", {"q": MEMBERS_WORD}).json()
    assert anonymous["count"] == 0 and not anonymous["results"]
    assert client.get("/en/search/", {"q": "Members briefing"}).context["results"].count == 0
    member = member_client.get("/api/search/", {"q": MEMBERS_WORD}).json()
    assert member["count"] == 1
    assert member["results"][0]["access"] == "members"
    # Labels come from the portal's SEARCH_FACET_LABELS (tests/portal/test_search_labels.py).
    assert [(f["value"], f["count"]) for f in member["facets"]["swg"]] == [("health", 1)]
    assert member_client.get("/api/search/", {"q": RESTRICTED_WORD}).json()["count"] == 0
    html = member_client.get("/en/search/", {"q": MEMBERS_WORD}).content.decode()
    assert "Members only" in html


@pytest.mark.parametrize("q", HOSTILE_PARAMS)
def test_hostile_queries_answer_200(client, indexed, q):
    assert client.get("/en/search/", {"q": q}).status_code == 200
    assert client.get("/api/search/", {"q": q}).status_code == 200


def test_query_count_does_not_grow_with_results(client, indexed, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        client.get("/en/search/", {"q": "ສິດ"})
    with django_assert_max_num_queries(6):
        client.get("/api/search/", {"q": "ສິດ"})

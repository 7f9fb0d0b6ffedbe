"""Search results and facets speak the reader's language, not stored keys."""

import re

import pytest

from search import service
from search.registry import iter_all_records

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed():
    service.rebuild(iter_all_records())


def facet_labels(body, name):
    """The labels of the facet links that set `name`."""
    return [label.strip() for label in re.findall(rf'href="\?[^"]*{name}=[^"]*">([^<]+)</a>', body)]


def test_lao_search_page_names_swgs_types_and_languages_in_lao(client, indexed):
    body = client.get("/lo/search/", {"q": "ສາທາລະນະສຸກ"}).content.decode()
    assert "ສາທາລະນະສຸກ" in facet_labels(body, "swg")
    assert "health" not in facet_labels(body, "swg")
    assert "ພາສາລາວ" in facet_labels(body, "language")
    types = set(facet_labels(body, "type"))
    assert types and not {"minutes", "Minutes", "report", "plenary", "sub_group"} & types


def test_english_search_page_keeps_english_labels(client, indexed):
    body = client.get("/en/search/", {"q": "health"}).content.decode()
    assert "Health" in facet_labels(body, "swg")
    assert "health" not in facet_labels(body, "swg")

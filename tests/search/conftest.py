"""Fixtures for the search tests: the backends present here and a UDHR corpus."""

from __future__ import annotations

import os
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection

from search import service
from search.visibility import Visibility
from tests.search import udhr
from tests.two_factor import sign_in_with_totp

HEALTH, EDUCATION, GOVERNANCE = 1, 2, 3
SLUGS = {HEALTH: "health", EDUCATION: "education", GOVERNANCE: "governance"}
# Words that occur only in the private records below.
MEMBERS_WORD = "quokkamembers"
RESTRICTED_WORD = "quokkarestricted"
OTHER_SWG_WORD = "quokkaeducation"


def available_backends() -> list:
    """Every backend this test run can exercise, with a reason for those it cannot."""
    vendor = connection.vendor
    params = [
        pytest.param(
            "sqlite",
            marks=pytest.mark.skipif(vendor != "sqlite", reason="the test database is not SQLite"),
        ),
        pytest.param(
            "postgres",
            marks=pytest.mark.skipif(
                vendor != "postgresql",
                reason="the test database is not PostgreSQL: CI's PostgreSQL lane runs it "
                "(DATABASE_URL=postgres://...; or tests/search/test_postgres_run.py on demand)",
            ),
        ),
        pytest.param(
            "elasticsearch",
            marks=[
                pytest.mark.elasticsearch,
                pytest.mark.skipif(
                    not os.environ.get("ELASTICSEARCH_URL"), reason="ELASTICSEARCH_URL is not set"
                ),
            ],
        ),
    ]
    return params


def _swg(*ids):
    return {"swg_ids": list(ids), "swg_slugs": [SLUGS[i] for i in ids]}


def corpus_records() -> list[dict]:
    """UDHR articles (Lao and English, public) plus private records in known SWGs."""
    records = []
    for lang, code in (("lao", "lo"), ("eng", "en")):
        for number, title, text in udhr.articles(lang):
            swg = (HEALTH, EDUCATION, GOVERNANCE)[number % 3]
            records.append(
                {
                    "key": f"document:{code}-{number}",
                    "kind": "document",
                    "title": title,
                    "text": text,
                    "doc_type": "report" if number % 2 else "policy",
                    "date": date(2015 + number % 5, 1 + number % 12, 1),
                    "language": code,
                    "access": "public",
                    "url": f"/documents/{code}-{number}/",
                    **_swg(swg),
                }
            )
    private = [
        ("document:members-health", "members", HEALTH, f"Members briefing {MEMBERS_WORD}"),
        ("document:restricted-health", "restricted", HEALTH, f"Budget note {RESTRICTED_WORD}"),
        ("document:members-education", "members", EDUCATION, f"Teachers note {OTHER_SWG_WORD}"),
    ]
    lao_article_3 = udhr.articles("lao")[2][2]
    for key, access, swg, title in private:
        records.append(
            {
                "key": key,
                "kind": "document",
                "title": title,
                "text": f"{title}. ບຸກຄົນທຸກຄົນມີສິດເສລີພາບ secretsnippet {lao_article_3}",
                "doc_type": "minutes",
                "date": date(2030, 6, 1),
                "language": "both",
                "access": access,
                "url": f"/documents/{key}/",
                **_swg(swg),
            }
        )
    records += [
        {
            "key": "page:tractor-title",
            "kind": "news",
            "title": "Tractor cooperative opens in Savannakhet",
            "text": "A short note about farming.",
            "doc_type": "news",
            "date": date(2024, 3, 1),
            "language": "en",
            "url": "/en/news/tractor/",
            **_swg(GOVERNANCE),
        },
        {
            "key": "page:tractor-body",
            "kind": "news",
            "title": "Farming season report",
            "text": "tractor " * 3 + "The tractor was used on tractor roads by tractor drivers.",
            "doc_type": "news",
            "date": date(2024, 4, 1),
            "language": "en",
            "url": "/en/news/farming/",
            **_swg(GOVERNANCE),
        },
    ]
    return records


# Hostile inputs that survive a URL (no lone surrogates or NUL in query strings).
HOSTILE_PARAMS = [
    '"unbalanced',
    "*",
    "NEAR(free equal)",
    "free AND OR NOT",
    "'; DROP TABLE search_searchrecord; --",
    "\x01\x1f\x7f",
    "<script>alert(1)</script>",
    "a" * 10_000,
    "ສິດ " * 2_000,
]

EVERYTHING = Visibility(everything=True)
PUBLIC = Visibility()
HEALTH_MEMBER = Visibility(member_swg_ids=frozenset({HEALTH}))
HEALTH_RESTRICTED = Visibility(
    member_swg_ids=frozenset({HEALTH}), restricted_swg_ids=frozenset({HEALTH})
)
EDUCATION_MEMBER = Visibility(member_swg_ids=frozenset({EDUCATION}))


@pytest.fixture(params=available_backends())
def backend_name(request, settings):
    settings.SEARCH_BACKEND = request.param
    if request.param == "elasticsearch":
        settings.ELASTICSEARCH_URL = os.environ["ELASTICSEARCH_URL"]
        settings.SEARCH_ELASTICSEARCH = {"INDEX": "swg-search-test", "REFRESH": "wait_for"}
    service.get_backend.cache_clear()
    yield request.param
    service.get_backend.cache_clear()


@pytest.fixture
def corpus(backend_name, db):
    records = corpus_records()
    service.rebuild(records)
    return {r["key"]: r for r in records}


@pytest.fixture
def totp_admin(client, demo_password):
    """The demo's site administrator, past the real login and TOTP forms."""
    email = "admin@example.org"
    sign_in_with_totp(client, email, demo_password)
    assert get_user_model().objects.get(email=email).is_superuser
    assert client.get("/admin/").status_code == 200
    return client

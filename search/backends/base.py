"""The interface every search backend implements, and the types it speaks."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from search import snippets
from search.text import Query
from search.visibility import Visibility

FACETS = ("swg", "type", "year", "language")
SORTS = ("relevance", "date")


@dataclass(frozen=True)
class Filters:
    """Exact-match filters; ``swg`` is an SWG id or slug."""

    swg: str | None = None
    type: str | None = None
    year: int | None = None
    language: str | None = None
    kind: str | None = None

    def without(self, facet: str) -> Filters:
        """The same filters minus one facet's own, for that facet's counts."""
        return Filters(**{**self.__dict__, facet: None})


@dataclass(frozen=True)
class Hit:
    title: str
    url: str
    kind: str
    swg: list[str]
    type: str
    date: date | None
    language: str
    access: str
    snippet: str  # HTML: escaped text with <mark> around matched words
    key: str = ""
    score: float = 0.0

    def as_json(self) -> dict:
        return {
            "title": self.title,
            "url": self.url,
            "kind": self.kind,
            "swg": self.swg,
            "type": self.type,
            "date": self.date.isoformat() if self.date else None,
            "language": self.language,
            "access": self.access,
            "snippet": self.snippet,
        }


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    label: str = ""


@dataclass
class SearchResults:
    count: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    page: int = 1
    per_page: int = 20

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.count // self.per_page))


def record_hit(record, query: Query, score: float = 0.0) -> Hit:
    """The hit for a SearchRecord row: its texts as written, a snippet of the passage
    where the query matched (or of the text's start when only the title did)."""
    originals = record.originals or {}
    text_originals = originals.get("text", ())
    snippet = snippets.snippet(record.text, query, text_originals) if query else ""
    return Hit(
        title=record.shown("title"),
        url=record.url,
        kind=record.kind,
        swg=group_swgs(record.swg_ids, record.swg_slugs),
        type=record.doc_type,
        date=record.date,
        language=record.language,
        access=record.access,
        snippet=snippet or snippets.leading_snippet(record.text, text_originals),
        key=record.key,
        score=float(score or 0.0),
    )


def group_swgs(ids: Sequence[int], slugs: Sequence[str]) -> list[str]:
    return [slug or str(i) for i, slug in zip(ids, list(slugs) + [""] * len(ids), strict=False)]


class SearchBackend:
    """Backends find records the visibility allows, with filters applied in the query."""

    name = "base"

    def search(
        self,
        query: Query,
        *,
        visibility: Visibility,
        filters: Filters,
        sort: str = "relevance",
        page: int = 1,
        per_page: int = 20,
        facets: bool = True,
    ) -> SearchResults:
        raise NotImplementedError

    # Database backends index the SearchRecord rows themselves (triggers or generated
    # columns), so writes need no extra step; external engines override these.
    def index_records(self, records: Iterable) -> None:
        """Index SearchRecord rows that were just written."""

    def remove_keys(self, keys: Iterable[str]) -> None:
        """Forget records that were just deleted."""

    def rebuild(self, records: Iterable, progress=None) -> None:
        """Recreate the whole index from SearchRecord rows."""

    def status(self) -> dict:
        return {"backend": self.name}

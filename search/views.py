"""The search page and the JSON API: thin wrappers around ``search.service.search``."""

from __future__ import annotations

import re
from urllib.parse import urlencode

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_cookie

from search import service
from search.backends.base import FACETS, SORTS, Filters, SearchResults
from search.models import Language
from search.visibility import visibility_for
from web import ratelimit

PER_PAGE = 20
MAX_PER_PAGE = 50
_SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")
_YEAR = re.compile(r"^[12][0-9]{3}$")


class BadParameter(ValueError):
    """A filter value that cannot be valid; answered with 400."""


def _value(params, name: str) -> str | None:
    value = params.get(name, "")
    value = value.strip() if isinstance(value, str) else ""
    return value or None


def parse_params(params) -> tuple[str, Filters, str, int]:
    """``(q, filters, sort, page)`` from GET parameters; BadParameter on a bad filter."""
    q = params.get("q", "") or ""
    values = {}
    for name in ("swg", "type", "kind"):
        value = _value(params, name)
        # An id is a slug of digits; one beyond any database's integers names nothing.
        too_large = value is not None and value.isdigit() and int(value) >= 2**63
        if value is not None and (too_large or not _SLUG.match(value.lower())):
            raise BadParameter(_("Unknown value for “%(name)s”.") % {"name": name})
        values[name] = value.lower() if value else None
    year = _value(params, "year")
    if year is not None and not _YEAR.match(year):
        raise BadParameter(_("The year must have four digits."))
    language = _value(params, "language")
    if language is not None and language not in Language.values:
        raise BadParameter(_("Unknown language."))
    sort = _value(params, "sort") or "relevance"
    if sort not in SORTS:
        raise BadParameter(_("Results can be sorted by relevance or date only."))
    try:
        page = int(_value(params, "page") or 1)
    except ValueError:
        page = 1
    page = max(1, min(page, 10**6))
    filters = Filters(
        swg=values["swg"],
        type=values["type"],
        year=int(year) if year else None,
        language=language,
        kind=values["kind"],
    )
    return q, filters, sort, page


def _too_many(request) -> int | None:
    """Seconds to wait when this client searched more than PORTAL_SEARCH_RATE_LIMIT
    (page and API together), else None."""
    rate = ratelimit.parse_rate(getattr(settings, "PORTAL_SEARCH_RATE_LIMIT", None))
    return ratelimit.retry_after("search", request, rate)


def _too_many_message():
    return _("Too many searches in a short time. Please wait a moment and try again.")


def _label_resolver():
    resolver = getattr(settings, "SEARCH_FACET_LABELS", None)
    return import_string(resolver) if isinstance(resolver, str) else resolver


def _facet_labels(results) -> None:
    """Human labels for facet values: languages here, the rest via SEARCH_FACET_LABELS."""
    languages = dict(Language.choices)
    resolver = _label_resolver()
    for facet, values in results.facets.items():
        labels = resolver(facet, [v.value for v in values]) if resolver else {}
        results.facets[facet] = [
            type(v)(
                v.value,
                v.count,
                str(labels.get(v.value) or languages.get(v.value) or v.label or v.value),
            )
            for v in values
        ]


def _run(request, per_page: int = PER_PAGE):
    q, filters, sort, page = parse_params(request.GET)
    if not q.strip() and filters == Filters():
        return q, filters, sort, SearchResults(0, [], {}, per_page=per_page)
    results = service.search(
        q,
        visibility=visibility_for(request.user),
        filters=filters,
        sort=sort,
        page=page,
        per_page=per_page,
    )
    _facet_labels(results)
    return q, filters, sort, results


@require_GET
@vary_on_cookie
@cache_control(private=True, max_age=0)
def search_page(request):
    wait = _too_many(request)
    if wait is not None:
        response = render(request, "search/search.html", {"error": _too_many_message()}, status=429)
        response["Retry-After"] = str(wait)
        return response
    try:
        q, filters, sort, results = _run(request)
    except BadParameter as exc:
        return render(request, "search/search.html", {"error": str(exc)}, status=400)
    active = {k: v for k, v in filters.__dict__.items() if v is not None}
    searched = bool(q.strip()) or bool(active)

    def link(**changes) -> str:
        params = {"q": q, **{k: str(v) for k, v in active.items()}, "sort": sort}
        params.update(changes)
        return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})

    facets = [
        {
            "name": facet,
            "title": {
                "swg": _("Sector working group"),
                "type": _("Type"),
                "year": _("Year"),
                "language": _("Language"),
            }[facet],
            "active": active.get(facet),
            "clear_url": link(**{facet: None}),
            "values": [
                {
                    "value": v.value,
                    "label": v.label,
                    "count": v.count,
                    "url": link(**{facet: v.value}),
                    "selected": str(active.get(facet, "")) == v.value,
                }
                for v in results.facets.get(facet, [])
            ],
        }
        for facet in FACETS
    ]
    resolver = _label_resolver()
    hits = results.hits if searched else []
    type_labels = resolver("type", [h.type or h.kind for h in hits]) if resolver else {}
    swg_labels = (
        resolver("swg", sorted({s for h in hits for s in h.swg})) if resolver and hits else {}
    )
    labelled = [
        {
            "hit": hit,
            "type_label": type_labels.get(hit.type or hit.kind, hit.type or hit.kind),
            "swg_labels": [swg_labels.get(slug, slug) for slug in hit.swg],
        }
        for hit in hits
    ]
    page = results.page
    context = {
        "q": q,
        "searched": searched,
        "results": results,
        "hits": labelled,
        "facets": facets if searched else [],
        "active_filters": active,
        "clear_filters_url": "?" + urlencode({"q": q}),
        "sort": sort,
        "sort_relevance_url": link(sort="relevance", page=None),
        "sort_date_url": link(sort="date", page=None),
        "first_number": (page - 1) * results.per_page + 1,
        "prev_url": link(page=page - 1) if page > 1 else None,
        "next_url": link(page=page + 1) if page < results.num_pages else None,
    }
    return render(request, "search/search.html", context)


@require_GET
@vary_on_cookie
@cache_control(private=True, max_age=0)
def search_api(request):
    wait = _too_many(request)
    if wait is not None:
        response = JsonResponse({"error": _too_many_message()}, status=429)
        response["Retry-After"] = str(wait)
        return response
    try:
        per_page = int(request.GET.get("per_page") or PER_PAGE)
    except ValueError:
        per_page = PER_PAGE
    try:
        q, filters, sort, results = _run(request, max(1, min(per_page, MAX_PER_PAGE)))
    except BadParameter as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    return JsonResponse(
        {
            "count": results.count,
            "results": [hit.as_json() for hit in results.hits],
            "facets": {
                facet: [{"value": v.value, "label": v.label, "count": v.count} for v in values]
                for facet, values in results.facets.items()
            },
        },
        json_dumps_params={"ensure_ascii": False},
    )

"""DESIGN.md §5: a first visit transfers at most 300 KB (Lao font included) and at most
30 KB of JavaScript. Measured in Chromium with a cold cache at phone and desktop width;
the numbers go to test-artifacts/page-weight.json."""

import pytest

from tests.browser.support import (
    LAO_WORD,
    PAGE_BYTES_BUDGET,
    SCRIPT_BYTES_BUDGET,
    VIEWPORTS,
    measure_page_weight,
    write_page_weights,
)

pytestmark = pytest.mark.browser


def pages():
    from swg.models import MeetingPage

    meeting = MeetingPage.objects.live().filter(locale__language_code="lo").order_by("pk")
    return {
        "home": "/lo/",
        "search": f"/lo/search/?q={LAO_WORD}",
        "swg-overview": "/lo/swg/",
        "swg-space": "/lo/swg/health/",
        "meeting": meeting.filter(access_level="public").first().url,
        "swg-documents": "/lo/swg/health/documents/",
    }


def test_first_visits_stay_inside_the_page_weight_budget(new_context, search_index):
    weights = []
    for viewport_name, viewport in VIEWPORTS.items():
        for name, path in pages().items():
            # A new context per page: empty cache and no cookies, a true first visit.
            context = new_context(viewport=viewport, language="lo", chosen=False)
            weights.append(measure_page_weight(context, path, name, viewport_name))
            context.close()
    write_page_weights(weights)

    for weight in weights:
        where = f"{weight.name} ({weight.viewport})"
        statuses = {r["url"]: r["status"] for r in weight.resources}
        broken = {url: status for url, status in statuses.items() if status >= 400}
        assert not broken, f"{where}: failed requests {broken}"
        # The Lao font must be part of what was measured, or the budget means little.
        assert weight.font_bytes > 0, f"{where}: no font was downloaded"
        assert weight.transferred_bytes <= PAGE_BYTES_BUDGET, (
            f"{where}: {weight.transferred_bytes} bytes > {PAGE_BYTES_BUDGET}: {weight.resources}"
        )
        assert weight.script_bytes <= SCRIPT_BYTES_BUDGET, (
            f"{where}: {weight.script_bytes} bytes of JavaScript > {SCRIPT_BYTES_BUDGET}"
        )

"""Listing pages issue the same number of queries however many meetings, items and
contacts there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.swg.factories import add_contacts, add_meeting

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("listing", ["", "meetings/", "actions/", "contacts/", "documents/"])
@pytest.mark.parametrize("as_admin", [False, True])
def test_listing_queries_do_not_grow_with_the_data(client, login, health_en, listing, as_admin):
    if as_admin:
        client = login("admin@example.org")
    url = f"/en/swg/health/{listing}"
    client.get(url)  # warm per-process caches (site root paths, locales)
    before = count_queries(client, url)
    for days in (-40, -30, -20, 15, 25):
        add_meeting(health_en, days=days, actions=4, attendance=5)
    add_contacts(health_en.working_group, 6)
    after = count_queries(client, url)
    assert after == before, f"{url}: {before} queries with less data, {after} with more"


def test_meeting_page_queries_do_not_grow_with_attendance_and_actions(client, health_en):
    small = add_meeting(health_en, actions=1, attendance=1)
    large = add_meeting(health_en, actions=12, attendance=25)
    client.get(small.url)
    assert count_queries(client, large.url) == count_queries(client, small.url)

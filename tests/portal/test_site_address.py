"""Absolute links go to the address really served (PORTAL_BASE_URL): feeds, calendars,
the sitemap and e-mails; `migrate` gives the default Site that host and port."""

import re

import pytest
from defusedxml import ElementTree as ET
from django.core import checks, mail
from django.core.management import call_command
from wagtail.models import Site

from sitetree import site_address
from swg.models import SectorWorkingGroup
from swg.roles import services as role_services

SERVED = "http://127.0.0.1:8101"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

pytestmark = pytest.mark.django_db


@pytest.fixture
def served(settings):
    """The portal served at SERVED, its Site brought there by `migrate` as in a deploy."""
    settings.PORTAL_BASE_URL = SERVED
    settings.WAGTAILADMIN_BASE_URL = SERVED
    site = Site.objects.get(is_default_site=True)
    assert site.root_url != SERVED  # the test starts from another address
    call_command("migrate", verbosity=0)
    return Site.objects.get(is_default_site=True)


def test_migrate_gives_the_default_site_the_served_host_and_port(served):
    assert (served.hostname, served.port) == ("127.0.0.1", 8101)
    assert served.root_url == SERVED


@pytest.mark.parametrize(
    "base_url, expected",
    [
        ("https://swg.example.org", ("swg.example.org", 443)),
        ("http://swg.example.org", ("swg.example.org", 80)),
        ("http://127.0.0.1:8102/", ("127.0.0.1", 8102)),
    ],
)
def test_host_and_port_of_a_base_url(base_url, expected, settings):
    settings.PORTAL_BASE_URL = base_url
    assert site_address.host_and_port() == expected
    assert site_address.follow_base_url() is True
    site = Site.objects.get(is_default_site=True)
    assert site.root_url == base_url.rstrip("/")
    assert site_address.follow_base_url() is False  # nothing left to change


@pytest.mark.parametrize(
    "base_url",
    [
        "swg.example.org",
        "ftp://swg.example.org",
        "https://swg.example.org/portal",
        "https://x:8443",
    ],
)
def test_an_address_the_site_cannot_carry_fails_the_system_check(base_url, settings):
    settings.PORTAL_BASE_URL = base_url
    errors = site_address.check_base_url()
    assert [error.id for error in errors] and all(e.level == checks.ERROR for e in errors)
    before = Site.objects.get(is_default_site=True).root_url
    assert site_address.follow_base_url() is False
    assert Site.objects.get(is_default_site=True).root_url == before


def test_the_configured_address_passes_the_system_check():
    assert site_address.check_base_url() == []


def _links_of(rss):
    root = ET.fromstring(rss)
    links = [element.text for element in root.iter("link")]
    links += [element.get("href") for element in root.iter(f"{ATOM}link")]
    links += [element.text for element in root.iter("guid")]
    return links


@pytest.mark.parametrize("path", ["/en/news/feed/", "/lo/news/feed/", "/en/swg/health/feed/"])
def test_feed_links_point_at_the_served_address(path, served, client):
    response = client.get(path)
    assert response.status_code == 200
    links = _links_of(response.content)
    assert len(links) > 3
    # Channel, items (pages and documents) and the feed's own address alike; the test
    # client's request says "testserver", so nothing here comes from the request.
    assert all(link.startswith(SERVED + "/") for link in links), links


def test_calendar_links_point_at_the_served_address(served, client):
    response = client.get("/en/swg/health/meetings.ics")
    assert response.status_code == 200
    urls = re.findall(r"^URL[^:]*:(.+?)\r?$", response.content.decode(), flags=re.MULTILINE)
    assert urls and all(url.startswith(f"{SERVED}/en/swg/health/") for url in urls)


def test_sitemap_points_at_the_served_address(served, client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert len(locations) > 10
    assert all(location.startswith(SERVED + "/") for location in locations)
    assert f"{SERVED}/lo/" in locations and f"{SERVED}/en/" in locations


def test_emails_point_at_the_served_address(served, django_capture_on_commit_callbacks):
    health = SectorWorkingGroup.objects.get(slug="health")
    chair = health.memberships.get(role="chair").user
    with django_capture_on_commit_callbacks(execute=True):
        _invitation, url = role_services.invite(
            "new.partner@example.org", health, "member", by=chair, language="en"
        )
    assert url.startswith(f"{SERVED}/accounts/invitations/")
    [message] = mail.outbox
    assert url in message.body
    links = re.findall(r"https?://[^\s\"<>]+", message.body)
    assert links and all(link.startswith(SERVED + "/") for link in links), links

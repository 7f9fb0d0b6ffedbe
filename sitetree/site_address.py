"""The portal's public address (setting PORTAL_BASE_URL) and the Wagtail Site record
that has to say the same.

Wagtail writes every absolute page link (feeds, calendars, the sitemap, "View live" in
the admin) from the default Site's hostname and port; the portal writes its other
absolute links (e-mails, unsubscribe and invitation links) from PORTAL_BASE_URL. Left
alone, the Site keeps Wagtail's initial `localhost:80` and every feed link is dead, so
`follow_base_url()` gives the default Site the host and port of PORTAL_BASE_URL. It
runs after every `migrate` (a deployment runs it on each release; scripts/serve on
each start) and in `load_demo`.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import post_migrate
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def host_and_port(base_url=None):
    """(hostname, port) of `base_url` (PORTAL_BASE_URL by default)."""
    parts = urlsplit(base_url or settings.PORTAL_BASE_URL)
    return parts.hostname, parts.port or DEFAULT_PORTS.get(parts.scheme)


def problems(base_url):
    """What is wrong with `base_url` as the portal's address (empty when nothing)."""
    try:
        parts = urlsplit(base_url)
        port = parts.port
    except ValueError as error:
        return [f"{base_url!r} is not an address: {error}"]
    found = []
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        found.append(f"{base_url!r} is not an http:// or https:// address with a host name")
    if parts.path.strip("/") or parts.query or parts.fragment:
        found.append(f"{base_url!r} has a path: the portal is served at the root of its host")
    # Wagtail's Site.root_url says "https" for port 443 and "http" for every other port.
    if parts.scheme == "https" and port not in (None, 443):
        found.append(f"{base_url!r}: Wagtail's Site record can express https on port 443 only")
    if parts.scheme == "http" and port == 443:
        found.append(f"{base_url!r}: Wagtail's Site record takes port 443 for https")
    return found


@checks.register(checks.Tags.compatibility)
def check_base_url(app_configs=None, **kwargs):
    """System check: PORTAL_BASE_URL is an address the Site record can carry."""
    return [
        checks.Error(
            message, hint="Set PORTAL_BASE_URL=https://HOST (see README).", id="portal.E001"
        )
        for message in problems(settings.PORTAL_BASE_URL)
    ]


def follow_base_url(using=DEFAULT_DB_ALIAS):
    """Give the default Site the host and port of PORTAL_BASE_URL; True when it changed."""
    if problems(settings.PORTAL_BASE_URL):
        return False
    hostname, port = host_and_port()
    with transaction.atomic(using=using):
        site = Site.objects.using(using).select_for_update().filter(is_default_site=True).first()
        if site is None or (site.hostname, site.port) == (hostname, port):
            return False
        site.hostname, site.port = hostname, port
        site.save(using=using, update_fields=["hostname", "port"])
    return True


def absolute(url):
    """`url` on the portal's public address when it is a path ("/en/..."); a full
    address (or nothing) as it is."""
    if url and url.startswith("/"):
        return settings.PORTAL_BASE_URL.rstrip("/") + url
    return url


def _after_migrate(sender, using=DEFAULT_DB_ALIAS, plan=None, **kwargs):
    # Only once the table exists (`migrate wagtailcore 0001` leaves none behind).
    if "wagtailcore_site" in connections[using].introspection.table_names():
        follow_base_url(using=using)


def connect_signals(app_config):
    """Run `follow_base_url` after each `migrate` (called from PortalConfig.ready)."""
    post_migrate.connect(_after_migrate, sender=app_config, dispatch_uid="sitetree.site_address")

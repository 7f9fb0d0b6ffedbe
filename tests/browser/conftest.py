"""Browser suite plumbing: a live server over the demo site, Chromium through Playwright,
axe-core, screenshots and page-weight recording.

How the demo data reaches the live server, and how each test is undone
---------------------------------------------------------------------
The demo is loaded once per session by ``tests/conftest.py`` (``django_db_setup``).
pytest-django's own ``live_server`` forces ``transactional_db``, which *flushes* every
table after each test (the Wagtail root page and collection included); restoring the
demo by serialized rollback then costs about 20 s per test at today's demo size.

So the browser tests use the ordinary ``db`` fixture (each test inside a transaction
that is rolled back) and ``portal_server`` serves the site from a thread that shares
the test thread's database connection, on SQLite and PostgreSQL alike. The server sees
the demo plus whatever the test wrote, and everything the browser did (sign-ins,
drafts, approvals) is rolled back with the test. Costs nothing per test.

Consequences for journeys added later:
- The server handles one request at a time (one shared connection, no races).
- ``transaction.on_commit`` callbacks registered while serving never run, because the
  test's transaction never commits. A journey that needs one (indexing after
  approval, e-mail after invitation) must run it itself
  (``support.run_on_commit_callbacks()``), or call the service the callback would have
  called.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.servers.basehttp import WSGIServer
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections
from django.test.testcases import LiveServerThread, QuietWSGIRequestHandler
from django.test.utils import override_settings

from swg.policy import requires_admin_2fa
from tests.browser.support import ACCEPT_LANGUAGE, ARTIFACTS, DESKTOP, REPO
from tests.two_factor import totp_code, with_totp

SCREENSHOTS = ARTIFACTS / "screenshots"
AXE_SCRIPT = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
BROWSER_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items):
    """Everything under tests/browser is a browser test, so ``-m "not browser"`` works."""
    for item in items:
        if BROWSER_DIR in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


def unavailable(reason):
    """Skip where the tool is missing on a developer machine; fail in CI (CI is set)."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: the browser suite must run, not be skipped)")
    pytest.skip(reason)


# --- database and server -------------------------------------------------------------


class _PortalServerThread(LiveServerThread):
    """Django's live-server thread, one request at a time, static files by WhiteNoise."""

    def _create_server(self, connections_override=None):
        address = (self.host, self.port)
        return WSGIServer(address, QuietWSGIRequestHandler, allow_reuse_address=False)


def _through_to_django(application):
    # Static files go through WhiteNoise's middleware, as in production, instead of
    # Django's StaticFilesHandler; media files keep Django's live-server handler.
    return application


@pytest.fixture(scope="package")
def portal_server(browser, django_db_setup, django_db_blocker):
    """The portal on a local port, sharing the test thread's database connections.

    Started after Playwright (``browser``): from then on asgiref gives the test thread
    context-local connections, and those are the ones to share."""
    host = os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    shared = {connection.alias: connection for connection in connections.all()}
    thread = _PortalServerThread(host, _through_to_django, connections_override=shared)
    thread.daemon = True
    # The server must not close the shared connection after each request (Django's
    # test client does the same); test settings set WHITENOISE_AUTOREFRESH, but
    # WhiteNoise reads the app finders only when WHITENOISE_USE_FINDERS (default: DEBUG).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    settings = override_settings(WHITENOISE_USE_FINDERS=True, ALLOWED_HOSTS=[host])
    settings.enable()
    for connection in shared.values():
        connection.inc_thread_sharing()
    try:
        with django_db_blocker.unblock():
            thread.start()
            thread.is_ready.wait()
        if thread.error:
            raise thread.error
        yield f"http://{host}:{thread.port}"
    finally:
        thread.terminate()
        for connection in shared.values():
            connection.dec_thread_sharing()
        settings.disable()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _browser_db(db, portal_server):
    """Every browser test: the demo in a rolled-back transaction, and the server."""


@pytest.fixture
def server_url(portal_server):
    return portal_server


# --- browser -------------------------------------------------------------------------


@pytest.fixture(scope="session", autouse=True)
def chromium_path():
    """Checked first, before the database is built, so a missing browser says so fast."""
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        unavailable(f"no Chromium at {path} (apt-get install chromium, or set CHROMIUM_PATH)")
    return path


@pytest.fixture(scope="package")
def browser(chromium_path):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - the test extra installs it
        unavailable("Playwright is not installed (pip install -e '.[test]')")
    # Playwright's sync API keeps an asyncio loop running in the main thread. Django
    # then takes every ORM call of the test thread for async code and refuses it;
    # nothing here is async, so lift the guard while Playwright runs (package scope:
    # the rest of the session runs without it). asgiref also gives the thread
    # context-local DB connections meanwhile; they are closed before the loop stops.
    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
            connections.close_all()


@pytest.fixture
def new_context(browser, server_url):
    """Factory for fresh browser contexts (own cookies, empty cache) on the live server."""
    contexts = []

    def _new_context(viewport=DESKTOP, language="lo", chosen=True, **kwargs):
        """`language`: what the browser asks for. `chosen`: the reader has also chosen
        it on the site (the language cookie), which pages without a /lo/ or /en/ prefix
        (sign-in, the admin) follow before the signed-in user's saved language."""
        context = browser.new_context(
            base_url=server_url,
            viewport=viewport,
            extra_http_headers={"Accept-Language": ACCEPT_LANGUAGE[language]},
            **kwargs,
        )
        if chosen:
            context.add_cookies([{"name": "portal_language", "value": language, "url": server_url}])
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context

    yield _new_context
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_context):
    return new_context().new_page()


@pytest.fixture
def sign_in(demo_password, settings):
    """Sign a page in as a demo account through the real login form; an account that
    must use two-factor authentication gets an authenticator and types its code."""

    def _sign_in(page, email, next_url=None):
        user = get_user_model().objects.get(email=email)
        secret = None
        if settings.PORTAL_REQUIRE_2FA_FOR_ADMIN and requires_admin_2fa(user):
            secret = with_totp(email)
        page.goto("/accounts/login/" + (f"?next={next_url}" if next_url else ""))
        page.fill("input[name=login]", email)
        page.fill("input[name=password]", demo_password)
        with page.expect_navigation():
            page.locator("form:has(input[name=password]) [type=submit]").click()
        assert "/accounts/login/" not in page.url, f"still on the login form as {email}"
        if secret is not None:
            assert "/accounts/2fa/authenticate/" in page.url, page.url
            page.fill("input[name=code]", totp_code(secret))
            with page.expect_navigation():
                page.locator("input[name=code]").press("Enter")
            assert "/accounts/2fa/" not in page.url, f"still asked for the code as {email}"
        return page

    return _sign_in


# --- accessibility -------------------------------------------------------------------

_axe_report: dict[str, dict] = {}


@pytest.fixture(scope="session")
def axe_source():
    if not AXE_SCRIPT.exists():
        unavailable(f"{AXE_SCRIPT.relative_to(REPO)} missing: run `npm ci` (scripts/test does)")
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def axe_report():
    """Every page axe saw in this session, written to test-artifacts/axe-report.json."""
    yield _axe_report
    if _axe_report:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        (ARTIFACTS / "axe-report.json").write_text(
            json.dumps(_axe_report, indent=2, ensure_ascii=False, sort_keys=True),
            encoding="utf-8",
        )


@pytest.fixture
def run_axe(axe_source, axe_report):
    """Run axe-core (WCAG 2.x A and AA rules plus best practices) over the page.

    Returns the violations; every run is recorded under ``label`` in the report."""

    def _run_axe(page, label):
        page.evaluate(axe_source)
        result = page.evaluate(
            """() => axe.run(document, {
                   runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',
                                                   'wcag22aa', 'best-practice']},
                   resultTypes: ['violations'],
               })"""
        )
        violations = [
            {
                "id": v["id"],
                "impact": v["impact"],
                "help": v["help"],
                "nodes": [n["target"] for n in v["nodes"]][:10],
                "summary": v["nodes"][0].get("failureSummary", "") if v["nodes"] else "",
            }
            for v in result["violations"]
        ]
        counts: dict[str, int] = {}
        for v in violations:
            counts[v["impact"]] = counts.get(v["impact"], 0) + 1
        axe_report[label] = {
            "url": page.url,
            "axe": result["testEngine"]["version"],
            "counts": counts,
            "violations": violations,
        }
        return violations

    return _run_axe


# --- artefacts -----------------------------------------------------------------------


@pytest.fixture
def screenshot():
    def _screenshot(page, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _screenshot


# --- data the journeys need ----------------------------------------------------------


@pytest.fixture
def search_index():
    """The search index as `manage.py search_index rebuild` builds it from the demo.

    Until a source indexes Wagtail pages (the search registry has none for them yet),
    the demo's news pages are indexed here the way such a source would; delete that
    part once a "page" source is registered."""
    from search import registry, service

    service.get_backend.cache_clear()
    service.rebuild(registry.iter_all_records())
    if "page" not in registry.sources():
        from portal.models import NewsPage

        for news in NewsPage.objects.live().select_related("locale"):
            language = news.locale.language_code
            service.upsert(
                key=f"page:{news.pk}",
                kind="page",
                doc_type="news",
                title=news.title,
                text=news.intro,
                date=news.date,
                language=language,
                locale=language,
                url=news.url,
            )
    return service

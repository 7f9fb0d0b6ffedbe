"""A refused request is logged as one line (who, what, why) through the configured
console handler; tracebacks are kept for server errors."""

import io
import json
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from documents.models import PortalDocument
from web.logging import ClientErrorsInOneLine, JsonFormatter

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    """What the console handler of settings.LOGGING writes, as text."""
    handler = next(
        h
        for h in logging.getLogger().handlers
        if any(isinstance(f, ClientErrorsInOneLine) for f in h.filters)
    )
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def _lines(stream, marker):
    return [line for line in stream.getvalue().splitlines() if marker in line]


def test_a_denied_download_is_one_line_with_who_what_why(client, login, console):
    document = PortalDocument.objects.filter(
        access_level="restricted", working_groups__slug="health"
    ).first()
    login("education.member@example.org")
    user = client.session["_auth_user_id"]
    assert client.get(document.url).status_code == 403
    output = console.getvalue()
    assert "Traceback" not in output
    (line,) = _lines(console, "Forbidden")
    assert "WARNING django.request" in line
    assert f"GET {document.url}" in line or f"GET /documents/{document.pk}/" in line
    assert f"by user {user} from 127.0.0.1" in line
    assert line.endswith(f": restricted PortalDocument {document.pk}")


def test_a_forged_line_in_the_path_stays_on_its_line(console):
    """URL patterns refuse a newline in a path today; the log line does not rely on it."""
    request = RequestFactory().get("/documents/3/x.pdf")
    request.path = "/documents/3/x.pdf\n2026-01-01 00:00:00 WARNING all is well"
    logging.getLogger("django.request").warning(
        "Forbidden (Permission denied): %s",
        request.path,
        exc_info=(PermissionDenied, PermissionDenied("restricted PortalDocument 3"), None),
        extra={"status_code": 403, "request": request},
    )
    (line,) = _lines(console, "Forbidden")
    assert "x.pdf\\n2026-01-01" in line
    assert not [row for row in console.getvalue().splitlines() if row.startswith("2026-01-01")]


def test_django_prints_nothing_beside_the_configured_handler():
    """Django's own console handler (on when DEBUG is) would print the traceback again."""
    assert logging.getLogger("django").handlers == []
    assert logging.getLogger("django").propagate


def test_a_denied_members_page_says_what_was_refused(client, login, console):
    login("health.member@example.org")
    assert client.get("/en/swg/health/members/").status_code == 403
    (line,) = _lines(console, "Forbidden")
    assert line.endswith("managing the members of SWG health")
    assert "Traceback" not in console.getvalue()


def test_other_client_errors_lose_their_traceback_too(client, console):
    assert client.get("/", HTTP_HOST="evil.example.net").status_code == 400
    assert _lines(console, "DisallowedHost") or _lines(console, "Invalid HTTP_HOST")
    assert "Traceback" not in console.getvalue()


def test_server_errors_keep_their_traceback(console):
    try:
        raise RuntimeError("a real bug")
    except RuntimeError:
        logging.getLogger("django.request").error(
            "Internal Server Error: %s", "/x", exc_info=True, extra={"status_code": 500}
        )
    assert "Traceback" in console.getvalue()
    assert "RuntimeError: a real bug" in console.getvalue()


def test_json_lines_carry_who_and_why():
    record = logging.makeLogRecord(
        {
            "name": "django.request",
            "levelname": "WARNING",
            "levelno": 30,
            "msg": "Forbidden (Permission denied): %s",
            "args": ("/documents/3/x.pdf",),
            "status_code": 403,
            "exc_info": (PermissionError, PermissionError("members PortalDocument 3"), None),
        }
    )
    assert ClientErrorsInOneLine().filter(record)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["why"] == "members PortalDocument 3"
    assert entry["who"] == "unknown"
    assert "exception" not in entry

"""A form post the server cannot read answers 400 with a translated page, not 500.

Upstream gap: Wagtail's admin forms read the data their own JavaScript posts without
checking it. A page form without a StreamField's ``<name>-count`` key raises
``MultiValueDictKeyError`` in ``StreamBlock.value_from_datadict``, a count that is not
a number ``ValueError`` there, and a workflow action whose ``workflow-action-extra-data``
is not JSON ``json.JSONDecodeError`` in the edit view; Django answers each with a 500
and a server-error log line. Delete this module when Wagtail's widgets report missing
or malformed data as form errors (still so in Wagtail 8.0.1).

Only what is provably the request's fault becomes a 400; anything else stays a 500:

- ``MultiValueDictKeyError`` for a key the request did not send;
- ``KeyError``, ``ValueError``, ``TypeError`` or ``IndexError`` raised while a form
  widget reads the submitted data (a ``value_from_datadict`` frame in the traceback);
- ``json.JSONDecodeError`` for a document that is one of the submitted values.

Each is logged as a warning with its traceback, so a genuine bug that happens to look
like one stays visible in the logs.
"""

import json
import logging
import traceback

from django.utils.datastructures import MultiValueDictKeyError

from portal import views

logger = logging.getLogger(__name__)

_READING_ERRORS = (KeyError, ValueError, TypeError, IndexError)
_READING_FRAME = "value_from_datadict"


def _submitted(request):
    """The data the client sent with `request`: query string, form fields, files."""
    data = [request.GET]
    if request.method not in ("GET", "HEAD"):
        data += [request.POST, request.FILES]
    return data


def _raised_while_reading_form(exception):
    return any(
        frame.name == _READING_FRAME for frame in traceback.extract_tb(exception.__traceback__)
    )


def is_malformed_submission(request, exception):
    """Did `exception` come from data the client sent (see the module docstring)?"""
    if isinstance(exception, MultiValueDictKeyError):
        key = exception.args[0] if exception.args else None
        return not any(key in data for data in _submitted(request))
    if isinstance(exception, json.JSONDecodeError):
        fields = [data for data in _submitted(request) if data is not request.FILES]
        return any(exception.doc in data.getlist(key) for data in fields for key in data)
    return isinstance(exception, _READING_ERRORS) and _raised_while_reading_form(exception)


class MalformedRequestMiddleware:
    """Turn the errors of unreadable submitted data into a 400 page (module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_malformed_submission(request, exception):
            return None
        logger.warning(
            "Unreadable %s data for %s: %s: %s",
            request.method,
            request.path,
            type(exception).__name__,
            exception,
            exc_info=exception,
            extra={"status_code": 400, "request": request},
        )
        return views.bad_request(request, exception)

"""How the portal logs: one JSON object per line (`LOG_FORMAT=json`), and client errors
in one line each (`ClientErrorsInOneLine`).

JSON: standard fields time (UTC, ISO 8601), level, logger, message; exc_info as
`exception`; for Django's request loggers, the status code and path. Anything passed
through `extra=` that is JSON-serialisable is kept as its own field.
"""

import datetime
import json
import logging

from django.utils.functional import empty

from web import ratelimit

# Attributes every LogRecord has: not copied as "extra" fields.
_RECORD_ATTRIBUTES = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "path"):
            entry["method"] = getattr(request, "method", None)
            entry["path"] = request.path
        for key, value in vars(record).items():
            if key in _RECORD_ATTRIBUTES or key in entry or key == "request":
                continue
            try:
                json.dumps(value)
            except (TypeError, ValueError):
                value = repr(value)
            entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False)


class ClientErrorsInOneLine(logging.Filter):
    """Django logs a refused request (403 from PermissionDenied) and other client errors
    (4xx) with the exception's full traceback, though nothing went wrong in the code.

    For records of `django.request` and `django.security.*` with a 4xx status this
    drops the traceback, and a 403 becomes one line saying who was refused what and
    why: "Forbidden: GET /documents/12/x.pdf by user 7 from 203.0.113.9: restricted
    PortalDocument 12" (the reason is the PermissionDenied's message, see
    swg.roles.access.deny). `who` and `why` are fields of their own in JSON logs.
    Server errors (5xx) keep their tracebacks."""

    LOGGERS = ("django.request", "django.security")

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if not (isinstance(status, int) and 400 <= status < 500):
            return True
        if not record.name.startswith(self.LOGGERS):
            return True
        exception = record.exc_info[1] if record.exc_info else None
        record.exc_info, record.exc_text = None, None
        if status == 403:
            request = getattr(record, "request", None)
            record.who = _who(request)
            record.why = str(exception or "") or "no reason given"
            record.msg = "Forbidden: %s %s by %s: %s"
            record.args = tuple(
                _printable(str(value))
                for value in (
                    getattr(request, "method", "?"),
                    getattr(request, "path", "?"),
                    record.who,
                    record.why,
                )
            )
        return True


def _printable(text: str) -> str:
    """`text` with control characters escaped, so that a path holding "%0A" cannot
    write a second, forged log line (Django escapes its own arguments likewise);
    Lao and other letters stay as they are."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


def _who(request) -> str:
    """ "user 7 from 203.0.113.9", "anonymous from ...", without loading a user that
    the request never needed (no query from inside logging)."""
    if request is None:
        return "unknown"
    address = ratelimit.client_address(request)
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    if user is None or wrapped is empty:
        return f"someone from {address}"
    if not wrapped.is_authenticated:
        return f"anonymous from {address}"
    return f"user {wrapped.pk} from {address}"

"""One JSON object per log line (`LOG_FORMAT=json`), for log shippers that index fields.

Standard fields: time (UTC, ISO 8601), level, logger, message; exc_info as `exception`;
for Django's request loggers, the status code and path. Anything passed through
`extra=` that is JSON-serialisable is kept as its own field.
"""

import datetime
import json
import logging

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

"""Structured logs: one JSON object per line on stderr, never a token or a password.

Call :func:`log` with an event name and fields. Nothing in the server passes request headers,
bodies or query strings to the logger; paths of public badge pages are redacted (a badge token is
printed on a badge, but logs are no place to collect them).
"""

from __future__ import annotations

import json
import logging
import re
import sys
from typing import Any

from sync.server.ids import utc_now

LOGGER = logging.getLogger("verifica.server")
_BADGE_PATH = re.compile(r"^/([cC])/[^/]+")


class JsonFormatter(logging.Formatter):
    """Formats a record as ``{"ts", "level", "logger", "event", ...fields}``."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": utc_now(),
            "level": record.levelname.lower(),
            "logger": record.name,
            "event": record.getMessage(),
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update(fields)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        line = json.dumps(entry, ensure_ascii=False, default=str)
        # Text from clients may hold lone surrogates; a log line must always be writable.
        return line.encode("utf-8", "backslashreplace").decode("utf-8")


def configure(level: str = "info") -> None:
    """Send every log record (ours, uvicorn's, alembic's) to stderr as JSON lines."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    for name in ("uvicorn", "uvicorn.error", "uvicorn.access", "alembic"):
        logging.getLogger(name).handlers[:] = []
        logging.getLogger(name).propagate = True
    # Access lines come from our own middleware (redacted); uvicorn's would print full paths.
    logging.getLogger("uvicorn.access").disabled = True
    logging.getLogger("alembic").setLevel(logging.WARNING)


def log(event: str, level: int = logging.INFO, **fields: Any) -> None:
    """Log ``event`` with ``fields`` (plain values only; never secrets)."""
    LOGGER.log(level, event, extra={"fields": fields})


def redact_path(path: str) -> str:
    """The request path as it may appear in a log."""
    return _BADGE_PATH.sub(lambda m: f"/{m.group(1)}/<token>", path)

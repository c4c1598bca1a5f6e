"""Security-relevant server events: kept in the ``server_events`` table and logged alike.

One place writes both, so every event (a refused request or push, a broken audit chain, an
audited read, an account or device change) has the same shape in the database and in the log.
This module sits below :mod:`sync.server.accounts` and :mod:`sync.server.push` so that both can
use it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Connection, insert

from sync import protocol
from sync.server import models
from sync.server.ids import utc_now
from sync.server.logs import log


def server_event(
    conn: Connection,
    action: str,
    *,
    account_id: str | None = None,
    device_id: str | None = None,
    level: int = logging.INFO,
    at: str | None = None,
    **detail: Any,
) -> None:
    """Keep a security-relevant event in the database (and in the log).

    Args:
        conn: The open write transaction the event is kept in.
        action: The event's name (also the log line's event).
        account_id: The account that acted, if any.
        device_id: The device it acted from, if any.
        level: The log level.
        at: When it happened (default: now).
        **detail: Plain values stored as the event's canonical JSON detail and logged.
    """
    server_event_batch(
        conn, action, [detail], account_id=account_id, device_id=device_id, level=level, at=at
    )


def server_event_batch(
    conn: Connection,
    action: str,
    details: Sequence[Mapping[str, Any]],
    *,
    account_id: str | None = None,
    device_id: str | None = None,
    level: int = logging.INFO,
    at: str | None = None,
    logged: Mapping[str, Any] | None = None,
) -> None:
    """Keep several events of one action, account and device (one row and log line each).

    Args:
        conn: The open write transaction the events are kept in.
        action: The events' name (also the log lines' event).
        details: Each event's detail (plain values), stored as canonical JSON and logged.
        account_id: The account that acted, if any.
        device_id: The device it acted from, if any.
        level: The log level.
        at: When they happened (default: now).
        logged: Extra fields for the log lines only (not stored).
    """
    if not details:
        return
    for detail in details:
        log(action, level, account=account_id, device=device_id, **(logged or {}), **detail)
    when = utc_now() if at is None else at
    conn.execute(
        insert(models.server_events),
        [
            {
                "at": when,
                "action": action,
                "account_id": account_id,
                "device_id": device_id,
                "detail": protocol.canonical_json(detail),
            }
            for detail in details
        ],
    )

"""Time-ordered identifiers (UUIDv7) and UTC timestamps, the same on the desktop and the server
(``desktop.core.ids`` and ``sync.server.ids`` re-export these)."""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def uuid7() -> str:
    """A new RFC 9562 version-7 UUID as text: 48-bit Unix milliseconds, a 12-bit counter, then
    random bits.

    Time-ordered ids keep B-tree inserts local and sort records by creation on every device.
    Within one process they are strictly increasing (RFC 9562 §6.2, method 1): ids made in the
    same millisecond step a counter (seeded at random, top bit clear, for each new millisecond);
    when it runs out, or the clock steps back, the timestamp borrows the next millisecond.
    """
    global _last_ms, _counter
    rand = int.from_bytes(os.urandom(10), "big")
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms > _last_ms:
            _last_ms, _counter = ms, (rand >> 62) & 0x7FF
        else:
            _counter += 1
            if _counter > 0xFFF:
                _last_ms, _counter = _last_ms + 1, (rand >> 62) & 0x7FF
        ms, counter = _last_ms, _counter
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76  # version
    value |= counter << 64  # rand_a: the counter
    value |= 0b10 << 62  # variant
    value |= rand & ((1 << 62) - 1)  # rand_b, 62 bits
    return str(uuid.UUID(int=value))


def utc_now() -> str:
    """Current time as UTC ISO-8601 with microseconds and a ``Z`` suffix."""
    return utc_text(dt.datetime.now(dt.UTC))


def utc_text(moment: dt.datetime) -> str:
    """``moment`` as the store's UTC timestamp text (``2026-03-01T12:00:00.000000Z``).

    The text sorts in time order. A naive ``moment`` is taken as UTC.
    """
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def parse_utc(text: str) -> dt.datetime:
    """Parse a timestamp written by :func:`utc_text` (or any ISO-8601 with an offset).

    A timestamp without an offset is taken as UTC.

    Raises:
        ValueError: not an ISO-8601 timestamp.
    """
    moment = dt.datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)

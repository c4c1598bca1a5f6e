"""Server-generated identifiers (UUIDv7, the same shape as the desktop's) and UTC timestamps."""

from __future__ import annotations

import datetime as dt
import os
import time
import uuid


def uuid7() -> str:
    """A new RFC 9562 version-7 UUID as text (time-ordered, so B-tree inserts stay local)."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10), "big")
    value = (ms & ((1 << 48) - 1)) << 80
    value |= 0x7 << 76
    value |= ((rand >> 62) & 0xFFF) << 64
    value |= 0b10 << 62
    value |= rand & ((1 << 62) - 1)
    return str(uuid.UUID(int=value))


def utc_now() -> str:
    """Current time as UTC ISO-8601 with microseconds and a ``Z`` suffix."""
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")

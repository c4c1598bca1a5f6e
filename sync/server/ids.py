"""Server-generated identifiers (UUIDv7, the same shape as the desktop's) and UTC timestamps."""

from __future__ import annotations

from sync.ids import utc_now as utc_now
from sync.ids import uuid7 as uuid7

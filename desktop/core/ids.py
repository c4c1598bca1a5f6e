"""Client-generated, time-ordered identifiers (UUIDv7) and UTC timestamps (see :mod:`sync.ids`)."""

from __future__ import annotations

from sync.ids import utc_now as utc_now
from sync.ids import uuid7 as uuid7

"""Badge tokens and badge URLs for the desktop: :mod:`sync.tokens` with desktop errors.

The rules (128-bit base32 tokens, ``{BASE_URL}/C/{TOKEN}`` URLs, the strict scan parser, the
token hash the stores keep) have one implementation, :mod:`sync.tokens`, shared with the server;
this module re-exports it and raises ``desktop.errors.InvalidInput`` where it refuses input.
"""

from __future__ import annotations

from desktop.core.signing import adapted
from sync import tokens as _shared
from sync.tokens import (
    BADGE_PATH,
    DEFAULT_BASE_URL,
    MAX_SCAN_LENGTH,
    TOKEN_ALPHABET,
    TOKEN_BYTES,
    TOKEN_LENGTH,
    is_token,
    new_token,
    normalize_token,
    parse_badge_url,
    token_from_bytes,
    token_hash,
)

__all__ = [
    "BADGE_PATH",
    "DEFAULT_BASE_URL",
    "MAX_SCAN_LENGTH",
    "TOKEN_ALPHABET",
    "TOKEN_BYTES",
    "TOKEN_LENGTH",
    "badge_url",
    "is_token",
    "new_token",
    "normalize_base_url",
    "normalize_token",
    "parse_badge_url",
    "token_from_bytes",
    "token_hash",
]

normalize_base_url = adapted(_shared.normalize_base_url)
badge_url = adapted(_shared.badge_url)

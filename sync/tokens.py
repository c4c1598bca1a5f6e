"""Badge tokens and badge URLs: making them, hashing them, and parsing scanned text strictly.

A badge token is 128 random bits written as 26 upper-case base32 characters (RFC 4648, no
padding). The badge QR holds ``{BASE_URL}/C/{TOKEN}`` — all upper case, so the QR can use its
alphanumeric mode and stay at version 3 (version ≤ 4 at error-correction Q, DESIGN.md §5).

Stores (desktop and server) keep only :func:`token_hash` — SHA-256 of the 26 ASCII characters of
the token, as 64 lower-case hex digits — so nothing stored can be turned back into a badge.
This is the one implementation of those rules, shared by the desktop and the server (standard
library only; :mod:`sync.protocol` and the server's ``/C/{TOKEN}`` page use it, the desktop through
:mod:`desktop.core.tokens`).
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets

from sync.errors import InputRefused

DEFAULT_BASE_URL = "HTTPS://VRF.MX"
TOKEN_BYTES = 16
TOKEN_LENGTH = 26
TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
BADGE_PATH = "/C/"
# Longer input is never a badge; refusing it first keeps the parser O(1) on huge strings.
MAX_SCAN_LENGTH = 200

_TOKEN_RE = re.compile(r"[A-Z2-7]{26}")
# Scheme, host (labels of letters, digits and hyphens), optional port; no path, no user info.
_BASE_URL_RE = re.compile(
    r"HTTPS?://[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?(?:\.[A-Z0-9](?:[A-Z0-9-]{0,61}[A-Z0-9])?)*"
    r"(?::[0-9]{1,5})?"
)


def new_token() -> str:
    """A fresh badge token: 128 bits from the OS's CSPRNG as 26 base32 characters."""
    return token_from_bytes(secrets.token_bytes(TOKEN_BYTES))


def token_from_bytes(raw: bytes) -> str:
    """The token spelling of 16 bytes (tests and tools; badges use :func:`new_token`).

    Raises:
        ValueError: not exactly 16 bytes.
    """
    if len(raw) != TOKEN_BYTES:
        raise ValueError("a badge token is exactly 16 bytes")
    return base64.b32encode(raw).decode("ascii").rstrip("=")


def is_token(text: str) -> bool:
    """True for exactly 26 upper-case base32 characters in canonical form.

    The 26th character carries 3 data bits and 2 zero bits; a non-zero filler is refused, so
    every 128-bit token has exactly one accepted spelling.
    """
    if not isinstance(text, str) or not _TOKEN_RE.fullmatch(text):
        return False
    raw = base64.b32decode(text + "======")
    return base64.b32encode(raw).decode("ascii").rstrip("=") == text


def token_hash(token: str) -> str:
    """SHA-256 of the token's 26 ASCII characters, as 64 lower-case hex digits."""
    return hashlib.sha256(token.encode("ascii")).hexdigest()


def normalize_token(text: str) -> str | None:
    """The canonical (upper-case) token in ``text`` (surrounding spaces ignored), or ``None``."""
    token = text.strip().upper() if isinstance(text, str) else ""
    return token if is_token(token) else None


def normalize_base_url(url: str) -> str:
    """Upper-case and check a badge base URL such as ``https://vrf.mx``.

    Only a scheme, a host and an optional port are allowed (no path, query or user info), and
    every character must be one the QR alphanumeric mode can hold. The QR-size rule (version ≤ 4
    at level Q) is checked by ``desktop.core.badges.check_base_url``.

    Raises:
        InputRefused: the URL does not have that shape.
    """
    candidate = url.strip().rstrip("/").upper() if isinstance(url, str) else ""
    if not candidate.isascii() or not _BASE_URL_RE.fullmatch(candidate):
        raise InputRefused(
            f"La dirección base de las credenciales no es válida: {url!r}. Use la forma "
            "HTTPS://DOMINIO.MX (sin ruta ni parámetros).",
            f"The badge base URL is not valid: {url!r}. Use the form HTTPS://DOMAIN.MX "
            "(no path or parameters).",
        )
    return candidate


def badge_url(token: str, base_url: str = DEFAULT_BASE_URL) -> str:
    """The text a badge QR holds: ``{BASE_URL}/C/{TOKEN}``."""
    if not is_token(token):
        raise InputRefused("Token de credencial inválido.", "Invalid badge token.")
    return normalize_base_url(base_url) + BADGE_PATH + token


def parse_badge_url(text: object, base_url: str = DEFAULT_BASE_URL) -> str | None:
    """The token in a scanned badge URL, or ``None`` when ``text`` is not exactly one.

    Accepted: ``base_url`` with its scheme and host in any ASCII letter case, then exactly ``/C/``
    and a canonical token. Everything else — other hosts, look-alike domains, extra path, query
    strings, non-ASCII (so no Unicode case folding, such as the long s U+017F becoming ``S``),
    control characters, surrounding spaces, huge strings, non-strings — gives ``None``; this
    never raises.

    Args:
        base_url: an already normalised base URL (upper case), e.g. the registry's.
    """
    if not isinstance(text, str) or len(text) > MAX_SCAN_LENGTH or not text.isascii():
        return None
    base = base_url.upper()
    prefix_length = len(base) + len(BADGE_PATH)
    if len(text) != prefix_length + TOKEN_LENGTH:
        return None
    # ASCII only (checked above), so upper() maps exactly a-z to A-Z and nothing else.
    if text[: len(base)].upper() != base or text[len(base) : prefix_length] != BADGE_PATH:
        return None
    token = text[prefix_length:]
    return token if is_token(token) else None

"""The signed badge registry ("padrón firmado"): signing it and checking it.

There is one registry format, the wire format of :class:`sync.protocol.Registry` that the
server's ``GET /registry`` returns (``generated_at``, ``departments``, ``inspectors``,
``badges``, ``public_keys``, ``signature``, ``signature_alg``, ``key_id``). Badges appear only as
token *hashes*, revoked ones included (so a replaced badge reads "revoked", not "not issued").
The Ed25519 signature covers :func:`sync.protocol.registry_signing_bytes` — canonical JSON of
everything except the three signature fields, so ``public_keys`` is signed too: it is the set of
keys verifiers must trust from then on, each entry ``{"key_id", "alg": "Ed25519", "public_key"
(base64 of 32 bytes), "valid_from", "valid_until" (absent = open)}``. That is how key rotation
reaches kiosks (procedure in :mod:`sync.signing`).

Shared by both sides: the server's ``load_signer`` (``sync/server/registry.py``) returns
:func:`registry_signer_from_env`, and the desktop (:mod:`desktop.core.registry`,
:mod:`desktop.core.trust`) checks what it downloads with :func:`verify_registry`. Errors are
:mod:`sync.errors` types; the desktop adapts them. This module touches no database.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from sync import protocol, signing
from sync.errors import InputRefused
from sync.signing import SignatureRejected, TrustedKey, TrustedKeys

SIGNATURE_FIELDS = ("signature", "signature_alg", "key_id")
# Keys listed without a start date accept documents from any date.
OPEN_START = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
SIGNING_KEY_ENV = "VERIFICA_SIGNING_KEY_FILE"
PUBLISHED_KEYS_ENV = "VERIFICA_PUBLISHED_KEYS_FILE"
_HEX64 = re.compile(r"[0-9a-f]{64}")


# -- signing (issuing side) ------------------------------------------------------------------


class RegistryKeySigner:
    """Signs registries with one private key and publishes the keys verifiers should trust.

    Implements ``sync.server.registry.RegistrySigner``.
    """

    def __init__(
        self, private_key: Ed25519PrivateKey, published: Sequence[TrustedKey] = ()
    ) -> None:
        """
        Args:
            private_key: the current signing key.
            published: every key to list in ``public_keys`` (rotation: the current one and the
                next or previous one with their windows). The signing key is added, open-ended
                from any date, when it is not listed.
        """
        self._key = private_key
        own = signing.key_id(private_key)
        keys = list(published)
        if own not in {k.key_id for k in keys}:
            keys.append(TrustedKey(signing.public_key_raw(private_key), OPEN_START))
        self._published = sorted(keys, key=lambda k: k.key_id)

    @property
    def key_id(self) -> str:
        return signing.key_id(self._key)

    def sign(self, payload: bytes) -> tuple[str, str, str]:
        """Sign ``payload``; returns (signature as base64, algorithm name, key id)."""
        return signing.sign_bytes(self._key, payload), signing.ALGORITHM, self.key_id

    def public_keys(self) -> list[dict[str, str]]:
        """The ``public_keys`` entries of a registry signed by this signer."""
        return [k.to_entry() for k in self._published]


def sign_registry(
    registry: protocol.Registry | Mapping[str, Any],
    private_key: Ed25519PrivateKey,
    published: Sequence[TrustedKey] = (),
) -> dict[str, Any]:
    """Fill ``public_keys`` and sign a registry; returns the JSON-ready signed dict.

    Args:
        registry: a :class:`sync.protocol.Registry` or its dict (signature fields are replaced).
        private_key: the issuing side's current signing key.
        published: the keys to list (see :class:`RegistryKeySigner`).
    """
    body = protocol.to_dict(registry) if isinstance(registry, protocol.Registry) else dict(registry)
    signer = RegistryKeySigner(private_key, published)
    body["public_keys"] = signer.public_keys()
    for name in SIGNATURE_FIELDS:
        body.pop(name, None)
    body["signature"], body["signature_alg"], body["key_id"] = signer.sign(
        protocol.registry_signing_bytes(body)
    )
    return body


def read_published_keys(path: Path) -> list[TrustedKey]:
    """Read a JSON list of ``public_keys`` entries (the server's published-keys file).

    Raises:
        InputRefused: unreadable file or malformed entries.
    """
    try:
        entries = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputRefused(
            f"No se pudo leer la lista de claves {path}: {exc}",
            f"Could not read the key list {path}: {exc}",
        ) from exc
    if not isinstance(entries, list) or not all(isinstance(e, Mapping) for e in entries):
        raise InputRefused(
            f"{path} debe ser una lista JSON de claves.", f"{path} must be a JSON list of keys."
        )
    return [TrustedKey.from_entry(e, default_from=OPEN_START) for e in entries]


def registry_signer_from_env(
    environ: Mapping[str, str] | None = None, *, forbidden_dirs: Iterable[Path] = ()
) -> RegistryKeySigner | None:
    """The server's signer, configured outside its data folder by environment variables.

    ``VERIFICA_SIGNING_KEY_FILE``: the PEM private key (mode 0600, see
    :func:`sync.signing.load_private_key`). ``VERIFICA_PUBLISHED_KEYS_FILE`` (optional):
    a JSON list of ``public_keys`` entries to publish during a rotation. ``None`` when the key
    variable is unset.

    Args:
        forbidden_dirs: folders the key file must not be inside (the server's data folder).

    Raises:
        InputRefused: the key file is inside a forbidden folder, or it or the list is
            unreadable or too open.
    """
    env = os.environ if environ is None else environ
    key_file = env.get(SIGNING_KEY_ENV)
    if not key_file:
        return None
    signing.refuse_inside(Path(key_file), forbidden_dirs)
    key = signing.load_private_key(Path(key_file))
    keys_file = env.get(PUBLISHED_KEYS_ENV)
    published = read_published_keys(Path(keys_file)) if keys_file else []
    return RegistryKeySigner(key, published)


# -- checking (verifying side) ---------------------------------------------------------------


def verify_registry(
    signed: Any, trusted_keys: TrustedKeys, *, now: dt.datetime
) -> tuple[dict[str, Any], TrustedKey]:
    """Check a signed registry: shape, then a trusted key valid at ``generated_at`` and ``now``.

    Returns:
        The registry dict and the key that signed it.

    Raises:
        SignatureRejected: malformed, unsigned, unknown or expired key, or tampered content.
    """
    problem = check_shape(signed)
    if problem:
        raise SignatureRejected(
            f"El padrón recibido no es válido: {problem}", f"Invalid registry received: {problem}"
        )
    registry = dict(signed)
    try:
        payload = protocol.registry_signing_bytes(registry)
    except (TypeError, ValueError) as exc:  # e.g. lone surrogates cannot be UTF-8
        raise SignatureRejected(
            "El padrón recibido no es válido.", f"Invalid registry received: {exc}"
        ) from exc
    key = trusted_keys.check(
        payload,
        alg=registry.get("signature_alg"),
        kid=registry.get("key_id"),
        signature=registry.get("signature"),
        signed_at=signing.parse_utc(registry["generated_at"]),
        now=now,
    )
    return registry, key


def listed_keys(registry: Mapping[str, Any]) -> list[TrustedKey]:
    """The keys a (checked) registry tells verifiers to trust."""
    return [TrustedKey.from_entry(e, default_from=OPEN_START) for e in registry["public_keys"]]


# -- shape ---------------------------------------------------------------------------------


def registry_date(value: Any) -> dt.date | None:
    """A registry date field (``YYYY-MM-DD…``) as a date; ``None`` when empty."""
    if not isinstance(value, str) or not value:
        return None
    return dt.date.fromisoformat(value[:10])


def _is_time(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        signing.parse_utc(value)
    except ValueError:
        return False
    return True


def _is_date_or_none(value: Any) -> bool:
    if value is None:
        return True
    try:
        return registry_date(value) is not None
    except ValueError:
        return False


def _opt_str(value: Any) -> bool:
    return value is None or isinstance(value, str)


_FIELDS: dict[str, dict[str, Any]] = {
    "departments": {"id": lambda v: isinstance(v, str), "name": lambda v: isinstance(v, str)},
    "inspectors": {
        "id": lambda v: isinstance(v, str) and bool(v),
        "full_name": lambda v: isinstance(v, str),
        "department_id": _opt_str,
        "position": lambda v: isinstance(v, str),
        "photo_sha256": _opt_str,
        "status": lambda v: isinstance(v, str),
        "valid_until": _is_date_or_none,
    },
    "badges": {
        "id": lambda v: isinstance(v, str) and bool(v),
        "inspector_id": lambda v: isinstance(v, str),
        "token_hash": lambda v: isinstance(v, str) and bool(_HEX64.fullmatch(v)),
        "expires_at": _is_date_or_none,
        "revoked_at": _opt_str,
    },
}


def _check_items(registry: Mapping[str, Any], name: str) -> str | None:
    items = registry.get(name)
    if not isinstance(items, list):
        return f"{name} is not a list"
    for index, item in enumerate(items):
        if not isinstance(item, Mapping):
            return f"{name}[{index}] is not an object"
        for field_name, ok in _FIELDS[name].items():
            if field_name not in item or not ok(item[field_name]):
                return f"{name}[{index}].{field_name} is missing or malformed"
    return None


def check_shape(registry: Any) -> str | None:
    """What is wrong with a registry dict's structure, or ``None`` when it is well formed."""
    if not isinstance(registry, Mapping):
        return "not an object"
    if not _is_time(registry.get("generated_at")):
        return "generated_at is not a timestamp"
    for name in ("departments", "inspectors", "badges"):
        problem = _check_items(registry, name)
        if problem:
            return problem
    keys = registry.get("public_keys")
    if not isinstance(keys, list) or not all(isinstance(k, Mapping) for k in keys):
        return "public_keys is not a list of objects"
    for entry in keys:
        try:
            TrustedKey.from_entry(entry, default_from=OPEN_START)
        except InputRefused as exc:
            return exc.en
    return None

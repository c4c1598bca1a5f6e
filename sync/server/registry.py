"""The inspector registry kiosks download, and the hook that signs it.

``GET /registry`` serves :func:`build_registry`: departments, inspectors' public fields and
badges (token *hashes* and revocations only), plus ``public_keys`` and a ``signature``.

Signing: :func:`load_signer` reads the server's Ed25519 key from ``VERIFICA_SIGNING_KEY_FILE``
(a 0600 PEM outside the data folder) and, during a key rotation, the keys to publish from
``VERIFICA_PUBLISHED_KEYS_FILE`` (:func:`sync.registry_signing.registry_signer_from_env`; trust
model and rotation in :mod:`sync.signing`). Tests may pass any :class:`RegistrySigner` to
:func:`sync.server.app.create_app` (``signer=``). The server then fills ``public_keys``,
``signature``, ``signature_alg`` and ``key_id``; the signature covers exactly
:func:`sync.protocol.registry_signing_bytes` of the registry, so a kiosk verifies it by
recomputing those bytes. Without a configured key those fields stay empty/``None`` (kiosks
refuse such a registry).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Connection, select

from sync import protocol
from sync.errors import BilingualError
from sync.registry_signing import registry_signer_from_env
from sync.server import models
from sync.server.errors import ServerProblem


class RegistrySigner(Protocol):
    """Signs registry bytes (:class:`sync.registry_signing.RegistryKeySigner`)."""

    def sign(self, payload: bytes) -> tuple[str, str, str]:
        """Sign ``payload``; returns (signature as base64, algorithm name, key id)."""
        ...

    def public_keys(self) -> list[dict[str, str]]:
        """The public keys a kiosk may trust, e.g. ``[{"key_id", "alg", "public_key"}]``."""
        ...


def load_signer(data_dir: Path) -> RegistrySigner | None:
    """The signer configured by the environment, or ``None`` when no key file is set.

    Raises:
        ServerProblem: the key file is inside ``data_dir``, unreadable, readable by other users
            or not an Ed25519 key, or the published-keys file is malformed.
    """
    try:
        return registry_signer_from_env(forbidden_dirs=[data_dir])
    except BilingualError as exc:
        raise ServerProblem(exc.text("es"), exc.text("en")) from exc


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def build_registry(conn: Connection, now: str, signer: RegistrySigner | None) -> protocol.Registry:
    """The current registry, signed when a signer is configured."""
    r = models.records.c
    rows = conn.execute(
        select(r.entity, r.entity_id, r.data)
        .where(r.entity.in_(("departments", "inspectors", "badges")), ~r.deleted)
        .order_by(r.entity, r.entity_id)
    ).all()
    departments: list[protocol.RegistryDepartment] = []
    inspectors: list[protocol.RegistryInspector] = []
    badges: list[protocol.RegistryBadge] = []
    for row in rows:
        data = json.loads(row.data)
        if row.entity == "departments":
            departments.append(
                protocol.RegistryDepartment(
                    row.entity_id, str(data.get("code", "")), str(data.get("name", ""))
                )
            )
        elif row.entity == "inspectors":
            inspectors.append(
                protocol.RegistryInspector(
                    id=row.entity_id,
                    full_name=str(data.get("full_name", "")),
                    department_id=_str(data.get("department_id")),
                    position=str(data.get("position", "")),
                    photo_sha256=_str(data.get("photo_sha256")),
                    status=str(data.get("status", "")),
                    status_at=_str(data.get("status_at")),
                    valid_from=_str(data.get("valid_from")),
                    valid_until=_str(data.get("valid_until")),
                )
            )
        elif isinstance(data.get("token_hash"), str):
            badges.append(
                protocol.RegistryBadge(
                    id=row.entity_id,
                    inspector_id=str(data.get("inspector_id", "")),
                    token_hash=data["token_hash"],
                    issued_at=_str(data.get("issued_at")),
                    expires_at=_str(data.get("expires_at")),
                    revoked_at=_str(data.get("revoked_at")),
                )
            )
    registry = protocol.Registry(now, departments, inspectors, badges)
    if signer is not None:
        registry.public_keys = signer.public_keys()
        signature, alg, key_id = signer.sign(protocol.registry_signing_bytes(registry))
        registry.signature, registry.signature_alg, registry.key_id = signature, alg, key_id
    return registry

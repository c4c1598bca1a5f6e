"""The signed badge registry ("padrón firmado") on the desktop: the lookup view kiosks verify
badges against, plus signing and checking adapted to the desktop's errors.

Signing and checking a registry (:class:`RegistryKeySigner`, :func:`sign_registry`,
:func:`verify_registry`, :func:`check_shape`, the published-keys file and
:func:`registry_signer_from_env`) live in :mod:`sync.registry_signing`, shared with the server's
``GET /registry``; the format is described there. This module re-exports them, raising
``desktop.errors`` types (:class:`desktop.core.signing.SignatureRejected`, ``InvalidInput``),
and adds :class:`RegistryView`. It touches no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from desktop.core import signing
from desktop.core.signing import adapted
from desktop.core.tokens import normalize_base_url
from sync import protocol
from sync import registry_signing as _shared
from sync.registry_signing import (
    OPEN_START,
    PUBLISHED_KEYS_ENV,
    SIGNATURE_FIELDS,
    SIGNING_KEY_ENV,
    RegistryKeySigner,
    check_shape,
    registry_date,
    sign_registry,
)

__all__ = [
    "OPEN_START",
    "PUBLISHED_KEYS_ENV",
    "SIGNATURE_FIELDS",
    "SIGNING_KEY_ENV",
    "RegistryBadge",
    "RegistryInspector",
    "RegistryKeySigner",
    "RegistryView",
    "check_shape",
    "listed_keys",
    "make_registry",
    "read_published_keys",
    "registry_signer_from_env",
    "sign_registry",
    "verify_registry",
]

read_published_keys = adapted(_shared.read_published_keys)
registry_signer_from_env = adapted(_shared.registry_signer_from_env)
verify_registry = adapted(_shared.verify_registry)
listed_keys = adapted(_shared.listed_keys)


# -- the lookup view -------------------------------------------------------------------------


@dataclass(frozen=True)
class RegistryInspector:
    """An inspector's public fields, as a kiosk shows them."""

    id: str
    full_name: str
    department: str
    position: str
    status: str
    valid_until: dt.date | None
    photo_sha256: str | None


@dataclass(frozen=True)
class RegistryBadge:
    """One issued badge, known only by its token hash."""

    id: str
    token_hash: str
    inspector_id: str
    expires_at: dt.date | None
    revoked_at: str | None


@dataclass(frozen=True)
class RegistryView:
    """What :func:`desktop.core.verification.verify_scan` looks badges up in.

    ``issued_at`` is ``None`` for a device that has no registry yet (every badge: cannot confirm).
    """

    base_url: str
    issued_at: dt.datetime | None
    badges: Mapping[str, RegistryBadge] = field(default_factory=dict)
    inspectors: Mapping[str, RegistryInspector] = field(default_factory=dict)
    key_id: str | None = None

    @classmethod
    def empty(cls, base_url: str) -> RegistryView:
        """A view for a device that has never received a registry."""
        return cls(base_url=normalize_base_url(base_url), issued_at=None)

    @classmethod
    def from_registry(
        cls, registry: Mapping[str, Any], *, base_url: str, key_id: str | None = None
    ) -> RegistryView:
        """Index a registry dict (already checked by :func:`check_shape`)."""
        departments = {d["id"]: d["name"] for d in registry["departments"]}
        inspectors = {
            i["id"]: RegistryInspector(
                id=i["id"],
                full_name=i["full_name"],
                department=departments.get(i["department_id"], ""),
                position=i["position"],
                status=i["status"],
                valid_until=registry_date(i["valid_until"]),
                photo_sha256=i["photo_sha256"],
            )
            for i in registry["inspectors"]
        }
        badges: dict[str, RegistryBadge] = {}
        for b in registry["badges"]:
            badge = RegistryBadge(
                id=b["id"],
                token_hash=b["token_hash"],
                inspector_id=b["inspector_id"],
                expires_at=registry_date(b["expires_at"]),
                revoked_at=b["revoked_at"],
            )
            held = badges.get(badge.token_hash)
            if held is None or (held.revoked_at is None and badge.revoked_at is not None):
                badges[badge.token_hash] = badge  # of two entries, the revoked one wins
        return cls(
            base_url=normalize_base_url(base_url),
            issued_at=signing.parse_utc(registry["generated_at"]),
            badges=badges,
            inspectors=inspectors,
            key_id=key_id,
        )

    def age(self, now: dt.datetime) -> dt.timedelta | None:
        """How old the registry is at ``now`` (``None`` without a registry)."""
        if self.issued_at is None:
            return None
        return now - self.issued_at


def make_registry(
    *,
    generated_at: dt.datetime,
    departments: Iterable[protocol.RegistryDepartment],
    inspectors: Iterable[protocol.RegistryInspector],
    badges: Iterable[protocol.RegistryBadge],
) -> protocol.Registry:
    """An unsigned registry in the wire format, lists sorted by id."""
    return protocol.Registry(
        generated_at=signing.utc_text(generated_at),
        departments=sorted(departments, key=lambda d: d.id),
        inspectors=sorted(inspectors, key=lambda i: i.id),
        badges=sorted(badges, key=lambda b: b.id),
    )

"""The sync wire protocol shared by the desktop client and the central server.

Standard library only (no FastAPI, no Qt): the desktop imports this module, and the server uses
the same dataclasses as its request and response bodies, so both sides agree by construction.

What travels:

* **Changes** — the desktop's change-log rows: one record of one desktop table (``entity``)
  inserted, updated or deleted, identified by the change's own UUID (``id``). Pushing the same
  change twice is harmless: the server answers ``duplicate`` the second time.
* **Audit events** — the device's hash-chained audit trail,
  ``hash = sha256(prev_hash + canonical_json(event fields except the two hashes))``. The
  functions :func:`canonical_json` and :func:`event_hash` are the single definition of that
  formula for both sides.
* **Pull items** — the current state of each record the device may see that changed after the
  device's cursor (a server-issued integer that only grows).

Conflicts: a *mutable* record (see :data:`MUTABLE_ENTITIES`) updated on top of a version the
server no longer has is answered ``conflict`` with the server's version and data, for a person
to resolve. Append-only records never conflict.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

from sync import tokens

GENESIS = "0" * 64
AUDIT_EVENT_FIELDS = (
    "id",
    "at",
    "user_id",
    "device_id",
    "action",
    "entity",
    "entity_id",
    "details",
)

# -- entities ---------------------------------------------------------------------------------

#: Records edited in place: an update must say which server version it was made on.
MUTABLE_ENTITIES = frozenset(
    {"departments", "users", "businesses", "permit_cases", "inspectors", "badges"}
)
#: Records that are only ever added (or, for complaints, annotated): they never conflict.
APPEND_ONLY_ENTITIES = frozenset(
    {
        "case_status_history",
        "form_templates",
        "verifications",
        "ratings",
        "complaints",
        "attachments",
        "attachment_links",
        "inspection_amendments",
    }
)
#: Inspections are drafts until closed; a closed inspection (an acta) never changes again: a
#: correction is a new ``inspection_amendments`` record (append-only) that travels like it.
CLOSABLE_ENTITIES = frozenset({"inspections"})
#: The status of a closed inspection (an acta).
CLOSED_INSPECTION = "cerrada"
#: Where a closed inspection's result takes the case it was for (the desktop closes inspections
#: with it and the server holds an inspector's case moves to it).
DECISION_BY_RESULT: Mapping[str, str] = {
    "cumple": "aprobado",
    "cumple_con_observaciones": "con_observaciones",
    "no_cumple": "rechazado",
}
ENTITIES = MUTABLE_ENTITIES | APPEND_ONLY_ENTITIES | CLOSABLE_ENTITIES

#: Fields that must never leave a device (the server refuses a change carrying one).
FORBIDDEN_FIELDS: Mapping[str, frozenset[str]] = {"users": frozenset({"password_hash"})}

Op = Literal["insert", "update", "delete"]
OPS: tuple[str, ...] = ("insert", "update", "delete")

ItemStatus = Literal["accepted", "duplicate", "conflict", "refused"]
ACCEPTED: ItemStatus = "accepted"
DUPLICATE: ItemStatus = "duplicate"
CONFLICT: ItemStatus = "conflict"
REFUSED: ItemStatus = "refused"

MAX_PUSH_CHANGES = 2000
MAX_PUSH_AUDIT_EVENTS = 5000
MAX_PULL_LIMIT = 5000
DEFAULT_PULL_LIMIT = 500


class ProtocolError(ValueError):
    """A message that does not follow the protocol (bad shape or value)."""


# -- hashing ----------------------------------------------------------------------------------


def canonical_json(value: Any) -> str:
    """Deterministic JSON: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def event_hash(prev_hash: str, event: Mapping[str, Any]) -> str:
    """The chain hash of ``event`` following ``prev_hash``."""
    canonical = canonical_json({k: event[k] for k in AUDIT_EVENT_FIELDS})
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


# -- badge tokens -----------------------------------------------------------------------------

#: A badge token: 128 random bits in RFC 4648 base32, upper case, without padding (26 chars).
#: The rules live in :mod:`sync.tokens` (one implementation for the desktop and the server).
BADGE_TOKEN_LENGTH = tokens.TOKEN_LENGTH


def normalize_badge_token(text: str) -> str | None:
    """The canonical (upper-case) badge token in ``text``, or ``None`` if it is not one.

    The 26th character carries 3 data bits and 2 zero bits; a non-zero filler is refused, so
    every token has exactly one spelling (:func:`sync.tokens.is_token`).
    """
    return tokens.normalize_token(text)


def badge_token_hash(token: str) -> str:
    """What the registry stores for a badge: hex SHA-256 of the upper-case token's ASCII bytes.

    Raises:
        ProtocolError: ``token`` is not a badge token.
    """
    canonical = tokens.normalize_token(token)
    if canonical is None:
        raise ProtocolError("not a badge token")
    return tokens.token_hash(canonical)


def new_badge_token(random_bytes: bytes) -> str:
    """A badge token from 16 random bytes (pass ``os.urandom(16)``)."""
    try:
        return tokens.token_from_bytes(random_bytes)
    except ValueError as exc:
        raise ProtocolError("a badge token needs exactly 16 random bytes") from exc


# -- messages ---------------------------------------------------------------------------------


@dataclass
class Change:
    """One change-log row of a device: a record inserted, updated or deleted.

    ``base_version`` is the server version the change was made on top of. It is required for an
    update or delete of a mutable record; when it is absent and ``data`` carries an integer
    ``version`` (as ``permit_cases`` does), the server takes ``data["version"] - 1``.
    """

    id: str
    entity: str
    entity_id: str
    op: Op
    data: dict[str, Any]
    at: str
    device_id: str
    user_id: str | None = None
    base_version: int | None = None


@dataclass
class AuditEvent:
    """One event of a device's hash-chained audit trail (``details`` is canonical JSON text)."""

    seq: int
    id: str
    at: str
    user_id: str | None
    device_id: str
    action: str
    entity: str
    entity_id: str
    details: str
    prev_hash: str
    hash: str


@dataclass
class PushRequest:
    """A batch of changes and audit events, in the device's order."""

    changes: list[Change] = field(default_factory=list)
    audit: list[AuditEvent] = field(default_factory=list)


@dataclass
class ItemResult:
    """What became of one pushed change.

    ``accepted`` and ``duplicate`` carry the record's server ``version``; ``conflict`` carries the
    server's current ``version`` and ``server_data``; ``refused`` carries a ``reason``.
    """

    change_id: str
    status: ItemStatus
    version: int | None = None
    reason: str | None = None
    server_data: dict[str, Any] | None = None


@dataclass
class AuditResult:
    """What became of the pushed audit events.

    ``broken_at`` is the ``seq`` of the first event that breaks the chain (``None`` when the chain
    holds); that event and the ones after it were not stored.
    """

    received: int = 0
    accepted: int = 0
    duplicates: int = 0
    broken_at: int | None = None
    reason: str | None = None


@dataclass
class PushResponse:
    """One result per pushed change, in order, plus the audit verdict and the server's clock."""

    results: list[ItemResult]
    audit: AuditResult
    server_time: str


@dataclass
class PullItem:
    """The current state of one record (``deleted`` records are tombstones)."""

    cursor: int
    entity: str
    entity_id: str
    version: int
    deleted: bool
    data: dict[str, Any]
    change_id: str
    at: str


@dataclass
class PullResponse:
    """One page of records changed after a cursor; store ``cursor`` with the applied rows."""

    items: list[PullItem]
    cursor: int
    more: bool
    server_time: str


@dataclass
class LoginRequest:
    """Device enrolment: a person signs in once from a device and gets that device's token."""

    username: str
    password: str
    device_name: str
    device_id: str | None = None


@dataclass
class Account:
    """A server account as a device sees it (never a password hash)."""

    id: str
    username: str
    display_name: str
    role: str
    department_id: str | None


@dataclass
class LoginResponse:
    """The device token is shown only here, once; keep it in the OS keyring."""

    token: str
    device_id: str
    account: Account
    server_time: str


@dataclass
class RegistryInspector:
    """The public fields of one inspector on the registry a kiosk keeps."""

    id: str
    full_name: str
    department_id: str | None
    position: str
    photo_sha256: str | None
    status: str
    status_at: str | None
    valid_from: str | None
    valid_until: str | None


@dataclass
class RegistryBadge:
    """A badge as a kiosk knows it: only the hash of its token."""

    id: str
    inspector_id: str
    token_hash: str
    issued_at: str | None
    expires_at: str | None
    revoked_at: str | None


@dataclass
class RegistryDepartment:
    """A department's code and name, for the kiosk's verdict screen."""

    id: str
    code: str
    name: str


@dataclass
class Registry:
    """Everything a kiosk needs to verify badges offline.

    ``signature`` covers :func:`registry_signing_bytes` of this registry; it is ``None`` until the
    server is configured with a signer (see ``sync/server/registry.py``).
    """

    generated_at: str
    departments: list[RegistryDepartment]
    inspectors: list[RegistryInspector]
    badges: list[RegistryBadge]
    public_keys: list[dict[str, str]] = field(default_factory=list)
    signature: str | None = None
    signature_alg: str | None = None
    key_id: str | None = None


def registry_signing_bytes(registry: Registry | Mapping[str, Any]) -> bytes:
    """The bytes a registry signature covers: canonical JSON without the signature fields."""
    body = asdict(registry) if isinstance(registry, Registry) else dict(registry)
    for key in ("signature", "signature_alg", "key_id"):
        body.pop(key, None)
    return canonical_json(body).encode("utf-8")


# -- (de)serialisation ------------------------------------------------------------------------


def to_dict(message: Any) -> dict[str, Any]:
    """A protocol dataclass as a JSON-ready dict."""
    return asdict(message)


def to_json(message: Any) -> str:
    """A protocol dataclass as compact JSON text."""
    return json.dumps(asdict(message), separators=(",", ":"), ensure_ascii=False)


def _require(mapping: Mapping[str, Any], key: str, kind: type | tuple[type, ...]) -> Any:
    if key not in mapping:
        raise ProtocolError(f"missing field {key!r}")
    value = mapping[key]
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise ProtocolError(f"field {key!r} has the wrong type")
    return value


def _optional(mapping: Mapping[str, Any], key: str, kind: type) -> Any:
    value = mapping.get(key)
    if value is None:
        return None
    if not isinstance(value, kind) or (isinstance(value, bool) and kind is int):
        raise ProtocolError(f"field {key!r} has the wrong type")
    return value


def change_from_dict(d: Mapping[str, Any]) -> Change:
    """Parse one change; raises :class:`ProtocolError` when it is malformed."""
    op = _require(d, "op", str)
    if op not in OPS:
        raise ProtocolError(f"unknown op {op!r}")
    return Change(
        id=_require(d, "id", str),
        entity=_require(d, "entity", str),
        entity_id=_require(d, "entity_id", str),
        op=op,
        data=dict(_require(d, "data", dict)),
        at=_require(d, "at", str),
        device_id=_require(d, "device_id", str),
        user_id=_optional(d, "user_id", str),
        base_version=_optional(d, "base_version", int),
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ProtocolError("expected an object")
    return value


def item_result_from_dict(d: Mapping[str, Any]) -> ItemResult:
    """Parse one per-change result of a push response."""
    status = _require(d, "status", str)
    if status not in (ACCEPTED, DUPLICATE, CONFLICT, REFUSED):
        raise ProtocolError(f"unknown status {status!r}")
    server_data = d.get("server_data")
    return ItemResult(
        change_id=_require(d, "change_id", str),
        status=status,
        version=_optional(d, "version", int),
        reason=_optional(d, "reason", str),
        server_data=dict(server_data) if isinstance(server_data, Mapping) else None,
    )


def push_response_from_dict(d: Mapping[str, Any]) -> PushResponse:
    """Parse a push response."""
    audit = _mapping(d.get("audit", {}))
    return PushResponse(
        results=[item_result_from_dict(_mapping(r)) for r in _require(d, "results", list)],
        audit=AuditResult(
            received=int(audit.get("received", 0)),
            accepted=int(audit.get("accepted", 0)),
            duplicates=int(audit.get("duplicates", 0)),
            broken_at=_optional(audit, "broken_at", int),
            reason=_optional(audit, "reason", str),
        ),
        server_time=_require(d, "server_time", str),
    )


def pull_response_from_dict(d: Mapping[str, Any]) -> PullResponse:
    """Parse a pull response."""
    items = [
        PullItem(
            cursor=_require(i, "cursor", int),
            entity=_require(i, "entity", str),
            entity_id=_require(i, "entity_id", str),
            version=_require(i, "version", int),
            deleted=bool(_require(i, "deleted", bool)),
            data=dict(_require(i, "data", dict)),
            change_id=_require(i, "change_id", str),
            at=_require(i, "at", str),
        )
        for i in (_mapping(x) for x in _require(d, "items", list))
    ]
    return PullResponse(
        items=items,
        cursor=_require(d, "cursor", int),
        more=bool(_require(d, "more", bool)),
        server_time=_require(d, "server_time", str),
    )


# -- audit chain ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ChainCheck:
    """Verdict on a run of audit events following a known chain head."""

    valid: int  # how many events, from the start of the run, extend the chain
    broken_at: int | None  # seq of the first event that does not, None if all do
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def check_chain(events: Iterable[AuditEvent], head_seq: int, head_hash: str) -> ChainCheck:
    """Check that ``events`` (in ``seq`` order) extend a chain whose last event is ``head_seq``.

    ``head_seq`` 0 with :data:`GENESIS` is the empty chain. Each event must have the next ``seq``,
    point at the previous event's hash and carry its own correct hash.
    """
    prev_seq, prev_hash, valid = head_seq, head_hash, 0
    for event in events:
        if event.seq != prev_seq + 1:
            return ChainCheck(valid, event.seq, f"missing events before #{event.seq}")
        if event.prev_hash != prev_hash:
            return ChainCheck(valid, event.seq, f"event #{event.seq} does not follow #{prev_seq}")
        if event_hash(prev_hash, asdict(event)) != event.hash:
            return ChainCheck(valid, event.seq, f"event #{event.seq} was altered")
        prev_seq, prev_hash, valid = event.seq, event.hash, valid + 1
    return ChainCheck(valid, None)

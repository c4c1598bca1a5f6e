"""The change log (sync outbox) and the hash-chained audit trail.

Every use-case calls :func:`record_change` inside its write transaction, so a record, its
change-log row and its audit event are committed together or not at all.

Audit chain: ``hash = sha256(prev_hash + canonical_event)`` where ``canonical_event`` is the
event's fields (everything but the two hashes) as sorted, compact JSON. The first event chains
from ``GENESIS``. Rewriting, inserting or deleting an event breaks the chain from that point on,
and :func:`verify_audit_chain` reports where.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from desktop.core.ids import utc_now, uuid7
from desktop.store.db import Actor

# Re-exported: the one definition of the chain formula lives in the shared wire protocol.
from sync.protocol import GENESIS as GENESIS
from sync.protocol import canonical_json as canonical_json
from sync.protocol import event_hash as event_hash


def append_audit(
    db: Database,
    actor: Actor,
    action: str,
    entity: str,
    entity_id: str,
    details: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Append one audit event to the chain. Call inside a write transaction."""
    row = db.execute("SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1").fetchone()
    prev_hash = row[0] if row else GENESIS
    event: dict[str, Any] = {
        "id": uuid7(),
        "at": utc_now(),
        "user_id": actor.user_id,
        "device_id": actor.device_id,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "details": canonical_json(details or {}),
    }
    event["prev_hash"] = prev_hash
    event["hash"] = event_hash(prev_hash, event)
    db.execute(
        "INSERT INTO audit_events (id, at, user_id, device_id, action, entity, entity_id, "
        "details, prev_hash, hash) VALUES (:id, :at, :user_id, :device_id, :action, :entity, "
        ":entity_id, :details, :prev_hash, :hash)",
        event,
    )
    return event


def record_change(
    db: Database,
    actor: Actor,
    entity: str,
    entity_id: str,
    op: str,
    data: Mapping[str, Any],
    *,
    action: str | None = None,
    details: Mapping[str, Any] | None = None,
) -> None:
    """Write the change-log row and the audit event for one change. Call inside ``write()``.

    Args:
        entity: table name of the changed record.
        op: ``insert``, ``update`` or ``delete`` (deletions are tombstones for sync).
        data: the record's fields after the change (the whole row for an insert).
        action: the audit action name; defaults to ``"<entity>.<op>"``.
        details: what the audit trail should show; defaults to the SHA-256 of ``data``'s
            canonical JSON, which ties the chain to the change-log row without copying it.
    """
    at = utc_now()
    db.execute(
        "INSERT INTO change_log (id, at, device_id, user_id, entity, entity_id, op, data) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [uuid7(), at, actor.device_id, actor.user_id, entity, entity_id, op, canonical_json(data)],
    )
    if details is None:
        # The chain commits to the exact content through its hash without copying it: the audit
        # table stays small, and personal data (a complainant's phone) is not duplicated there.
        details = {"data_sha256": hashlib.sha256(canonical_json(data).encode()).hexdigest()}
    append_audit(db, actor, action or f"{entity}.{op}", entity, entity_id, details)


@dataclass(frozen=True)
class ChainReport:
    """Result of verifying the audit chain."""

    events: int
    broken_at: int | None  # seq of the first bad event, None if the chain holds
    reason: str = ""

    @property
    def ok(self) -> bool:
        return self.broken_at is None


def verify_audit_chain(db: Database) -> ChainReport:
    """Walk the chain in order and recompute every hash."""
    prev_hash = GENESIS
    prev_seq = 0
    count = 0
    cursor = db.execute(
        "SELECT seq, id, at, user_id, device_id, action, entity, entity_id, details, "
        "prev_hash, hash FROM audit_events ORDER BY seq"
    )
    columns = [d[0] for d in cursor.description]
    for values in cursor:
        event = dict(zip(columns, values, strict=True))
        count += 1
        seq = event["seq"]
        if seq != prev_seq + 1:
            return ChainReport(count, seq, f"missing events before #{seq}")
        if event["prev_hash"] != prev_hash:
            return ChainReport(count, seq, f"event #{seq} does not follow the previous event")
        if event_hash(prev_hash, event) != event["hash"]:
            return ChainReport(count, seq, f"event #{seq} was altered")
        prev_hash = event["hash"]
        prev_seq = seq
    row = db.execute("SELECT seq FROM sqlite_sequence WHERE name = 'audit_events'").fetchone()
    if row and row[0] > prev_seq:
        return ChainReport(count, prev_seq + 1, f"events after #{prev_seq} were deleted")
    return ChainReport(count, None)

"""The device's side of sync in the database: the collect and apply phases, and conflicts.

* :func:`collect` reads what to send (pending change-log rows, audit events not yet sent) and
  what the planner needs (known server versions, records with an open conflict, the cursor).
* :func:`record_push` writes what the server answered: acknowledged changes are marked synced
  (only those: accepted or duplicate), refused ones keep the server's reason, conflicts are
  stored with both sides for a person.
* :func:`apply_pull` writes pulled records and the new cursor in ONE transaction, with foreign
  keys checked at commit, and refuses a pull that would wipe out most local data.
* :func:`resolve_conflict` turns a person's per-field choice into a new change rebased on the
  server's version; that change syncs like any other.

Pure decisions are in :mod:`sync.client`; this module only reads and writes.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database

from desktop.core.ids import utc_now, uuid7
from desktop.errors import InvalidInput, Problem
from desktop.store.changes import canonical_json, record_change
from desktop.store.db import Actor, Store
from sync import protocol
from sync.client import (
    ApplyPlan,
    Key,
    LocalChange,
    PushOutcome,
    plan_apply,
    strip_forbidden,
    wipe_reason,
)

#: Synced tables, parents before children (upserts in this order, deletes in reverse).
TABLE_ORDER = (
    "departments",
    "users",
    "businesses",
    "form_templates",
    "inspectors",
    "badges",
    "permit_cases",
    "case_status_history",
    "verifications",
    "complaints",
    "inspections",
    "inspection_amendments",
    "ratings",
    "attachments",
    "attachment_links",
)
#: Columns kept by the device itself, never taken from a pulled record.
LOCAL_COLUMNS = {"permit_cases": frozenset({"missing_documents"})}
#: NOT NULL columns a pulled record never carries, and what a new local row gets instead.
PULL_DEFAULTS: Mapping[str, Mapping[str, Any]] = {"users": {"password_hash": "!"}}

SETTING_CURSOR = "sync_cursor"
SETTING_AUDIT_SEQ = "sync_audit_seq"
SETTING_LAST_SYNC = "last_sync_at"
SETTING_SERVER_TIME = "sync_server_time"
SETTING_CLOCK_SKEW = "sync_clock_skew_s"
SETTING_LAST_ERROR = "sync_last_error"


class SyncRefused(Problem):
    """A pull was not applied because it looked wrong (nothing was written)."""


def primary_key(entity: str) -> str:
    return "sha256" if entity == "attachments" else "id"


def _columns(db: Database, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


def read_record(db: Database, entity: str, entity_id: str) -> dict[str, Any] | None:
    """A synced record's local fields as they travel (no local-only or secret columns)."""
    if entity not in TABLE_ORDER:
        return None
    cursor = db.execute(f"SELECT * FROM {entity} WHERE {primary_key(entity)} = ?", [entity_id])
    row = cursor.fetchone()
    if row is None:
        return None
    names = [d[0] for d in cursor.description]
    data = dict(zip(names, row, strict=True))
    for name in LOCAL_COLUMNS.get(entity, frozenset()):
        data.pop(name, None)
    return strip_forbidden(entity, data)


# -- collect ----------------------------------------------------------------------------------


@dataclass
class Collected:
    """Everything the exchange phase needs, read in one go."""

    pending: list[LocalChange]
    known_versions: dict[Key, int]
    blocked: set[Key]
    audit: list[protocol.AuditEvent]
    cursor: int


def collect(store: Store, *, limit: int = protocol.MAX_PUSH_CHANGES) -> Collected:
    """Read pending changes (oldest first), the audit events not yet sent, and the sync state."""
    db = store.db
    cursor = db.execute(
        "SELECT c.seq, c.id, c.entity, c.entity_id, c.op, c.data, c.at, c.device_id, c.user_id "
        "FROM change_log c WHERE c.synced_at IS NULL "
        "AND NOT EXISTS (SELECT 1 FROM sync_outcomes o WHERE o.change_id = c.id) "
        "ORDER BY c.seq LIMIT ?",
        [limit * 2],
    )
    pending = [
        LocalChange(r[0], r[1], r[2], r[3], r[4], json.loads(r[5]), r[6], r[7], r[8])
        for r in cursor
    ]
    keys = {c.key for c in pending}
    known: dict[Key, int] = {}
    for entity, entity_id in keys:
        row = db.execute(
            "SELECT version FROM sync_versions WHERE entity = ? AND entity_id = ?",
            [entity, entity_id],
        ).fetchone()
        if row:
            known[(entity, entity_id)] = int(row[0])
    blocked = open_conflict_keys(db)
    audit_seq = int(store.get_setting(SETTING_AUDIT_SEQ, "0") or 0)
    cur = db.execute(
        "SELECT seq, id, at, user_id, device_id, action, entity, entity_id, details, prev_hash, "
        "hash FROM audit_events WHERE seq > ? ORDER BY seq LIMIT ?",
        [audit_seq, protocol.MAX_PUSH_AUDIT_EVENTS],
    )
    audit = [protocol.AuditEvent(*row) for row in cur]
    return Collected(
        pending, known, blocked, audit, int(store.get_setting(SETTING_CURSOR, "0") or 0)
    )


def open_conflict_keys(db: Database) -> set[Key]:
    return {
        (r[0], r[1])
        for r in db.execute(
            "SELECT entity, entity_id FROM sync_conflicts WHERE resolved_at IS NULL"
        )
    }


def _pending_keys(db: Database) -> set[Key]:
    return {
        (r[0], r[1])
        for r in db.execute(
            "SELECT DISTINCT c.entity, c.entity_id FROM change_log c WHERE c.synced_at IS NULL "
            "AND NOT EXISTS (SELECT 1 FROM sync_outcomes o WHERE o.change_id = c.id)"
        )
    }


# -- after a push -----------------------------------------------------------------------------


def record_push(
    store: Store,
    outcome: PushOutcome,
    audit_sent: Sequence[protocol.AuditEvent],
    audit_result: protocol.AuditResult,
) -> None:
    """Write what the server answered to one push, in one transaction."""
    now = utc_now()
    with store.write() as db:
        db.conn.executemany(
            "UPDATE change_log SET synced_at = ? WHERE id = ? AND synced_at IS NULL",
            [(now, change_id) for change_id in outcome.synced],
        )
        _set_versions(db, outcome.versions.items())
        db.conn.executemany(
            "INSERT OR REPLACE INTO sync_outcomes (change_id, status, reason, at) "
            "VALUES (?, 'refused', ?, ?)",
            [(cid, reason, now) for cid, reason in outcome.refused.items()],
        )
        for key, result in outcome.conflicts.items():
            _store_conflict(db, key, result, now)
            db.conn.executemany(
                "INSERT OR REPLACE INTO sync_outcomes (change_id, status, reason, at) "
                "VALUES (?, 'conflict', ?, ?)",
                [(cid, result.reason or "", now) for cid in outcome.conflict_changes[key]],
            )
        if audit_sent:
            sent = max(e.seq for e in audit_sent)
            done = sent if audit_result.broken_at is None else audit_result.broken_at - 1
            _put_setting(db, SETTING_AUDIT_SEQ, str(max(done, 0)))


def _set_versions(db: Database, versions: Iterable[tuple[Key, int]]) -> None:
    db.conn.executemany(
        "INSERT INTO sync_versions (entity, entity_id, version) VALUES (?, ?, ?) "
        "ON CONFLICT(entity, entity_id) DO UPDATE SET version = excluded.version",
        [(k[0], k[1], v) for k, v in versions],
    )


def _store_conflict(db: Database, key: Key, result: protocol.ItemResult, now: str) -> None:
    local = read_record(db, *key)
    existing = db.execute(
        "SELECT id FROM sync_conflicts WHERE entity = ? AND entity_id = ? AND resolved_at IS NULL",
        list(key),
    ).fetchone()
    values = [
        canonical_json(local or {}),
        int(local is None),
        canonical_json(result.server_data or {}),
        int(result.version or 0),
        int("deleted" in (result.reason or "")),
        result.reason or "",
    ]
    if existing:
        db.execute(
            "UPDATE sync_conflicts SET local_data = ?, local_deleted = ?, remote_data = ?, "
            "remote_version = ?, remote_deleted = ?, reason = ? WHERE id = ?",
            [*values, existing[0]],
        )
        return
    db.execute(
        "INSERT INTO sync_conflicts (id, entity, entity_id, local_data, local_deleted, "
        "remote_data, remote_version, remote_deleted, reason, detected_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [uuid7(), key[0], key[1], *values, now],
    )


def _put_setting(db: Database, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO settings(key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


# -- apply a pull -----------------------------------------------------------------------------


@dataclass
class Applied:
    """What one applied pull did."""

    upserted: int = 0
    deleted: int = 0
    held: int = 0
    conflicts_refreshed: int = 0
    cursor: int = 0


def _local_count(db: Database) -> int:
    return sum(int(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0]) for t in TABLE_ORDER)


def _exists(db: Database, entity: str, entity_id: str) -> bool:
    sql = f"SELECT 1 FROM {entity} WHERE {primary_key(entity)} = ?"
    return db.execute(sql, [entity_id]).fetchone() is not None


def apply_pull(
    store: Store,
    items: Sequence[protocol.PullItem],
    cursor: int,
    *,
    server_time: str | None = None,
    clock_skew_s: float | None = None,
    force: bool = False,
) -> Applied:
    """Apply pulled records and store the new cursor, all in one write transaction.

    Raises:
        SyncRefused: the pull would delete most local records (unless ``force``), leaves rows
            pointing at records this device does not have, or clashes with a local row (a
            uniqueness rule); nothing was written.
    """
    report = Applied(cursor=cursor)
    with store.write() as db:
        db.execute("PRAGMA defer_foreign_keys = ON")
        plan = plan_apply(items, _pending_keys(db), open_conflict_keys(db), TABLE_ORDER)
        if plan.deletes and not force:
            existing = sum(_exists(db, i.entity, i.entity_id) for i in plan.deletes)
            reason = wipe_reason(plan, _local_count(db), existing)
            if reason is not None:
                raise SyncRefused(
                    f"No se aplicó la descarga: el servidor pide borrar {existing} de los "
                    f"registros de este equipo. Se protegieron los datos locales; revise el "
                    f"servidor antes de continuar.",
                    f"The pull was not applied: {reason}.",
                )
        try:
            _apply_plan(db, plan)
        except sqlite3.IntegrityError as exc:  # e.g. a second form template for code+version
            raise SyncRefused(
                f"No se aplicó la descarga: un registro del servidor choca con uno de este "
                f"equipo ({exc}). Avise al administrador del servidor.",
                f"The pull was not applied: a record from the server clashes with one on this "
                f"device ({exc}). Tell the server's administrator.",
            ) from exc
        _set_versions(db, plan.versions.items())
        for item in plan.conflict_updates:
            db.execute(
                "UPDATE sync_conflicts SET remote_data = ?, remote_version = ?, "
                "remote_deleted = ? WHERE entity = ? AND entity_id = ? AND resolved_at IS NULL",
                [
                    canonical_json(item.data),
                    item.version,
                    int(item.deleted),
                    item.entity,
                    item.entity_id,
                ],
            )
        violations = db.execute("PRAGMA foreign_key_check").fetchmany(5)
        if violations:
            detail = ", ".join(f"{v[0]}→{v[2]}" for v in violations)
            raise SyncRefused(
                f"No se aplicó la descarga: dejaría registros que apuntan a otros que este "
                f"equipo no tiene ({detail}).",
                f"The pull was not applied: it would leave rows pointing at records this "
                f"device does not have ({detail}).",
            )
        _put_setting(db, SETTING_CURSOR, str(cursor))
        now = utc_now()
        _put_setting(db, SETTING_LAST_SYNC, now)
        _put_setting(db, SETTING_LAST_ERROR, "")
        if server_time is not None:
            _put_setting(db, SETTING_SERVER_TIME, server_time)
        if clock_skew_s is not None:
            _put_setting(db, SETTING_CLOCK_SKEW, f"{clock_skew_s:.1f}")
    report.upserted, report.deleted = len(plan.upserts), len(plan.deletes)
    report.held, report.conflicts_refreshed = len(plan.held), len(plan.conflict_updates)
    return report


def _apply_plan(db: Database, plan: ApplyPlan) -> None:
    columns = {t: _columns(db, t) for t in TABLE_ORDER}
    rank = {t: i for i, t in enumerate(TABLE_ORDER)}
    groups: dict[tuple[str, tuple[str, ...]], list[list[Any]]] = {}
    for item in sorted(plan.upserts, key=lambda i: rank[i.entity]):
        usable = set(columns[item.entity]) - LOCAL_COLUMNS.get(item.entity, frozenset())
        data = {k: v for k, v in item.data.items() if k in usable}
        data[primary_key(item.entity)] = item.entity_id
        if item.entity == "users" and "username" in data:
            data["username"] = _unclashed_username(db, str(data["username"]), item.entity_id)
        names = tuple(sorted(data))
        groups.setdefault((item.entity, names), []).append([_sql_value(data[n]) for n in names])
    for (entity, names), rows in sorted(groups.items(), key=lambda g: rank[g[0][0]]):
        pk = primary_key(entity)
        defaults = {k: v for k, v in PULL_DEFAULTS.get(entity, {}).items() if k not in names}
        all_names = [*names, *defaults]
        updates = ", ".join(f"{n} = excluded.{n}" for n in names if n != pk) or f"{pk} = {pk}"
        sql = (
            f"INSERT INTO {entity} ({', '.join(all_names)}) "
            f"VALUES ({', '.join('?' for _ in all_names)}) "
            f"ON CONFLICT({pk}) DO UPDATE SET {updates}"
        )
        db.conn.executemany(sql, [[*row, *defaults.values()] for row in rows])
    for item in sorted(plan.deletes, key=lambda i: -rank[i.entity]):
        db.execute(
            f"DELETE FROM {item.entity} WHERE {primary_key(item.entity)} = ?", [item.entity_id]
        )


def _unclashed_username(db: Database, username: str, user_id: str) -> str:
    """The pulled user's name, suffixed when a different local account already uses it.

    A laptop's own first administrator is often "admin", like the server's. Pulled accounts
    cannot sign in locally (their password hash is a placeholder), so the local account keeps
    the name and the pulled one is stored as ``admin~<id prefix>``; references to it stay valid.
    """
    clash = db.execute(
        "SELECT 1 FROM users WHERE username = ? AND id != ?", [username, user_id]
    ).fetchone()
    return f"{username}~{user_id[:8]}" if clash else username


def _sql_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return canonical_json(value)
    return value


def record_error(store: Store, message: str) -> None:
    store.set_setting(SETTING_LAST_ERROR, message)


# -- what the screens show --------------------------------------------------------------------


@dataclass
class PendingChange:
    change_id: str
    entity: str
    entity_id: str
    op: str
    at: str
    status: str  # pending | refused | conflict
    reason: str = ""


def pending_count(db: Database) -> int:
    """Changes waiting to be sent (not acknowledged, not refused, not in conflict)."""
    row = db.execute(
        "SELECT count(*) FROM change_log c WHERE c.synced_at IS NULL "
        "AND c.entity IN (" + ", ".join(f"'{e}'" for e in sorted(protocol.ENTITIES)) + ") "
        "AND NOT EXISTS (SELECT 1 FROM sync_outcomes o WHERE o.change_id = c.id)"
    ).fetchone()
    return int(row[0])


def list_changes(db: Database, *, limit: int = 500) -> list[PendingChange]:
    """Unsent changes with their state: pending, refused (server's reason) or conflict."""
    entities = ", ".join(f"'{e}'" for e in sorted(protocol.ENTITIES))
    rows = db.execute(
        "SELECT c.id, c.entity, c.entity_id, c.op, c.at, coalesce(o.status, 'pending'), "
        "coalesce(o.reason, '') FROM change_log c LEFT JOIN sync_outcomes o ON o.change_id = c.id "
        f"WHERE c.synced_at IS NULL AND c.entity IN ({entities}) "
        "AND coalesce(o.status, '') != 'superseded' ORDER BY c.seq LIMIT ?",
        [limit],
    )
    return [PendingChange(*r) for r in rows]


@dataclass
class Conflict:
    """One open conflict: both sides, and the fields that differ."""

    id: str
    entity: str
    entity_id: str
    local: dict[str, Any]
    local_deleted: bool
    remote: dict[str, Any]
    remote_version: int
    remote_deleted: bool
    reason: str
    detected_at: str
    differing: list[str] = field(default_factory=list)


#: Fields that always differ between two sides and are not a person's choice.
BOOKKEEPING_FIELDS = frozenset({"version", "updated_at"})


def list_conflicts(db: Database) -> list[Conflict]:
    """Open conflicts, the local side read fresh (edits made after detection count)."""
    rows = db.execute(
        "SELECT id, entity, entity_id, local_data, local_deleted, remote_data, remote_version, "
        "remote_deleted, reason, detected_at FROM sync_conflicts WHERE resolved_at IS NULL "
        "ORDER BY detected_at"
    ).fetchall()
    conflicts = []
    for r in rows:
        current = read_record(db, r[1], r[2])
        local = current if current is not None else json.loads(r[3])
        remote = json.loads(r[5])
        keys = sorted((set(local) | set(remote)) - BOOKKEEPING_FIELDS)
        differing = [k for k in keys if local.get(k) != remote.get(k)]
        conflicts.append(
            Conflict(
                r[0],
                r[1],
                r[2],
                local,
                current is None,
                remote,
                int(r[6]),
                bool(r[7]),
                r[8],
                r[9],
                differing,
            )
        )
    return conflicts


def get_conflict(db: Database, conflict_id: str) -> Conflict:
    for conflict in list_conflicts(db):
        if conflict.id == conflict_id:
            return conflict
    raise InvalidInput(
        "Ese conflicto no existe o ya se resolvió.", "That conflict does not exist or is resolved."
    )


LOCAL = "local"
REMOTE = "remote"


def resolve_conflict(
    store: Store, actor: Actor, conflict_id: str, choices: Mapping[str, str]
) -> str | None:
    """Resolve a conflict with a choice per differing field (``"local"`` or ``"remote"``).

    The result is written locally and recorded as a new change based on the server's version,
    so it syncs like any other; the changes that were in conflict are superseded by it. When the
    server deleted the record, the resolution accepts the deletion (nothing to send).

    Returns:
        The id of the new change, or ``None`` when nothing needs to be sent.

    Raises:
        InvalidInput: unknown conflict, a differing field without a choice, or a bad choice.
    """
    with store.write() as db:
        conflict = get_conflict(db, conflict_id)
        bad = {v for v in choices.values()} - {LOCAL, REMOTE}
        missing = [f for f in conflict.differing if f not in choices]
        if bad or (missing and not conflict.remote_deleted and not conflict.local_deleted):
            raise InvalidInput(
                f"Elija «local» o «servidor» para cada campo distinto: {', '.join(missing)}.",
                f"Choose local or server for every differing field: {', '.join(missing)}.",
            )
        key = (conflict.entity, conflict.entity_id)
        now = utc_now()
        change_id: str | None = None
        if conflict.remote_deleted:
            db.execute(
                f"DELETE FROM {conflict.entity} WHERE {primary_key(conflict.entity)} = ?",
                [conflict.entity_id],
            )
        elif conflict.local_deleted and choices.get("_record", REMOTE) == LOCAL:
            _set_versions(db, [(key, conflict.remote_version)])
            record_change(db, actor, conflict.entity, conflict.entity_id, "delete",
                          {primary_key(conflict.entity): conflict.entity_id},
                          action="sync.resolve")  # fmt: skip
            change_id = _last_change_id(db, key)
        else:
            merged = dict(conflict.remote)
            if not conflict.local_deleted:
                for name, side in choices.items():
                    if side == LOCAL and name in conflict.local:
                        merged[name] = conflict.local[name]
            if isinstance(merged.get("version"), int):
                merged["version"] = conflict.remote_version + 1
            if "updated_at" in merged:
                merged["updated_at"] = now
            item = protocol.PullItem(
                0, conflict.entity, conflict.entity_id, 0, False, merged, "", now
            )
            _apply_plan(db, ApplyPlan(upserts=[item]))
            _set_versions(db, [(key, conflict.remote_version)])
            record_change(db, actor, conflict.entity, conflict.entity_id, "update", merged,
                          action="sync.resolve")  # fmt: skip
            change_id = _last_change_id(db, key)
        if conflict.remote_deleted:
            _set_versions(db, [(key, conflict.remote_version)])
        db.execute(
            "INSERT OR REPLACE INTO sync_outcomes (change_id, status, reason, at) "
            "SELECT c.id, 'superseded', 'resolved', ? FROM change_log c "
            "WHERE c.entity = ? AND c.entity_id = ? AND c.synced_at IS NULL AND c.id != ? "
            "AND coalesce((SELECT status FROM sync_outcomes o WHERE o.change_id = c.id), "
            "'conflict') = 'conflict'",
            [now, conflict.entity, conflict.entity_id, change_id or ""],
        )
        db.execute(
            "UPDATE sync_conflicts SET resolved_at = ?, resolution_change_id = ? WHERE id = ?",
            [now, change_id, conflict_id],
        )
    return change_id


def _last_change_id(db: Database, key: Key) -> str:
    row = db.execute(
        "SELECT id FROM change_log WHERE entity = ? AND entity_id = ? ORDER BY seq DESC LIMIT 1",
        list(key),
    ).fetchone()
    return str(row[0])

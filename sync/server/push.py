"""Applying a pushed batch: idempotent per change id, authorised per change, one transaction.

For each change, in the order the device sent them:

1. A change id the server already holds (or that appeared earlier in the batch) is a
   ``duplicate``: nothing is written twice.
2. A malformed change, or one the account may not make (:func:`policy.push_refusal`, and for
   an update :func:`policy.update_refusal`: which fields and status moves), is ``refused`` with
   a reason, logged, and skipped; the rest of the batch still applies.
3. Otherwise the entity's kind decides:

   * mutable records (:data:`protocol.MUTABLE_ENTITIES`): an update or delete must be based on the
     server's current version, else it is a ``conflict`` answered with the server's version and
     data; inserting an id that exists is a conflict too;
   * append-only records never conflict: re-inserting the same content is a ``duplicate``,
     different content under an existing id is refused, deletes are refused;
   * a form template is append-only too, but the same form registered on two devices differs
     only in ``created_at``, which is not compared; a second template with the code and version
     of a stored one is refused (every device keeps ``code`` + ``version`` unique);
   * inspections are drafts until closed; a closed inspection is refused any further change;
   * an inspection amendment (a correction to a closed acta) is append-only and is refused unless
     the server holds its inspection, closed: an orphan row would break every device's pull;
   * a case a role may move only as closing an inspection does (an inspector) reaches
     ``inspeccionado`` only when a closed inspection of it is on the server or earlier in the
     batch, and a decision only when the result of its last closed inspection leads there
     (:data:`policy.ACTA_BACKED_STATUSES`); that role's status-history rows must name the
     account, record one of its moves, and match a case update accepted in the same batch
     (they are judged, and stored, after the rest of the batch).

The whole batch commits together inside :func:`sync.server.db.write`, so a batch cut off by a
dropped connection leaves nothing behind and can simply be sent again.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import Connection, cast, func, insert, select, update
from sqlalchemy.dialects import postgresql, sqlite

from sync import protocol
from sync.protocol import AuditEvent, AuditResult, Change, ItemResult
from sync.server import models, policy, scope
from sync.server.events import server_event, server_event_batch
from sync.server.policy import Principal
from sync.server.scope import Key, Scope

MAX_RECORD_BYTES = 512 * 1024
MAX_VERSION = 2**31 - 1
_CHUNK = 400  # keys per IN (...) query; far below every database's parameter limit


@dataclass
class State:
    """A record as the server holds it (possibly changed earlier in this batch)."""

    data: dict[str, Any]
    version: int
    deleted: bool
    scope: Scope
    seq: int = 0
    change_id: str = ""
    at: str = ""
    text: str = ""  # ``data`` as stored JSON, once encoded


def valid_text(value: str | None, limit: int, *, required: bool = True) -> bool:
    """Non-empty (if required), at most ``limit`` characters, no NUL, encodable as UTF-8."""
    if value is None:
        return not required
    if (required and not value) or len(value) > limit or "\x00" in value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def printable(value: str, limit: int = models.KEY) -> str:
    """``value`` cut to ``limit`` and made storable (a refused id may hold anything)."""
    return value[:limit].replace("\x00", "\\x00").encode("utf-8", "backslashreplace").decode()


def _encode(data: dict[str, Any]) -> str | None:
    """The record as stored JSON text, or None when it cannot be stored."""
    try:
        text = protocol.canonical_json(data)
        size = len(text.encode("utf-8"))
    except (UnicodeEncodeError, ValueError, TypeError):
        return None
    if size > MAX_RECORD_BYTES or "\\u0000" in text:
        return None
    return text


def _malformed(change: Change, who: Principal) -> str | None:
    if not valid_text(change.id, models.KEY):
        return "the change id must be 1-64 characters of text"
    if change.entity not in protocol.ENTITIES:
        return f"unknown entity {change.entity[:64]!r}"
    if not valid_text(change.entity_id, models.KEY):
        return "entity_id must be 1-64 characters of text"
    if not valid_text(change.device_id, models.KEY):
        return "device_id must be 1-64 characters of text"
    if not valid_text(change.user_id, models.KEY, required=False):
        return "user_id must be at most 64 characters of text"
    if not valid_text(change.at, 64):
        return "at must be a timestamp"
    if who.client_device_id is not None and change.device_id != who.client_device_id:
        return "the change was made on another device"
    if change.base_version is not None and not 0 <= change.base_version <= MAX_VERSION:
        return "base_version is out of range"
    forbidden = protocol.FORBIDDEN_FIELDS.get(change.entity, frozenset()) & change.data.keys()
    if forbidden:
        return f"{change.entity} must never carry {', '.join(sorted(forbidden))}"
    return None


class Records:
    """Loads and caches record states by key, in bulk."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.states: dict[Key, State | None] = {}

    def load(self, keys: Iterable[Key]) -> None:
        missing: dict[str, list[str]] = {}
        for key in {k for k in keys if k not in self.states}:
            self.states[key] = None
            missing.setdefault(key[0], []).append(key[1])
        # One entity per query: "entity = ? AND entity_id IN (...)" uses the primary key on
        # both databases, where SQLite scans the table for a row-value "(a, b) IN (...)".
        for entity, entity_ids in sorted(missing.items()):
            for start in range(0, len(entity_ids), _CHUNK):
                self._load_chunk(entity, entity_ids[start : start + _CHUNK])

    def _load_chunk(self, entity: str, entity_ids: list[str]) -> None:
        r = models.records.c
        rows = self.conn.execute(
            select(r.entity, r.entity_id, r.data, r.version, r.deleted, r.seq, r.realm, r.dept)
            .add_columns(r.owner, r.lookup, r.change_id, r.at)
            .where(r.entity == entity, r.entity_id.in_(entity_ids))
        )
        for row in rows:
            self.states[(row.entity, row.entity_id)] = State(
                data=json.loads(row.data),
                version=row.version,
                deleted=bool(row.deleted),
                scope=Scope(row.realm, row.dept, row.owner, row.lookup),
                seq=row.seq,
                change_id=row.change_id,
                at=row.at,
                text=row.data,
            )

    def get(self, key: Key) -> State | None:
        return self.states.get(key)

    def scope_of(self, key: Key) -> Scope | None:
        state = self.states.get(key)
        return state.scope if state is not None else None


def _base_version(change: Change) -> int | None:
    if change.base_version is not None:
        return change.base_version
    version = change.data.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version >= 1:
        return version - 1
    return None


class Batch:
    """One push being applied: results in order, rows to write at the end."""

    def __init__(self, conn: Connection, who: Principal, now: str) -> None:
        self.conn = conn
        self.who = who
        self.now = now
        self.records = Records(conn)
        last = conn.execute(select(func.coalesce(func.max(models.changes.c.seq), 0))).scalar_one()
        self.next_seq = int(last) + 1
        self.change_rows: list[dict[str, Any]] = []
        self.dirty: dict[Key, State] = {}
        self.refusals: list[dict[str, Any]] = []
        # Status moves of cases accepted in this batch: (case id, from, to) -> how many.
        self.moves: dict[tuple[str | None, Any, Any], int] = {}

    # -- outcomes --

    def refuse(self, change: Change, reason: str) -> ItemResult:
        self.refusals.append(
            {
                "change_id": printable(change.id),
                "entity": printable(change.entity),
                "entity_id": printable(change.entity_id),
                "op": change.op,
                "reason": printable(reason, 500),
            }
        )
        return ItemResult(change.id, protocol.REFUSED, reason=reason)

    def accept(self, change: Change, key: Key, state: State, stored_data: str) -> ItemResult:
        seq = self.next_seq
        self.next_seq += 1
        state.seq, state.change_id, state.at = seq, change.id, change.at
        self.records.states[key] = state
        self.dirty[key] = state
        self.change_rows.append(
            {
                "seq": seq,
                "id": change.id,
                "entity": change.entity,
                "entity_id": change.entity_id,
                "op": change.op,
                "data": stored_data,
                "at": change.at,
                "device_id": change.device_id,
                "user_id": change.user_id,
                "account_id": self.who.account_id,
                "server_device_id": self.who.device_id,
                "received_at": self.now,
                "version": state.version,
            }
        )
        return ItemResult(change.id, protocol.ACCEPTED, version=state.version)

    # -- the algorithm --

    def apply(self, changes: Sequence[Change]) -> list[ItemResult]:
        malformed = {i: _malformed(c, self.who) for i, c in enumerate(changes)}
        usable = [c for i, c in enumerate(changes) if malformed[i] is None]
        known = self._known_changes([c.id for c in usable])
        self.records.load((c.entity, c.entity_id) for c in usable)
        parent_keys: list[Key] = []
        for c in usable:
            state = self.records.get((c.entity, c.entity_id))
            merged = {**state.data, **c.data} if state is not None else c.data
            parent_keys.extend(scope.parents(c.entity, merged))
        self.records.load(parent_keys)

        # A status-history row of a role whose case moves are limited records a move of the
        # case; the device logs it just before the case update, so it is judged after the rest
        # of the batch (see _history_refusal) and stored after it (a stable sort: False first).
        order = sorted(
            range(len(changes)), key=lambda i: self._judged_last(changes[i], malformed[i])
        )
        results: dict[int, ItemResult] = {}
        seen: dict[str, ItemResult] = {}
        for i in order:
            results[i] = self._result(changes[i], malformed[i], known, seen)
        self._write()
        return [results[i] for i in range(len(changes))]

    def _judged_last(self, change: Change, malformed: str | None) -> bool:
        return (
            malformed is None
            and change.entity == "case_status_history"
            and change.op == "insert"
            and policy.history_checked(self.who)
        )

    def _result(
        self,
        change: Change,
        malformed: str | None,
        known: dict[str, tuple[str, str, int]],
        seen: dict[str, ItemResult],
    ) -> ItemResult:
        if malformed is not None:
            return self.refuse(change, malformed)
        if change.id in seen:
            first = seen[change.id]
            status = protocol.REFUSED if first.status == protocol.REFUSED else protocol.DUPLICATE
            return ItemResult(change.id, status, version=first.version, reason=first.reason)
        if change.id in known:
            entity, entity_id, version = known[change.id]
            if (entity, entity_id) != (change.entity, change.entity_id):
                result = self.refuse(change, "this change id was used for another record")
            else:
                result = ItemResult(change.id, protocol.DUPLICATE, version=version)
        else:
            result = self._apply_one(change)
        seen[change.id] = result
        return result

    def _known_changes(self, ids: list[str]) -> dict[str, tuple[str, str, int]]:
        c = models.changes.c
        known: dict[str, tuple[str, str, int]] = {}
        unique = sorted(set(ids))
        for start in range(0, len(unique), _CHUNK):
            rows = self.conn.execute(
                select(c.id, c.entity, c.entity_id, c.version).where(
                    c.id.in_(unique[start : start + _CHUNK])
                )
            )
            for row in rows:
                known[row.id] = (row.entity, row.entity_id, row.version)
        return known

    def _apply_one(self, change: Change) -> ItemResult:
        key: Key = (change.entity, change.entity_id)
        state = self.records.get(key)
        mutable = change.entity in protocol.MUTABLE_ENTITIES
        if change.op == "insert":
            merged = dict(change.data)
        elif state is None:
            return self.refuse(change, f"the server has no {change.entity} {change.entity_id}")
        elif change.op == "update":
            merged = {**state.data, **change.data}
        else:
            merged = dict(state.data)
        new_scope = scope.derive(change.entity, change.entity_id, merged, self.records.scope_of)
        old_scope = state.scope if state is not None else None
        reason = policy.push_refusal(self.who, change.entity, change.op, old_scope, new_scope)
        if reason is None and change.op == "update" and state is not None:
            reason = policy.update_refusal(self.who, change.entity, state.data, change.data)
            if reason is None and merged.get("status") != state.data.get("status"):
                reason = self._acta_refusal(change.entity, change.entity_id, merged)
        if reason is None and change.entity == "case_status_history" and state is None:
            reason = self._history_refusal(merged)
        if reason is None and change.entity == "inspection_amendments" and state is None:
            reason = self._amendment_refusal(merged)
        if reason is None and change.entity == "form_templates" and state is None:
            reason = self._template_refusal(change.entity_id, new_scope)
        if reason is not None:
            return self.refuse(change, reason)

        if change.op == "insert" and state is not None:
            if mutable:
                return self._conflict(change, state, "the record already exists on the server")
            if _same_content(change.entity, state.data, change.data):
                return ItemResult(change.id, protocol.DUPLICATE, version=state.version)
            return self.refuse(change, "an append-only record with this id already exists")
        if change.op != "insert":
            assert state is not None
            if mutable:
                base = _base_version(change)
                if base is None:
                    return self.refuse(change, "base_version is required to change this record")
                if state.deleted:
                    return self._conflict(change, state, "the record was deleted on the server")
                if base != state.version:
                    return self._conflict(change, state, "the record changed on the server")
            elif change.op == "delete":
                return self.refuse(change, "append-only records are never deleted")
            elif (
                change.entity in protocol.CLOSABLE_ENTITIES
                and state.data.get("status") == protocol.CLOSED_INSPECTION
            ):
                return self.refuse(change, "a closed inspection cannot change")

        version = 1 if state is None else state.version + 1
        if version > MAX_VERSION:
            return self.refuse(change, "the record has too many versions")
        if mutable and "version" in merged:
            merged["version"] = version
        change_data = _encode(change.data)
        stored = change_data if merged == change.data else _encode(merged)
        if stored is None or change_data is None:
            return self.refuse(change, "the record is too large or not valid text")
        new_state = State(
            data=merged,
            version=version,
            deleted=change.op == "delete",
            scope=new_scope,
            text=stored,
        )
        if change.entity == "permit_cases" and state is not None:
            move = (change.entity_id, state.data.get("status"), merged.get("status"))
            if move[1] != move[2]:
                self.moves[move] = self.moves.get(move, 0) + 1
        return self.accept(change, key, new_state, change_data)

    def _acta_refusal(self, entity: str, entity_id: str, merged: dict[str, Any]) -> str | None:
        """Why a record may not reach its new status without a (fitting) closed inspection."""
        to_status = merged.get("status")
        needed = policy.acta_results_needed(self.who, entity, to_status)
        if needed is None:
            return None
        latest = self._latest_acta(entity_id)
        return policy.acta_refusal(entity_id, str(to_status), needed, latest)

    def _latest_acta(self, case_id: str) -> dict[str, Any] | None:
        """The closed inspection of a case closed last, as stored or as changed in this batch."""
        r = models.records.c
        if self.conn.dialect.name == "postgresql":
            document = cast(r.data, postgresql.JSON)
            case_of = func.json_extract_path_text(document, "case_id")
            status_of = func.json_extract_path_text(document, "status")
        else:
            case_of = func.json_extract(r.data, "$.case_id")
            status_of = func.json_extract(r.data, "$.status")
        rows = self.conn.execute(
            select(r.entity_id, r.data).where(
                r.entity == "inspections",
                ~r.deleted,
                case_of == case_id,
                status_of == protocol.CLOSED_INSPECTION,
            )
        )
        actas: dict[str, dict[str, Any]] = {row.entity_id: json.loads(row.data) for row in rows}
        for (entity, entity_id), state in self.dirty.items():
            if (
                entity == "inspections"
                and not state.deleted
                and state.data.get("case_id") == case_id
                and state.data.get("status") == protocol.CLOSED_INSPECTION
            ):
                actas[entity_id] = state.data
        if not actas:
            return None
        _, latest = max(actas.items(), key=lambda a: (str(a[1].get("closed_at") or ""), a[0]))
        return latest

    def _history_refusal(self, data: dict[str, Any]) -> str | None:
        """Why a new status-history row may not be stored.

        For a role :func:`policy.history_checked`: the row must name the pushing account, record
        one of the role's moves, and be matched by an update of that case this batch accepted
        making exactly that move (from -> to); each such update vouches for one row. Judged after
        the rest of the batch, so the device's order (history row, then case update) passes.
        """
        if not policy.history_checked(self.who):
            return None
        reason = policy.history_refusal(self.who, data)
        if reason is not None:
            return reason
        move = (scope.text(data, "case_id"), data.get("from_status"), data.get("to_status"))
        if self.moves.get(move, 0) < 1:
            return (
                f"case {move[0]} did not move from {move[1]} to {move[2]} in this push: a "
                "status-history entry is sent together with the status change it records"
            )
        self.moves[move] -= 1
        return None

    def _amendment_refusal(self, data: dict[str, Any]) -> str | None:
        """Why a new amendment cannot be stored: its inspection is unknown here or still open."""
        inspection_id = scope.text(data, "inspection_id")
        parent = self.records.get(("inspections", inspection_id)) if inspection_id else None
        if parent is None or parent.deleted:
            return f"the server has no inspection {inspection_id} to amend"
        if parent.data.get("status") != protocol.CLOSED_INSPECTION:
            return "only a closed inspection is amended; change the open one instead"
        return None

    def _template_refusal(self, template_id: str, new_scope: Scope) -> str | None:
        """Why a new form template cannot be stored: another one has its code and version."""
        key = new_scope.lookup
        if key is None:
            return None
        taken = any(
            k[0] == "form_templates" and k[1] != template_id and s.scope.lookup == key
            for k, s in self.dirty.items()
        )
        if not taken:
            r = models.records.c
            taken = (
                self.conn.execute(
                    select(r.entity_id).where(
                        r.entity == "form_templates",
                        r.lookup == key,
                        r.entity_id != template_id,
                        ~r.deleted,
                    )
                ).first()
                is not None
            )
        if taken:
            code, _, version = key.rpartition("@")
            return (
                f"another form template is already published as {code} version {version}; "
                "a changed form must raise its version"
            )
        return None

    def _conflict(self, change: Change, state: State, reason: str) -> ItemResult:
        return ItemResult(
            change.id,
            protocol.CONFLICT,
            version=state.version,
            reason=reason,
            server_data=state.data,
        )

    def _write(self) -> None:
        if self.change_rows:
            self.conn.execute(insert(models.changes), self.change_rows)
        if self.dirty:
            rows = [
                {
                    "entity": key[0],
                    "entity_id": key[1],
                    "data": state.text,
                    "version": state.version,
                    "deleted": state.deleted,
                    "seq": state.seq,
                    "change_id": state.change_id,
                    "at": state.at,
                    "realm": state.scope.realm,
                    "dept": state.scope.dept,
                    "owner": state.scope.owner,
                    "lookup": state.scope.lookup,
                }
                for key, state in self.dirty.items()
            ]
            _upsert_records(self.conn, rows)
        server_event_batch(
            self.conn,
            "push.refused",
            self.refusals,
            account_id=self.who.account_id,
            device_id=self.who.device_id,
            level=logging.WARNING,
            at=self.now,
            logged={"role": self.who.role},
        )


#: Fields left out when an append-only record is sent again: the same form template registered
#: on another device carries that device's own registration time.
_NOT_CONTENT: dict[str, frozenset[str]] = {"form_templates": frozenset({"created_at"})}


def _same_content(entity: str, stored: dict[str, Any], sent: dict[str, Any]) -> bool:
    """Whether re-inserting ``sent`` over ``stored`` is a duplicate of an append-only record."""
    ignored = _NOT_CONTENT.get(entity, frozenset())
    if not ignored:
        return stored == sent
    return {k: v for k, v in stored.items() if k not in ignored} == {
        k: v for k, v in sent.items() if k not in ignored
    }


def _upsert_records(conn: Connection, rows: list[dict[str, Any]]) -> None:
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    stmt = dialect.insert(models.records)
    updated = {
        name: stmt.excluded[name]
        for name in (
            "data",
            "version",
            "deleted",
            "seq",
            "change_id",
            "at",
            "realm",
            "dept",
            "owner",
            "lookup",
        )
    }
    conn.execute(
        stmt.on_conflict_do_update(index_elements=["entity", "entity_id"], set_=updated), rows
    )


def apply_changes(
    conn: Connection, who: Principal, changes: Sequence[Change], now: str
) -> list[ItemResult]:
    """Apply ``changes`` inside the caller's write transaction; one result per change."""
    return Batch(conn, who, now).apply(changes)


# -- audit chains -----------------------------------------------------------------------------


def _event_invalid(event: AuditEvent) -> bool:
    texts = (
        (event.id, models.KEY),
        (event.device_id, models.KEY),
        (event.prev_hash, 64),
        (event.hash, 64),
        (event.at, 64),
        (event.action, 200),
        (event.entity, 200),
        (event.entity_id, 200),
        (event.details, MAX_RECORD_BYTES),
    )
    if any(not valid_text(v, n, required=False) for v, n in texts):
        return True
    return not valid_text(event.user_id, models.KEY, required=False) or not (
        1 <= event.seq <= 2**62
    )


def apply_audit(
    conn: Connection, who: Principal, events: Sequence[AuditEvent], now: str
) -> AuditResult:
    """Verify and store a device's audit events; report where its chain breaks, if it does.

    Events already stored are counted as duplicates when they are byte-for-byte the same and
    break the chain when they differ (history rewritten on the device). Nothing from the first
    bad event on is stored, and the chain stays marked broken for the administrator.
    """
    result = AuditResult(received=len(events))
    if not events:
        return result
    chain = who.client_device_id or who.device_id or who.account_id
    ch = models.audit_chains.c
    head = conn.execute(
        select(ch.last_seq, ch.last_hash, ch.broken_at, ch.broken_reason).where(ch.chain == chain)
    ).first()
    last_seq, last_hash = (int(head.last_seq), head.last_hash) if head else (0, protocol.GENESIS)
    if head is not None and head.broken_at is not None:
        result.broken_at, result.reason = int(head.broken_at), head.broken_reason
        return result

    ordered = sorted(events, key=lambda e: e.seq)
    broken: tuple[int, str] | None = None
    for event in ordered:
        if _event_invalid(event):
            broken = (event.seq, f"event #{event.seq} is malformed")
            break
        if who.client_device_id is not None and event.device_id != who.client_device_id:
            broken = (event.seq, f"event #{event.seq} comes from another device")
            break
    valid = ordered if broken is None else [e for e in ordered if e.seq < broken[0]]

    old = [e for e in valid if e.seq <= last_seq]
    new = [e for e in valid if e.seq > last_seq]
    ae = models.audit_events.c
    stored: dict[int, str] = {}
    for start in range(0, len(old), _CHUNK):
        seqs = [e.seq for e in old[start : start + _CHUNK]]
        for row in conn.execute(select(ae.seq, ae.hash).where(ae.chain == chain, ae.seq.in_(seqs))):
            stored[int(row.seq)] = row.hash
    for event in old:
        if stored.get(event.seq) != event.hash:
            broken = (event.seq, f"event #{event.seq} differs from the one already received")
            new = []
            break
        result.duplicates += 1
    check = protocol.check_chain(new, last_seq, last_hash)
    accepted = new[: check.valid]
    if broken is None and not check.ok:
        assert check.broken_at is not None
        broken = (check.broken_at, check.reason)
    if accepted:
        conn.execute(
            insert(models.audit_events),
            [
                {**asdict(e), "chain": chain, "account_id": who.account_id, "received_at": now}
                for e in accepted
            ],
        )
        last_seq, last_hash = accepted[-1].seq, accepted[-1].hash
    result.accepted = len(accepted)
    values = {
        "last_seq": last_seq,
        "last_hash": last_hash,
        "broken_at": broken[0] if broken else None,
        "broken_reason": broken[1] if broken else None,
        "updated_at": now,
    }
    if head is None:
        conn.execute(insert(models.audit_chains).values(chain=chain, **values))
    else:
        conn.execute(update(models.audit_chains).where(ch.chain == chain).values(**values))
    if broken is not None:
        result.broken_at, result.reason = broken
        server_event(
            conn,
            "audit.chain_broken",
            account_id=who.account_id,
            device_id=who.device_id,
            level=logging.WARNING,
            at=now,
            chain=chain,
            broken_at=broken[0],
            reason=broken[1],
        )
    return result

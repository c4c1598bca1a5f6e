"""The sync client's pure parts: the planner, the ``Remote`` interface and its two implementations.

Shape (after vdirsyncer): a sync is three phases — *collect* (read the device's database),
*exchange* (talk to a :class:`Remote`), *apply* (one write transaction). Everything that decides
anything lives in pure functions here (:func:`plan_push`, :func:`plan_apply`), fed with plain
values and returning plain actions, so they are tested without a database or a network. The
database glue is ``desktop/store/sync_state.py``; this module imports nothing from ``desktop``.

Remotes:

* :class:`HttpRemote` — the real server over HTTPS (``requests``; TLS verified; connect and read
  timeouts; retries with exponential backoff on connection errors and 5xx; the device token is
  never logged nor shown in ``repr``).
* :class:`MemoryRemote` — an in-memory server with the same push/pull/attachment semantics as
  ``sync/server`` (idempotent change ids, versions and conflicts on mutable records, append-only
  records, tombstones, a growing cursor, resumable uploads), plus switches to go offline, fail a
  request, lose a response after applying it, or revoke the token — for tests.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

import requests
from requests.exceptions import ChunkedEncodingError

from sync import protocol
from sync.protocol import (
    AuditEvent,
    AuditResult,
    Change,
    ItemResult,
    LoginResponse,
    PullItem,
    PullResponse,
    PushRequest,
    PushResponse,
)

log = logging.getLogger("verifica.sync")

Key = tuple[str, str]
CLOCK_WARNING_SECONDS = 5 * 60
#: Refuse a pull that deletes more than this share of the device's synced records…
WIPE_SHARE = 0.5
#: …when the device holds at least this many (a near-empty device may legitimately lose them).
WIPE_MIN_RECORDS = 20
UPLOAD_CHUNK = 1024 * 1024


# -- errors -----------------------------------------------------------------------------------


class RemoteError(Exception):
    """The exchange with the server failed; pending changes stay pending."""

    def __init__(self, es: str, en: str) -> None:
        super().__init__(en)
        self.es = es
        self.en = en


class RemoteUnavailable(RemoteError):
    """No answer (offline, timeout, connection reset, 5xx after retries): try again later."""


class AuthRevoked(RemoteError):
    """401: the device token is missing, unknown or revoked. Sync stops until sign-in."""

    def __init__(self) -> None:
        super().__init__(
            "El servidor rechazó el token de este equipo (revocado o desconocido). La "
            "sincronización se detuvo; los cambios pendientes se conservan. Vuelva a iniciar "
            "sesión en el servidor.",
            "The server refused this device's token (revoked or unknown). Sync stopped; "
            "pending changes are kept. Sign in to the server again.",
        )


class RemoteRefused(RemoteError):
    """A 4xx other than 401/409: the request itself was refused (the server's reason)."""


class CursorAhead(RemoteError):
    """409 on pull: the server went back in time (restored backup); pull again from 0."""

    def __init__(self, server_cursor: int) -> None:
        super().__init__(
            "El servidor tiene menos datos que los ya descargados (¿restauró un respaldo?).",
            "The server holds less than this device already pulled (was a backup restored?).",
        )
        self.server_cursor = server_cursor


# -- the planner ------------------------------------------------------------------------------


@dataclass(frozen=True)
class LocalChange:
    """One pending change-log row of this device."""

    seq: int
    id: str
    entity: str
    entity_id: str
    op: str
    data: dict[str, Any]
    at: str
    device_id: str
    user_id: str | None

    @property
    def key(self) -> Key:
        return (self.entity, self.entity_id)


@dataclass
class PushPlan:
    """What to send: ``changes`` in order (with base versions); ``held`` waits on a conflict;
    ``local_only`` never leaves the device (its table is not part of the sync protocol)."""

    changes: list[Change] = field(default_factory=list)
    held: list[str] = field(default_factory=list)
    local_only: list[str] = field(default_factory=list)
    attachments: list[str] = field(default_factory=list)


def strip_forbidden(entity: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """``data`` without the fields that must never leave a device (a user's password hash)."""
    forbidden = protocol.FORBIDDEN_FIELDS.get(entity, frozenset())
    return {k: v for k, v in data.items() if k not in forbidden}


def plan_push(
    pending: Sequence[LocalChange],
    known_versions: Mapping[Key, int],
    blocked: Iterable[Key] = (),
    *,
    limit: int = protocol.MAX_PUSH_CHANGES,
) -> PushPlan:
    """Turn pending changes into a push batch.

    An update or delete of a mutable record carries ``base_version``: the server version the
    device last saw for that record, advanced by one for every earlier change to it in this
    batch (each would create the next version when accepted). Changes to a record with an open
    conflict are held back until a person resolves it.

    Args:
        pending: pending changes, oldest first.
        known_versions: the server version of each record as this device last learnt it.
        blocked: records with an unresolved conflict.
        limit: at most this many changes in the batch.
    """
    plan = PushPlan()
    blocked_keys = set(blocked)
    running: dict[Key, int] = {}
    for change in pending:
        if change.entity not in protocol.ENTITIES:
            plan.local_only.append(change.id)
            continue
        if change.key in blocked_keys:
            plan.held.append(change.id)
            continue
        if len(plan.changes) >= limit:
            _keep_status_move_whole(plan, change)
            break
        base: int | None = None
        if change.entity in protocol.MUTABLE_ENTITIES:
            current = running.get(change.key, known_versions.get(change.key, 0))
            if change.op != "insert":
                base = current
            running[change.key] = current + 1 if change.op != "insert" else 1
        if change.entity == "attachments" and change.op == "insert":
            plan.attachments.append(change.entity_id)
        plan.changes.append(
            Change(
                id=change.id,
                entity=change.entity,
                entity_id=change.entity_id,
                op=change.op,  # type: ignore[arg-type]
                data=strip_forbidden(change.entity, change.data),
                at=change.at,
                device_id=change.device_id,
                user_id=change.user_id,
                base_version=base,
            )
        )
    return plan


def _keep_status_move_whole(plan: PushPlan, next_change: LocalChange) -> None:
    """Never end a batch between a case's status-history row and the status change it records.

    ``permits.change_status`` logs the history row, then the case update. The server accepts an
    inspector's history row only beside the move it records in the same push (sync/server
    policy), so a batch cut between the two would have the row refused for good: move the cut
    to before the row instead.
    """
    last = plan.changes[-1] if plan.changes else None
    if (
        last is not None
        and len(plan.changes) > 1
        and last.entity == "case_status_history"
        and next_change.entity == "permit_cases"
        and next_change.op == "update"
        and last.data.get("case_id") == next_change.entity_id
    ):
        plan.changes.pop()


@dataclass
class PushOutcome:
    """What the device must record after a push answered."""

    synced: list[str] = field(default_factory=list)  # acknowledged: accepted or duplicate
    versions: dict[Key, int] = field(default_factory=dict)  # server versions now known
    refused: dict[str, str] = field(default_factory=dict)  # change id -> server's reason
    conflicts: dict[Key, ItemResult] = field(default_factory=dict)  # first conflict per record
    conflict_changes: dict[Key, list[str]] = field(default_factory=dict)


def plan_push_outcome(sent: Sequence[Change], results: Sequence[ItemResult]) -> PushOutcome:
    """Sort the server's per-change answers into what to mark, remember and show.

    Raises:
        protocol.ProtocolError: the answer does not match the batch (count or ids).
    """
    if len(sent) != len(results):
        raise protocol.ProtocolError("the push answer has a different number of results")
    out = PushOutcome()
    for change, result in zip(sent, results, strict=True):
        if result.change_id != change.id:
            raise protocol.ProtocolError("the push answer is not in the order of the batch")
        key = (change.entity, change.entity_id)
        if result.status in (protocol.ACCEPTED, protocol.DUPLICATE):
            out.synced.append(change.id)
            if result.version is not None and key not in out.conflicts:
                out.versions[key] = result.version
        elif result.status == protocol.CONFLICT:
            out.conflicts.setdefault(key, result)
            out.conflict_changes.setdefault(key, []).append(change.id)
        else:
            out.refused[change.id] = result.reason or "refused"
    return out


@dataclass
class ApplyPlan:
    """What one pull does to the device: rows to write, rows to delete, items held back."""

    upserts: list[PullItem] = field(default_factory=list)
    deletes: list[PullItem] = field(default_factory=list)
    held: list[PullItem] = field(default_factory=list)  # the device has unsent edits there
    conflict_updates: list[PullItem] = field(default_factory=list)  # newer server side
    versions: dict[Key, int] = field(default_factory=dict)


def plan_apply(
    items: Sequence[PullItem],
    pending_keys: Iterable[Key],
    conflict_keys: Iterable[Key],
    local_entities: Iterable[str],
) -> ApplyPlan:
    """Decide what pulled records do locally.

    The latest item per record wins (pages are in cursor order). A record with unsent local
    changes is held (its push decides: accepted, or a conflict a person resolves); a record with
    an open conflict refreshes that conflict's server side instead. Tables this device does not
    have are ignored.
    """
    pending = set(pending_keys)
    conflicts = set(conflict_keys)
    tables = set(local_entities)
    latest: dict[Key, PullItem] = {}
    for item in items:
        latest[(item.entity, item.entity_id)] = item
    plan = ApplyPlan()
    for key, item in latest.items():
        if item.entity not in tables:
            continue
        if key in conflicts:
            plan.conflict_updates.append(item)
            continue
        if key in pending:
            plan.held.append(item)
            continue
        plan.versions[key] = item.version
        (plan.deletes if item.deleted else plan.upserts).append(item)
    return plan


def wipe_reason(plan: ApplyPlan, local_records: int, existing_deletes: int) -> str | None:
    """Why applying ``plan`` must be refused, or ``None``: it would delete most local data.

    Args:
        local_records: how many synced records the device holds.
        existing_deletes: how many of ``plan.deletes`` exist locally.
    """
    if local_records >= WIPE_MIN_RECORDS and existing_deletes > local_records * WIPE_SHARE:
        return (
            f"the server asks to delete {existing_deletes} of the {local_records} records on "
            "this device; refused to protect local data (check the server, or apply with force)"
        )
    return None


def clock_skew_seconds(server_time: str, local_now: float) -> float:
    """Local clock minus the server's, in seconds (positive: this device runs ahead)."""
    import datetime as dt

    server = dt.datetime.fromisoformat(server_time.replace("Z", "+00:00"))
    return local_now - server.timestamp()


# -- remotes ----------------------------------------------------------------------------------


class Remote(Protocol):
    """What the client needs from a server."""

    def login(
        self, username: str, password: str, device_name: str, device_id: str
    ) -> LoginResponse: ...
    def push(self, request: PushRequest) -> PushResponse: ...
    def pull(self, cursor: int, limit: int = protocol.DEFAULT_PULL_LIMIT) -> PullResponse: ...
    def registry(self) -> dict[str, Any]: ...
    def upload_offset(self, sha256: str) -> int | None: ...
    def upload_part(self, sha256: str, total: int, offset: int, chunk: bytes) -> int | None: ...


def upload_file(remote: Remote, sha256: str, read: Callable[[int, int], bytes], total: int) -> None:
    """Upload one attachment by hash, resuming where the server stopped.

    Args:
        read: ``read(offset, size)`` returns bytes of the local file.

    Raises:
        RemoteError: the upload could not finish now (pending; resumed next time).
    """
    offset = remote.upload_offset(sha256)
    for _ in range(total // UPLOAD_CHUNK + 8):
        if offset is None:
            return
        chunk = read(offset, UPLOAD_CHUNK)
        if not chunk:
            raise RemoteRefused(
                "El archivo local es más corto que lo anunciado.",
                "The local file is shorter than announced.",
            )
        offset = remote.upload_part(sha256, total, offset, chunk)
    raise RemoteUnavailable("La subida no avanza.", "The upload does not progress.")


class HttpRemote:
    """The real server over HTTP(S) with a device token.

    TLS certificates are verified (``verify`` may name a CA bundle, never ``False``). Connection
    errors, timeouts and 5xx answers are retried with exponential backoff (every request of the
    protocol is idempotent); 401 raises :class:`AuthRevoked` at once.
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        verify: bool | str = True,
        connect_timeout: float = 5.0,
        read_timeout: float = 60.0,
        retries: int = 4,
        backoff: float = 0.2,
        session: requests.Session | None = None,
    ) -> None:
        if verify is False:
            raise ValueError("TLS verification cannot be turned off")
        self.base_url = base_url.rstrip("/")
        self._token = token
        self.verify = verify
        self.timeout = (connect_timeout, read_timeout)
        self.retries = retries
        self.backoff = backoff
        self.session = session or requests.Session()

    def __repr__(self) -> str:  # never the token
        return f"HttpRemote({self.base_url!r})"

    def set_token(self, token: str) -> None:
        self._token = token

    def close(self) -> None:
        self.session.close()

    def _request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        params: Mapping[str, Any] | None = None,
        data: bytes | None = None,
        auth: bool = True,
    ) -> requests.Response:
        headers = {"Accept": "application/json"}
        if auth and self._token:
            headers["Authorization"] = f"Bearer {self._token}"
        if data is not None:
            headers["Content-Type"] = "application/octet-stream"
        last: str = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self.session.request(
                    method,
                    self.base_url + path,
                    json=json_body,
                    params=params,
                    data=data,
                    headers=headers,
                    timeout=self.timeout,
                    verify=self.verify,
                )
                _ = response.content  # read the whole body here, inside the retry
            except (requests.ConnectionError, requests.Timeout, ChunkedEncodingError) as exc:
                # ChunkedEncodingError: the body was cut off mid-way (connection reset).
                last = type(exc).__name__
                log.info("sync request %s %s failed (%s), attempt %d", method, path, last, attempt)
                continue
            if response.status_code >= 500:
                last = f"HTTP {response.status_code}"
                log.info("sync request %s %s answered %s", method, path, last)
                continue
            if response.status_code == 401 and auth:
                raise AuthRevoked()
            return response
        raise RemoteUnavailable(
            f"No hay conexión con el servidor ({last}). Los cambios siguen pendientes.",
            f"The server cannot be reached ({last}). Changes stay pending.",
        )

    def _json(self, response: requests.Response) -> dict[str, Any]:
        try:
            body = response.json()
        except ValueError as exc:
            raise RemoteUnavailable(
                "El servidor respondió algo ilegible.", "The server answered unreadable data."
            ) from exc
        if not isinstance(body, dict):
            raise RemoteUnavailable(
                "El servidor respondió algo ilegible.", "The server answered unreadable data."
            )
        return body

    def _refused(self, response: requests.Response) -> RemoteRefused:
        try:
            body = response.json()
            es, en = str(body.get("detail_es", "")), str(body.get("detail", ""))
        except (ValueError, AttributeError):
            es = en = ""
        code = response.status_code
        return RemoteRefused(
            f"El servidor rechazó la solicitud ({code}): {es}",
            f"The server refused the request ({code}): {en}",
        )

    def login(
        self, username: str, password: str, device_name: str, device_id: str
    ) -> LoginResponse:
        body = {
            "username": username,
            "password": password,
            "device_name": device_name,
            "device_id": device_id,
        }
        response = self._request("POST", "/auth/login", json_body=body, auth=False)
        if response.status_code != 200:
            raise self._refused(response)
        d = self._json(response)
        account = protocol.Account(**d["account"])
        result = LoginResponse(d["token"], d["device_id"], account, d["server_time"])
        self._token = result.token
        return result

    def push(self, request: PushRequest) -> PushResponse:
        response = self._request("POST", "/sync/push", json_body=asdict(request))
        if response.status_code != 200:
            raise self._refused(response)
        try:
            return protocol.push_response_from_dict(self._json(response))
        except protocol.ProtocolError as exc:
            raise RemoteUnavailable("Respuesta inválida.", f"Invalid answer: {exc}") from exc

    def pull(self, cursor: int, limit: int = protocol.DEFAULT_PULL_LIMIT) -> PullResponse:
        response = self._request("GET", "/sync/pull", params={"cursor": cursor, "limit": limit})
        if response.status_code == 409:
            raise CursorAhead(int(self._json(response).get("server_cursor", 0)))
        if response.status_code != 200:
            raise self._refused(response)
        try:
            return protocol.pull_response_from_dict(self._json(response))
        except protocol.ProtocolError as exc:
            raise RemoteUnavailable("Respuesta inválida.", f"Invalid answer: {exc}") from exc

    def registry(self) -> dict[str, Any]:
        response = self._request("GET", "/registry")
        if response.status_code != 200:
            raise self._refused(response)
        return self._json(response)

    def upload_offset(self, sha256: str) -> int | None:
        response = self._request("HEAD", f"/attachments/{sha256}")
        if response.status_code == 200:
            return None
        if response.status_code == 404:
            return int(response.headers.get("Upload-Offset", "0"))
        raise self._refused(response)

    def upload_part(self, sha256: str, total: int, offset: int, chunk: bytes) -> int | None:
        response = self._request(
            "PUT",
            f"/attachments/{sha256}",
            params={"total": total, "offset": offset},
            data=chunk,
        )
        if response.status_code in (200, 201):
            return None
        if response.status_code == 202:
            return int(self._json(response).get("offset", offset + len(chunk)))
        if response.status_code == 409:
            return int(self._json(response).get("offset", 0))
        raise self._refused(response)


# -- the in-memory server ---------------------------------------------------------------------


@dataclass
class _Record:
    data: dict[str, Any]
    version: int
    deleted: bool
    seq: int
    change_id: str
    at: str


class MemoryRemote:
    """An in-memory server with ``sync/server``'s push, pull and upload semantics (one account
    that may do everything), and switches for failure tests.

    Switches: ``offline`` (every call raises :class:`RemoteUnavailable`), ``fail_next`` (that
    many calls fail before doing anything), ``lose_next`` (that many calls do their work and then
    fail, as a response cut off on the way back), ``revoked`` (every call raises
    :class:`AuthRevoked`).
    """

    def __init__(self, *, clock: Callable[[], str] | None = None) -> None:
        self.records: dict[Key, _Record] = {}
        self.changes: dict[str, tuple[Key, int]] = {}
        self.seq = 0
        self.audit_heads: dict[str, tuple[int, str]] = {}
        self.audit: dict[str, list[AuditEvent]] = {}
        self.files: dict[str, bytes] = {}
        self.partial: dict[str, bytearray] = {}
        self.registry_body: dict[str, Any] = {}
        self.offline = False
        self.revoked = False
        self.fail_next = 0
        self.lose_next = 0
        self.tokens: set[str] = set()
        self._clock = clock or _utc_now_text

    # -- switches --

    def _enter(self) -> None:
        if self.offline:
            raise RemoteUnavailable("Sin conexión (prueba).", "Offline (test).")
        if self.revoked:
            raise AuthRevoked()
        if self.fail_next > 0:
            self.fail_next -= 1
            raise RemoteUnavailable("Falla simulada.", "Simulated failure.")

    def _leave(self) -> None:
        if self.lose_next > 0:
            self.lose_next -= 1
            raise RemoteUnavailable("Respuesta perdida (prueba).", "Response lost (test).")

    # -- the protocol --

    def login(
        self, username: str, password: str, device_name: str, device_id: str
    ) -> LoginResponse:
        self._enter()
        token = hashlib.sha256(f"{username}|{device_id}|{len(self.tokens)}".encode()).hexdigest()
        self.tokens.add(token)
        account = protocol.Account("acct-" + username, username, username, "admin", None)
        return LoginResponse(token, device_id, account, self._clock())

    def push(self, request: PushRequest) -> PushResponse:
        self._enter()
        results: list[ItemResult] = []
        seen: dict[str, ItemResult] = {}
        for change in request.changes:
            if change.id in seen:
                first = seen[change.id]
                status = (
                    protocol.REFUSED if first.status == protocol.REFUSED else (protocol.DUPLICATE)
                )
                results.append(ItemResult(change.id, status, first.version, first.reason))
                continue
            result = self._push_one(change)
            seen[change.id] = result
            results.append(result)
        audit = self._push_audit(request.audit)
        response = PushResponse(results, audit, self._clock())
        self._leave()
        return response

    def _push_one(self, change: Change) -> ItemResult:
        if change.entity not in protocol.ENTITIES:
            return ItemResult(
                change.id, protocol.REFUSED, reason=f"unknown entity {change.entity!r}"
            )
        forbidden = protocol.FORBIDDEN_FIELDS.get(change.entity, frozenset()) & change.data.keys()
        if forbidden:
            return ItemResult(change.id, protocol.REFUSED, reason="forbidden field")
        key = (change.entity, change.entity_id)
        if change.id in self.changes:
            known_key, version = self.changes[change.id]
            if known_key != key:
                return ItemResult(
                    change.id, protocol.REFUSED, reason="this change id was used for another record"
                )
            return ItemResult(change.id, protocol.DUPLICATE, version=version)
        state = self.records.get(key)
        mutable = change.entity in protocol.MUTABLE_ENTITIES
        if change.op == "insert":
            merged = dict(change.data)
        elif state is None:
            return ItemResult(
                change.id, protocol.REFUSED, reason=f"the server has no {change.entity}"
            )
        elif change.op == "update":
            merged = {**state.data, **change.data}
        else:
            merged = dict(state.data)
        if change.op == "insert" and state is not None:
            if mutable:
                return self._conflict(change, state, "the record already exists on the server")
            if state.data == change.data:
                return ItemResult(change.id, protocol.DUPLICATE, version=state.version)
            return ItemResult(
                change.id,
                protocol.REFUSED,
                reason="an append-only record with this id already exists",
            )
        if change.op != "insert":
            assert state is not None
            if mutable:
                base = change.base_version
                if base is None:
                    data_version = change.data.get("version")
                    if (
                        isinstance(data_version, int)
                        and not isinstance(data_version, bool)
                        and data_version >= 1
                    ):
                        base = data_version - 1
                if base is None:
                    return ItemResult(
                        change.id,
                        protocol.REFUSED,
                        reason="base_version is required to change this record",
                    )
                if state.deleted:
                    return self._conflict(change, state, "the record was deleted on the server")
                if base != state.version:
                    return self._conflict(change, state, "the record changed on the server")
            elif change.op == "delete":
                return ItemResult(
                    change.id, protocol.REFUSED, reason="append-only records are never deleted"
                )
            elif change.entity in protocol.CLOSABLE_ENTITIES and (
                state.data.get("status") == protocol.CLOSED_INSPECTION
            ):
                return ItemResult(
                    change.id, protocol.REFUSED, reason="a closed inspection cannot change"
                )
        version = 1 if state is None else state.version + 1
        if mutable and "version" in merged:
            merged["version"] = version
        self.seq += 1
        self.records[key] = _Record(
            merged, version, change.op == "delete", self.seq, change.id, change.at
        )
        self.changes[change.id] = (key, version)
        return ItemResult(change.id, protocol.ACCEPTED, version=version)

    @staticmethod
    def _conflict(change: Change, state: _Record, reason: str) -> ItemResult:
        return ItemResult(
            change.id,
            protocol.CONFLICT,
            version=state.version,
            reason=reason,
            server_data=dict(state.data),
        )

    def _push_audit(self, events: Sequence[AuditEvent]) -> AuditResult:
        result = AuditResult(received=len(events))
        if not events:
            return result
        chain = events[0].device_id
        last_seq, last_hash = self.audit_heads.get(chain, (0, protocol.GENESIS))
        stored = {e.seq: e.hash for e in self.audit.get(chain, [])}
        ordered = sorted(events, key=lambda e: e.seq)
        old = [e for e in ordered if e.seq <= last_seq]
        new = [e for e in ordered if e.seq > last_seq]
        for event in old:
            if stored.get(event.seq) != event.hash:
                result.broken_at, result.reason = event.seq, "differs from the one received"
                return result
            result.duplicates += 1
        check = protocol.check_chain(new, last_seq, last_hash)
        accepted = new[: check.valid]
        if accepted:
            self.audit.setdefault(chain, []).extend(accepted)
            self.audit_heads[chain] = (accepted[-1].seq, accepted[-1].hash)
        result.accepted = len(accepted)
        if not check.ok:
            result.broken_at, result.reason = check.broken_at, check.reason
        return result

    def pull(self, cursor: int, limit: int = protocol.DEFAULT_PULL_LIMIT) -> PullResponse:
        self._enter()
        if cursor > self.seq:
            raise CursorAhead(self.seq)
        rows = sorted(
            ((k, r) for k, r in self.records.items() if r.seq > cursor), key=lambda kr: kr[1].seq
        )
        more = len(rows) > limit
        rows = rows[:limit]
        items = [
            PullItem(r.seq, k[0], k[1], r.version, r.deleted, dict(r.data), r.change_id, r.at)
            for k, r in rows
        ]
        response = PullResponse(items, items[-1].cursor if more else self.seq, more, self._clock())
        self._leave()
        return response

    def registry(self) -> dict[str, Any]:
        self._enter()
        body = dict(self.registry_body)
        self._leave()
        return body

    def upload_offset(self, sha256: str) -> int | None:
        self._enter()
        if sha256 in self.files:
            return None
        return len(self.partial.get(sha256, b""))

    def upload_part(self, sha256: str, total: int, offset: int, chunk: bytes) -> int | None:
        self._enter()
        if sha256 in self.files:
            return None
        have = self.partial.setdefault(sha256, bytearray())
        if offset != len(have):
            return len(have)
        have.extend(chunk)
        if len(have) > total:
            del self.partial[sha256]
            raise RemoteRefused("Más bytes que el total.", "More bytes than the total.")
        if len(have) < total:
            self._leave()
            return len(have)
        del self.partial[sha256]
        if hashlib.sha256(have).hexdigest() != sha256:
            raise RemoteRefused("El archivo no corresponde a su hash.", "Hash mismatch.")
        self.files[sha256] = bytes(have)
        self._leave()
        return None

    # -- for tests --

    def live(self) -> dict[Key, dict[str, Any]]:
        """Every record that is not deleted, by key."""
        return {k: r.data for k, r in self.records.items() if not r.deleted}


def _utc_now_text() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())

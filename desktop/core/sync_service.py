"""Running a sync for this device: sign-in, the device token, and the three phases in order.

A sync is *collect* (database) → *exchange* (network) → *apply* (database). Each phase is its
own function so the app can run the database phases on its single database worker and the
network phase on a pool thread (desktop/ui/sync_controller.py); :func:`sync_now` runs them one
after the other for ``verifica sync`` and tests.

The device token lives in the OS keyring (``keyring``). Only when no keyring backend exists (a
headless Linux box without Secret Service) it goes to a file readable by the user alone in the
platform's *config* folder — never the data folder, which is backed up and copied around.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import keyring
import keyring.backends.fail
import keyring.errors
import platformdirs

from desktop.errors import Problem
from desktop.store import sync_state
from desktop.store.attachments import attachment_path
from desktop.store.db import Store
from sync import protocol
from sync.client import (
    CLOCK_WARNING_SECONDS,
    AuthRevoked,
    CursorAhead,
    PushPlan,
    Remote,
    RemoteError,
    clock_skew_seconds,
    plan_push,
    plan_push_outcome,
    upload_file,
)

KEYRING_SERVICE = "verifica-sync"
SETTING_URL = "sync_server_url"
SETTING_USER = "sync_username"
SETTING_ROLE = "sync_role"
SETTING_ACCOUNT = "sync_account_id"
MAX_PUSH_ROUNDS = 10_000


class SyncFailed(Problem):
    """The sync stopped; pending changes are kept and it can be tried again."""


def as_problem(exc: RemoteError) -> SyncFailed:
    return SyncFailed(exc.es, exc.en)


# -- the device token -------------------------------------------------------------------------


def _keyring_available() -> bool:
    backend = keyring.get_keyring()
    return not isinstance(backend, keyring.backends.fail.Keyring)


def token_file() -> Path:
    """The fallback token file (only used without any keyring backend); outside the data folder."""
    return Path(platformdirs.user_config_dir("Verifica", "Municipio")) / "sync-tokens.json"


def _account(server_url: str, device_id: str) -> str:
    return f"{server_url.rstrip('/')}|{device_id}"


def save_token(server_url: str, device_id: str, token: str) -> None:
    """Keep the device token in the OS keyring (or the fallback file, see module docstring)."""
    if _keyring_available():
        keyring.set_password(KEYRING_SERVICE, _account(server_url, device_id), token)
        return
    path = token_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    tokens = _read_token_file(path)
    tokens[_account(server_url, device_id)] = token
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(tokens, f)
    os.replace(tmp, path)


def load_token(server_url: str, device_id: str) -> str | None:
    if _keyring_available():
        return keyring.get_password(KEYRING_SERVICE, _account(server_url, device_id))
    return _read_token_file(token_file()).get(_account(server_url, device_id))


def delete_token(server_url: str, device_id: str) -> None:
    if _keyring_available():
        with contextlib.suppress(keyring.errors.PasswordDeleteError):
            keyring.delete_password(KEYRING_SERVICE, _account(server_url, device_id))
        return
    path = token_file()
    tokens = _read_token_file(path)
    if tokens.pop(_account(server_url, device_id), None) is not None:
        path.write_text(json.dumps(tokens), encoding="utf-8")


def _read_token_file(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def sign_in(
    store: Store, remote: Remote, server_url: str, username: str, password: str
) -> protocol.LoginResponse:
    """Enrol this device on the server once: keeps the token and remembers server and user.

    Raises:
        SyncFailed: wrong password, server unreachable or refusing.
    """
    try:
        response = remote.login(username, password, platform.node() or "verifica", store.device_id)
    except RemoteError as exc:
        raise as_problem(exc) from exc
    save_token(server_url, store.device_id, response.token)
    with store.write() as db:
        for key, value in (
            (SETTING_URL, server_url.rstrip("/")),
            (SETTING_USER, username),
            (SETTING_ROLE, response.account.role),
            (SETTING_ACCOUNT, response.account.id),
        ):
            sync_state._put_setting(db, key, value)
    return response


# -- the phases -------------------------------------------------------------------------------


@dataclass
class PushJob:
    """Collected for one push: the batch and the audit events."""

    plan: PushPlan
    audit: list[protocol.AuditEvent]
    attachments: list[tuple[str, Path, int]]

    @property
    def empty(self) -> bool:
        return not self.plan.changes and not self.audit


def collect_push(store: Store) -> PushJob:
    """Collect phase of a push (database)."""
    collected = sync_state.collect(store)
    plan = plan_push(collected.pending, collected.known_versions, collected.blocked)
    files = []
    for sha in plan.attachments:
        path = attachment_path(store.attachments_dir, sha)
        if path.exists():
            files.append((sha, path, path.stat().st_size))
    return PushJob(plan, collected.audit, files)


def exchange_push(remote: Remote, job: PushJob) -> protocol.PushResponse:
    """Exchange phase of a push (network): files first, then the batch."""
    for sha, path, size in job.attachments:

        def read(offset: int, length: int, path: Path = path) -> bytes:
            with open(path, "rb") as f:
                f.seek(offset)
                return f.read(length)

        upload_file(remote, sha, read, size)
    return remote.push(protocol.PushRequest(job.plan.changes, job.audit))


def finish_push(store: Store, job: PushJob, response: protocol.PushResponse) -> int:
    """Apply phase of a push (database); returns how many changes the server acknowledged."""
    outcome = plan_push_outcome(job.plan.changes, response.results)
    sync_state.record_push(store, outcome, job.audit, response.audit)
    return len(outcome.synced)


@dataclass
class Pulled:
    items: list[protocol.PullItem]
    cursor: int
    server_time: str


def exchange_pull(
    remote: Remote,
    cursor: int,
    *,
    limit: int = protocol.MAX_PULL_LIMIT,
    cancelled: Callable[[], bool] | None = None,
) -> Pulled:
    """Exchange phase of a pull: every page after ``cursor`` (from 0 if the server went back)."""
    items: list[protocol.PullItem] = []
    server_time = ""
    for _ in range(2):
        try:
            while True:
                if cancelled is not None and cancelled():
                    raise SyncFailed("Sincronización cancelada.", "Sync cancelled.")
                page = remote.pull(cursor, limit)
                items.extend(page.items)
                cursor, server_time = page.cursor, page.server_time
                if not page.more:
                    return Pulled(items, cursor, server_time)
        except CursorAhead:
            items, cursor = [], 0
    raise SyncFailed("El servidor no da un cursor estable.", "The server's cursor is unstable.")


# -- one whole sync ---------------------------------------------------------------------------


@dataclass
class SyncReport:
    """What one sync did, for the status bar and ``verifica sync``."""

    acknowledged: int = 0
    refused: int = 0
    conflicts: int = 0
    pending: int = 0
    pulled: int = 0
    deleted: int = 0
    clock_skew_s: float = 0.0
    registry: str = ""
    warnings: list[str] = field(default_factory=list)

    def text(self, lang: str = "es") -> str:
        if lang == "es":
            lines = [
                f"Enviados y confirmados: {self.acknowledged}; rechazados: {self.refused}; "
                f"conflictos abiertos: {self.conflicts}; pendientes: {self.pending}.",
                f"Recibidos: {self.pulled}; borrados: {self.deleted}.",
            ]
        else:
            lines = [
                f"Sent and acknowledged: {self.acknowledged}; refused: {self.refused}; "
                f"open conflicts: {self.conflicts}; pending: {self.pending}.",
                f"Received: {self.pulled}; deleted: {self.deleted}.",
            ]
        if self.registry:
            lines.append(self.registry)
        return "\n".join([*lines, *self.warnings])


def clock_warning(skew_s: float, lang: str = "es") -> str | None:
    """A warning when this device's clock is off by more than 5 minutes from the server's."""
    if abs(skew_s) <= CLOCK_WARNING_SECONDS:
        return None
    minutes = round(abs(skew_s) / 60)
    if lang == "es":
        side = "adelantado" if skew_s > 0 else "atrasado"
        return f"Aviso: el reloj de este equipo está {side} {minutes} min respecto al servidor."
    side = "ahead of" if skew_s > 0 else "behind"
    return f"Warning: this device's clock is {minutes} min {side} the server's."


def sync_now(
    store: Store,
    remote: Remote,
    *,
    force: bool = False,
    lang: str = "es",
    pull_limit: int = protocol.MAX_PULL_LIMIT,
    cancelled: Callable[[], bool] | None = None,
) -> SyncReport:
    """Push everything pending, then pull (or, on a kiosk, fetch the registry) and apply.

    Raises:
        SyncFailed: the server is unreachable, refused the token (pending changes are kept),
            or the pull was refused by a safety rail.
    """
    report = SyncReport()
    role = store.get_setting(SETTING_ROLE, "") or ""
    try:
        for _ in range(MAX_PUSH_ROUNDS):
            if cancelled is not None and cancelled():
                raise SyncFailed("Sincronización cancelada.", "Sync cancelled.")
            job = collect_push(store)
            if job.empty:
                break
            response = exchange_push(remote, job)
            report.acknowledged += finish_push(store, job, response)
            report.clock_skew_s = clock_skew_seconds(response.server_time, time.time())
            if len(job.plan.changes) < protocol.MAX_PUSH_CHANGES and (
                len(job.audit) < protocol.MAX_PUSH_AUDIT_EVENTS
            ):
                break
        if role == "kiosk":
            report.registry = _pull_registry(store, remote, lang)
        else:
            cursor = int(store.get_setting(sync_state.SETTING_CURSOR, "0") or 0)
            pulled = exchange_pull(remote, cursor, limit=pull_limit, cancelled=cancelled)
            report.clock_skew_s = clock_skew_seconds(pulled.server_time, time.time())
            applied = sync_state.apply_pull(
                store,
                pulled.items,
                pulled.cursor,
                server_time=pulled.server_time,
                clock_skew_s=report.clock_skew_s,
                force=force,
            )
            report.pulled, report.deleted = applied.upserted, applied.deleted
    except AuthRevoked as exc:
        sync_state.record_error(store, exc.en)
        raise as_problem(exc) from exc
    except RemoteError as exc:
        sync_state.record_error(store, exc.en)
        raise as_problem(exc) from exc
    report.pending = sync_state.pending_count(store.db)
    report.refused = sum(c.status == "refused" for c in sync_state.list_changes(store.db))
    report.conflicts = len(sync_state.open_conflict_keys(store.db))
    warning = clock_warning(report.clock_skew_s, lang)
    if warning:
        report.warnings.append(warning)
    return report


def _pull_registry(store: Store, remote: Remote, lang: str) -> str:
    from desktop.core.trust import accept_registry

    body: dict[str, Any] = remote.registry()
    view = accept_registry(store, store.actor(None), body)
    del view
    with store.write() as db:
        sync_state._put_setting(db, sync_state.SETTING_LAST_SYNC, protocol_now())
    return "Padrón actualizado." if lang == "es" else "Registry updated."


def protocol_now() -> str:
    from desktop.core.ids import utc_now

    return utc_now()

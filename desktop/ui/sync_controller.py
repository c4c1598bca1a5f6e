"""The app's sync engine driver: background and on-demand sync that never blocks the window.

One :class:`SyncController` is created by ``desktop.app`` and handed to the main window and the
Sincronización screen. A sync is a chain of small jobs, each on the right thread of the
:class:`~desktop.ui.tasks.TaskRunner` (DESIGN.md §3, "one writer"):

    read settings (db) → token (pool) → collect push (db) → exchange push (pool) →
    finish push (db) → … → exchange pull (pool) → apply pull (db) → summary (db)

Every database step runs on the single database worker and every network step on the pool, so
the GUI thread only glues steps together. Between steps the controller checks whether the
person cancelled. A revoked device token stops the background timer and says so; pending
changes are never touched by a failure.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer, Signal

from desktop.core import sync_service
from desktop.core.sync_service import Pulled, PushJob
from desktop.errors import Problem
from desktop.store import Store, sync_state
from sync import protocol
from sync.client import AuthRevoked, HttpRemote, RemoteError, RemoteUnavailable, clock_skew_seconds

log = logging.getLogger(__name__)

#: States shown in the status bar and on the Sincronización screen.
SIGNED_OUT = "signed_out"
IDLE = "idle"
SYNCING = "syncing"
ONLINE = "online"
OFFLINE = "offline"
REVOKED = "revoked"
ERROR = "error"

BACKGROUND_INTERVAL_MS = 5 * 60 * 1000
FIRST_SYNC_DELAY_MS = 10 * 1000

RemoteFactory = Callable[[str], HttpRemote]


# A plain name lupdate recognises: translate("context", "source").
translate = QCoreApplication.translate


def state_label(state: str) -> str:
    """The short, translated name of a state (status bar)."""
    return {
        SIGNED_OUT: translate("SyncController", "Sin sesión de sincronización"),
        IDLE: translate("SyncController", "Sincronización en espera"),
        SYNCING: translate("SyncController", "Sincronizando…"),
        ONLINE: translate("SyncController", "En línea"),
        OFFLINE: translate("SyncController", "Sin conexión"),
        REVOKED: translate("SyncController", "Acceso del equipo revocado"),
        ERROR: translate("SyncController", "Error de sincronización"),
    }.get(state, state)


@dataclass(frozen=True)
class SyncSettings:
    """What the device remembers about its server (read on the database worker)."""

    server_url: str
    username: str
    role: str
    device_id: str
    last_success: str
    clock_skew_s: float
    last_error: str
    pending: int


def read_settings(store: Store) -> SyncSettings:
    """Runs on the database worker."""
    skew = store.get_setting(sync_state.SETTING_CLOCK_SKEW, "0") or "0"
    return SyncSettings(
        server_url=store.get_setting(sync_service.SETTING_URL, "") or "",
        username=store.get_setting(sync_service.SETTING_USER, "") or "",
        role=store.get_setting(sync_service.SETTING_ROLE, "") or "",
        device_id=store.device_id,
        last_success=store.get_setting(sync_state.SETTING_LAST_SYNC, "") or "",
        clock_skew_s=float(skew) if skew.replace(".", "", 1).lstrip("-").isdigit() else 0.0,
        last_error=store.get_setting(sync_state.SETTING_LAST_ERROR, "") or "",
        pending=sync_state.pending_count(store.db),
    )


def remember_sign_in(
    store: Store, server_url: str, username: str, response: protocol.LoginResponse
) -> None:
    """Keep the token in the keyring and the server and user in settings (database worker)."""
    sync_service.save_token(server_url, store.device_id, response.token)
    with store.write():
        for key, value in (
            (sync_service.SETTING_URL, server_url.rstrip("/")),
            (sync_service.SETTING_USER, username),
            (sync_service.SETTING_ROLE, response.account.role),
            (sync_service.SETTING_ACCOUNT, response.account.id),
            (sync_state.SETTING_LAST_ERROR, ""),
        ):
            store.set_setting(key, value)


class SyncCancelled(Exception):
    """The person cancelled the sync between two steps."""


class SyncController(QObject):
    """Runs syncs in the background and on demand; holds the device's sync state.

    Signals:
        state_changed(str): one of the state constants (online, offline, syncing, …).
        pending_changed(int): changes waiting to be sent.
        last_success_changed(str): UTC ISO time of the last complete sync.
        message_changed(str): a sentence for the person (result, error, clock warning).
        progress(str): what the running sync is doing now.
        signed_in_changed(): server or user changed (after signing in).
        finished(bool): a sync ended; True when it completed.
    """

    state_changed = Signal(str)
    pending_changed = Signal(int)
    last_success_changed = Signal(str)
    message_changed = Signal(str)
    progress = Signal(str)
    signed_in_changed = Signal()
    finished = Signal(bool)

    def __init__(
        self,
        store: Store,
        runner: Any,
        *,
        lang: str = "es",
        remote_factory: RemoteFactory | None = None,
        interval_ms: int = BACKGROUND_INTERVAL_MS,
        first_delay_ms: int = FIRST_SYNC_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._runner = runner
        self._lang = lang
        self._remote_factory = remote_factory or (lambda url: HttpRemote(url))
        self._remote: HttpRemote | None = None
        self._first_delay_ms = first_delay_ms
        self.state = IDLE
        self.message = ""
        self.pending = 0
        self.last_success = ""
        self.settings: SyncSettings | None = None
        self.clock_warning: str | None = None
        self._running = False
        self._cancel = False
        self._report = sync_service.SyncReport()
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.sync_now)
        # The first sync, shortly after start: an owned timer so stop() can cancel it (a bare
        # singleShot would fire after the runner has shut down).
        self.first_sync = QTimer(self)
        self.first_sync.setSingleShot(True)
        self.first_sync.timeout.connect(self.sync_now)
        runner.changed.connect(self._records_changed)

    # -- own API -------------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._running

    @property
    def signed_in(self) -> bool:
        return bool(self.settings and self.settings.server_url and self.settings.username)

    def start(self) -> None:
        """Load the state, then sync shortly after start and every interval."""
        self.refresh()
        self.timer.start()
        if self._first_delay_ms >= 0:
            self.first_sync.start(self._first_delay_ms)

    def stop(self) -> None:
        """Stop background syncing and cancel a running sync (at its next step)."""
        self.timer.stop()
        self.first_sync.stop()
        self.cancel()
        if self._remote is not None:
            self._remote.close()
            self._remote = None

    def refresh(self) -> None:
        """Re-read settings and the pending count from the store."""
        store = self._store
        self._runner.run_db(lambda: read_settings(store), self._settings_loaded, self._log_failure)

    def cancel(self) -> None:
        if self._running:
            self._cancel = True
            self.progress.emit(translate("SyncController", "Cancelando…"))

    def sign_in(
        self,
        server_url: str,
        username: str,
        password: str,
        on_done: Callable[[], None],
        on_failure: Callable[[BaseException], None],
    ) -> None:
        """Enrol this device: login on the pool, then keep token and settings (db worker)."""
        url = server_url.strip().rstrip("/")
        store = self._store

        def login() -> protocol.LoginResponse:
            remote = self._remote_factory(url)
            try:
                import platform

                return remote.login(
                    username, password, platform.node() or "verifica", store.device_id
                )
            except RemoteError as exc:
                raise sync_service.as_problem(exc) from exc
            finally:
                remote.close()

        def remember(response: protocol.LoginResponse) -> SyncSettings:
            remember_sign_in(store, url, username, response)
            return read_settings(store)

        def keep(response: protocol.LoginResponse) -> None:
            self._runner.run_db(
                lambda: remember(response),
                lambda settings: self._signed_in(settings, on_done),
                on_failure,
                changes={"settings"},
            )

        self._runner.run(login, keep, on_failure)

    def sync_now(self) -> None:
        """Start a sync unless one is running; returns at once."""
        if self._running:
            return
        self._running = True
        self._cancel = False
        self._report = sync_service.SyncReport()
        self._set_state(SYNCING)
        self.progress.emit(translate("SyncController", "Preparando…"))
        store = self._store
        self._runner.run_db(lambda: read_settings(store), self._begin, self._fail)

    # -- the chain (each method runs on the GUI thread) ---------------------------------

    def _begin(self, settings: SyncSettings) -> None:
        self._settings_loaded(settings)
        if not settings.server_url or not settings.username:
            self._running = False
            self._set_state(SIGNED_OUT)
            self._set_message(
                translate("SyncController", "Inicie sesión en el servidor para sincronizar.")
            )
            self.finished.emit(False)
            return
        url = settings.server_url

        def connect() -> HttpRemote:
            token = sync_service.load_token(url, settings.device_id)
            if token is None:
                raise AuthRevoked()
            if self._remote is None or self._remote.base_url != url.rstrip("/"):
                if self._remote is not None:
                    self._remote.close()
                self._remote = self._remote_factory(url)
            self._remote.set_token(token)
            return self._remote

        self._runner.run(connect, lambda _r: self._collect(), self._fail)

    def _check(self) -> bool:
        if self._cancel:
            self._fail(SyncCancelled())
            return False
        return True

    def _collect(self) -> None:
        if not self._check():
            return
        self.progress.emit(translate("SyncController", "Reuniendo cambios pendientes…"))
        store = self._store
        self._runner.run_db(lambda: sync_service.collect_push(store), self._exchange, self._fail)

    def _exchange(self, job: PushJob) -> None:
        if not self._check():
            return
        if job.empty:
            self._pull()
            return
        remote = self._remote
        assert remote is not None
        self.progress.emit(
            translate("SyncController", "Enviando {n} cambios…").format(n=len(job.plan.changes))
        )
        self._runner.run(
            lambda: sync_service.exchange_push(remote, job),
            lambda response: self._finish_push(job, response),
            self._fail,
        )

    def _finish_push(self, job: PushJob, response: protocol.PushResponse) -> None:
        store = self._store
        self._report.clock_skew_s = clock_skew_seconds(response.server_time, time.time())

        def done(acknowledged: int) -> None:
            self._report.acknowledged += acknowledged
            full = len(job.plan.changes) >= protocol.MAX_PUSH_CHANGES or (
                len(job.audit) >= protocol.MAX_PUSH_AUDIT_EVENTS
            )
            if full:
                self._collect()
            else:
                self._pull()

        # Acknowledged changes stop being pending: the views listing them refresh.
        self._runner.run_db(
            lambda: sync_service.finish_push(store, job, response),
            done,
            self._fail,
            changes={"sync"},
        )

    def _pull(self) -> None:
        if not self._check():
            return
        remote = self._remote
        assert remote is not None
        settings = self.settings
        if settings is not None and settings.role == "kiosk":
            self.progress.emit(translate("SyncController", "Descargando el padrón…"))
            self._runner.run(remote.registry, self._apply_registry, self._fail)
            return
        self.progress.emit(translate("SyncController", "Descargando cambios del servidor…"))
        store = self._store
        self._runner.run_db(
            lambda: int(store.get_setting(sync_state.SETTING_CURSOR, "0") or 0),
            self._exchange_pull,
            self._fail,
        )

    def _exchange_pull(self, cursor: int) -> None:
        remote = self._remote
        assert remote is not None
        self._runner.run(
            lambda: sync_service.exchange_pull(remote, cursor, cancelled=lambda: self._cancel),
            self._apply_pull,
            self._fail,
        )

    def _apply_pull(self, pulled: Pulled) -> None:
        if not self._check():
            return
        self.progress.emit(
            translate("SyncController", "Guardando {n} registros recibidos…").format(
                n=len(pulled.items)
            )
        )
        store = self._store
        skew = clock_skew_seconds(pulled.server_time, time.time()) if pulled.server_time else 0.0
        self._report.clock_skew_s = skew
        kinds = {item.entity for item in pulled.items}

        def apply() -> sync_state.Applied:
            return sync_state.apply_pull(
                store,
                pulled.items,
                pulled.cursor,
                server_time=pulled.server_time,
                clock_skew_s=skew,
            )

        def applied(result: sync_state.Applied) -> None:
            self._report.pulled, self._report.deleted = result.upserted, result.deleted
            if kinds:
                self._runner.changed.emit(kinds)
            self._summarize()

        self._runner.run_db(apply, applied, self._fail, changes={"sync", "settings"})

    def _apply_registry(self, body: dict[str, Any]) -> None:
        from desktop.core.trust import accept_registry

        store = self._store

        def apply() -> None:
            accept_registry(store, store.actor(None), body)
            store.set_setting(sync_state.SETTING_LAST_SYNC, sync_service.protocol_now())

        self._runner.run_db(
            apply,
            lambda _r: self._summarize(),
            self._fail,
            changes={"sync", "settings", "inspectors", "badges"},
        )

    def _summarize(self) -> None:
        store = self._store
        report = self._report

        def count() -> SyncSettings:
            report.pending = sync_state.pending_count(store.db)
            report.refused = sum(c.status == "refused" for c in sync_state.list_changes(store.db))
            report.conflicts = len(sync_state.open_conflict_keys(store.db))
            return read_settings(store)

        self._runner.run_db(count, self._done, self._fail)

    def _done(self, settings: SyncSettings) -> None:
        self._running = False
        self._settings_loaded(settings)
        self.clock_warning = sync_service.clock_warning(self._report.clock_skew_s, self._lang)
        self._set_state(ONLINE)
        report = self._report
        text = translate(
            "SyncController",
            "Sincronizado: {sent} enviados, {received} recibidos, {pending} pendientes, "
            "{refused} rechazados, {conflicts} conflictos.",
        ).format(
            sent=report.acknowledged,
            received=report.pulled + report.deleted,
            pending=report.pending,
            refused=report.refused,
            conflicts=report.conflicts,
        )
        self._set_message(text)
        self.progress.emit("")
        self.finished.emit(True)

    def _fail(self, error: BaseException) -> None:
        self._running = False
        self.progress.emit("")
        if isinstance(error, SyncCancelled) or (
            self._cancel and isinstance(error, sync_service.SyncFailed)
        ):
            self._set_state(IDLE)
            self._set_message(
                translate(
                    "SyncController", "Sincronización cancelada. Los cambios siguen pendientes."
                )
            )
        elif isinstance(error, AuthRevoked):
            self.timer.stop()
            self._set_state(REVOKED)
            self._set_message(
                translate(
                    "SyncController",
                    "El servidor ya no acepta este equipo (acceso revocado o sesión vencida). "
                    "La sincronización se detuvo; los cambios pendientes se conservan. "
                    "Inicie sesión de nuevo.",
                )
            )
            self._record_error(error)
        elif isinstance(error, RemoteUnavailable):
            self._set_state(OFFLINE)
            self._set_message(
                translate(
                    "SyncController", "Sin conexión con el servidor. Los cambios siguen pendientes."
                )
            )
            self._record_error(error)
        elif isinstance(error, RemoteError | Problem):
            self._set_state(ERROR)
            problem = sync_service.as_problem(error) if isinstance(error, RemoteError) else error
            self._set_message(problem.text(self._lang))
            self._record_error(error)
        else:
            log.error("sync failed", exc_info=(type(error), error, error.__traceback__))
            self._set_state(ERROR)
            self._set_message(
                translate(
                    "SyncController",
                    "La sincronización falló por un error interno; los datos se conservan.",
                )
            )
        self.refresh()
        self.finished.emit(False)

    # -- internals -----------------------------------------------------------------------

    def _record_error(self, error: BaseException) -> None:
        store = self._store
        text = getattr(error, "en", "") or type(error).__name__
        self._runner.run_db(lambda: sync_state.record_error(store, text), None, self._log_failure)

    def _signed_in(self, settings: SyncSettings, on_done: Callable[[], None]) -> None:
        self._settings_loaded(settings)
        self._set_message(translate("SyncController", "Sesión iniciada. Puede sincronizar."))
        self._set_state(IDLE)
        if not self.timer.isActive():
            self.timer.start()
        self.signed_in_changed.emit()
        on_done()

    def _settings_loaded(self, settings: SyncSettings) -> None:
        previous = self.settings
        self.settings = settings
        if settings.pending != self.pending:
            self.pending = settings.pending
            self.pending_changed.emit(settings.pending)
        if settings.last_success != self.last_success:
            self.last_success = settings.last_success
            self.last_success_changed.emit(settings.last_success)
        if self.clock_warning is None and settings.clock_skew_s:
            self.clock_warning = sync_service.clock_warning(settings.clock_skew_s, self._lang)
        if not self.signed_in and self.state == IDLE:
            self._set_state(SIGNED_OUT)
        if previous is None or (previous.server_url, previous.username) != (
            settings.server_url,
            settings.username,
        ):
            self.signed_in_changed.emit()

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.state_changed.emit(state)

    def _set_message(self, text: str) -> None:
        self.message = text
        self.message_changed.emit(text)

    def _records_changed(self, kinds: set[str]) -> None:
        # Any write may add a change-log row; the count is one cheap query.
        store = self._store
        self._runner.run_db(
            lambda: sync_state.pending_count(store.db), self._pending_loaded, self._log_failure
        )

    def _pending_loaded(self, count: int) -> None:
        if count != self.pending:
            self.pending = count
            self.pending_changed.emit(count)

    def _log_failure(self, error: BaseException) -> None:
        log.warning("sync status could not be read: %s", error)

"""Sync in the window: status bar and Sincronización screen, conflicts, offline, revoked token.

Every test talks to the real ``verifica-server`` on 127.0.0.1 (tests/sync_helpers.py) through
the real HTTP client; device tokens go to an in-memory keyring, never the user's real one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import keyring
import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sync_helpers import ADMIN_PASSWORD, Backend, Device, ServerProcess

from desktop.core import permits, roles, sync_service, users
from desktop.store import Store, open_store, sync_state
from desktop.ui import sync_controller as sc
from desktop.ui.main_window import MainWindow
from desktop.ui.sync_view import SyncView
from desktop.ui.tasks import TaskRunner
from sync.client import HttpRemote

WAIT_MS = 30_000

pytestmark = pytest.mark.usefixtures("memory_keyring")  # never the real OS keyring


def fast_remote(url: str) -> HttpRemote:
    """Few, quick retries: an unreachable server is reported in well under a second."""
    return HttpRemote(url, retries=1, backoff=0.01, connect_timeout=2.0, read_timeout=20.0)


@dataclass
class AppDevice:
    store: Store
    runner: TaskRunner
    window: MainWindow
    sync: sc.SyncController

    @property
    def view(self) -> SyncView:
        page = self.window.pages[roles.SYNC]
        assert isinstance(page, SyncView)
        return page

    def write(self, qtbot: QtBot, op: Callable[[Store], object], kinds: set[str]) -> None:
        """A use-case on the database worker, as a screen would run it."""
        store = self.store
        with qtbot.wait_signal(self.runner.changed, timeout=WAIT_MS):
            self.runner.run_db(lambda: op(store), changes=kinds)

    def sync_now(self, qtbot: QtBot) -> bool:
        with qtbot.wait_signal(self.sync.finished, timeout=WAIT_MS) as blocker:
            qtbot.mouseClick(self.view.sync_button, Qt.MouseButton.LeftButton)
            # The click returned while the sync goes on in the background.
            assert self.sync.running
        return bool(blocker.args[0])


@pytest.fixture
def open_device(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> Iterator[Callable[..., AppDevice]]:
    opened: list[tuple[AppDevice, object]] = []

    def make(name: str, sign_in_url: str | None = None) -> AppDevice:
        store = open_store(tmp_path / name)
        user = users.create_first_admin(
            store,
            username=f"admin-{name}",
            display_name="Administradora",
            password="contraseña-segura",
        )
        if sign_in_url is not None:
            remote = HttpRemote(sign_in_url)
            sync_service.sign_in(store, remote, sign_in_url, "admin", ADMIN_PASSWORD)
            remote.close()
        runner = TaskRunner("es")
        reader = store.reader()
        controller = sc.SyncController(
            store, runner, remote_factory=fast_remote, interval_ms=3_600_000, first_delay_ms=-1
        )
        window = MainWindow(
            store, runner, reader, user, lang="es", locale=QLocale("es_MX"), sync=controller
        )
        qtbot.addWidget(window)
        controller.start()
        window.show()
        window.show_section(roles.SYNC)
        qtbot.waitUntil(lambda: controller.settings is not None and window.status is not None)
        device = AppDevice(store, runner, window, controller)
        opened.append((device, reader))
        return device

    yield make
    for device, reader in opened:
        device.sync.stop()
        device.runner.shutdown()
        reader.close()  # type: ignore[attr-defined]
        device.store.close()


def _server_business_names(server: ServerProcess) -> set[str]:
    items, _ = server.admin().pull_all()
    return {i["data"]["name"] for i in items if i["entity"] == "businesses" and not i["deleted"]}


def test_pending_changes_become_synced_in_the_status_bar_and_the_sync_screen(
    qtbot: QtBot, open_device: Callable[..., AppDevice], server: ServerProcess
) -> None:
    d = open_device("laptop")
    view = d.view
    # Not signed in yet: the screen offers the sign-in and sync is off.
    assert d.sync.state == sc.SIGNED_OUT
    assert view.sign_in_button.isVisibleTo(view)
    assert not view.sync_button.isEnabled()
    dialog = view.open_sign_in()
    dialog.url_edit.setText(server.url)
    dialog.user_edit.setText("admin")
    dialog.password_edit.setText(ADMIN_PASSWORD)
    with qtbot.wait_signal(dialog.accepted, timeout=WAIT_MS):
        dialog.submit()
    assert view.user_label.text() == "admin"
    assert view.server_label.text() == server.url
    assert keyring.get_keyring().passwords  # type: ignore[attr-defined]
    assert view.sync_button.isEnabled()

    base = d.sync.pending
    for name in ("Tortillería Lupita", "Farmacia San Juan"):
        d.write(qtbot, lambda s, n=name: permits.create_business(s, s.actor(None), name=n),
                {"businesses"})  # fmt: skip
    qtbot.waitUntil(lambda: d.sync.pending == base + 2)
    qtbot.waitUntil(lambda: d.window.pending_label.text() == f"Pendientes: {base + 2}")
    qtbot.waitUntil(lambda: view.pending_list.topLevelItemCount() == base + 2)
    assert view.tabs.tabText(0) == f"Pendientes ({base + 2})"
    assert d.window.sync_text() == "Nunca sincronizado"

    assert d.sync_now(qtbot)
    assert d.sync.state == sc.ONLINE
    qtbot.waitUntil(lambda: d.window.pending_label.text() == "Pendientes: 0")
    qtbot.waitUntil(lambda: view.pending_list.topLevelItemCount() == 0)
    assert d.window.online_label.text() == "En línea"
    assert view.state_label.text() == "En línea"
    assert view.tabs.tabText(0) == "Pendientes (0)"
    qtbot.waitUntil(lambda: d.window.sync_text().startswith("Última sincronización: "))
    assert view.last_label.text() != "nunca"
    assert {"Tortillería Lupita", "Farmacia San Juan"} <= _server_business_names(server)


def test_a_case_edited_on_two_devices_is_resolved_in_the_dialog_and_both_end_equal(
    qtbot: QtBot, open_device: Callable[..., AppDevice], server: ServerProcess, tmp_path: Path
) -> None:
    backend = Backend("http", server)
    other = Device.open(tmp_path / "other", backend)
    try:
        business = other.business("Papelería El Lápiz")
        case = other.case(business)
        other.sync()
        d = open_device("laptop", sign_in_url=server.url)
        assert d.sync_now(qtbot)
        assert d.store.db.execute("SELECT 1 FROM permit_cases WHERE id = ?", [case]).fetchone()

        permits.change_status(other.store, other.actor, case, "en_revision")
        other.sync()
        d.write(
            qtbot,
            lambda s: permits.change_status(s, s.actor(None), case, "cancelado", "Desistió"),
            {"permit_cases"},
        )
        assert d.sync_now(qtbot)
        view = d.view
        qtbot.waitUntil(lambda: view.conflict_list.topLevelItemCount() == 1)
        assert view.tabs.tabText(2) == "Conflictos (1)"
        assert view.tabs.currentIndex() == 2

        dialog = view.open_conflict()
        assert dialog is not None
        conflict = dialog.conflict
        assert "status" in conflict.differing
        # Both versions side by side; differing rows are highlighted and offer a choice.
        rows = {dialog.table.item(r, 0).text(): r for r in range(dialog.table.rowCount())}
        status_row = rows["status"]
        assert dialog.table.item(status_row, 1).text() == "cancelado"
        assert dialog.table.item(status_row, 2).text() == "en_revision"
        assert dialog.table.item(status_row, 1).background().color().name() == "#fff3cd"
        assert set(dialog.radios) == set(conflict.differing)
        assert not dialog.save_button.isEnabled()  # nothing is chosen for the person
        for field in conflict.differing:
            local_radio, _remote_radio = dialog.radios[field]
            qtbot.mouseClick(local_radio, Qt.MouseButton.LeftButton)
        assert dialog.choices() == {f: "local" for f in conflict.differing}
        assert dialog.save_button.isEnabled()
        with qtbot.wait_signal(d.runner.changed, timeout=WAIT_MS):
            qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: view.conflict_list.topLevelItemCount() == 0)
        qtbot.waitUntil(lambda: d.sync.pending >= 1)  # the resolution is a new change

        assert d.sync_now(qtbot)
        qtbot.waitUntil(lambda: d.sync.pending == 0)
        other.sync()
        mine = other.record("permit_cases", case)
        assert mine is not None and mine["status"] == "cancelado"
        assert sync_state.read_record(d.store.db, "permit_cases", case) == mine
        assert sync_state.list_conflicts(d.store.db) == []
    finally:
        other.close()
        backend.close()


def test_offline_shows_offline_without_freezing_and_keeps_pending_changes(
    qtbot: QtBot, open_device: Callable[..., AppDevice], server: ServerProcess
) -> None:
    d = open_device("laptop", sign_in_url=server.url)
    assert d.sync_now(qtbot)
    server.stop()
    d.write(qtbot, lambda s: permits.create_business(s, s.actor(None), name="Sin red"),
            {"businesses"})  # fmt: skip
    qtbot.waitUntil(lambda: d.sync.pending == 1)

    assert not d.sync_now(qtbot)  # returns at once; the outcome arrives later
    assert d.sync.state == sc.OFFLINE
    assert d.window.online_label.text() == "Sin conexión"
    assert d.view.state_label.text() == "Sin conexión"
    assert "pendientes" in d.view.message_label.text()
    assert d.window.pending_label.text() == "Pendientes: 1"
    assert sync_state.pending_count(d.store.db) == 1
    qtbot.waitUntil(lambda: d.view.pending_list.topLevelItemCount() == 1)

    # Back online (on a new port: sign in there): the same pending change goes out.
    server.start()

    def sign_in_again(store: Store) -> None:
        remote = HttpRemote(server.url)
        try:
            sync_service.sign_in(store, remote, server.url, "admin", ADMIN_PASSWORD)
        finally:
            remote.close()

    d.write(qtbot, sign_in_again, {"settings"})
    d.sync.refresh()
    qtbot.waitUntil(
        lambda: d.sync.settings is not None and d.sync.settings.server_url == server.url
    )
    assert d.sync_now(qtbot)
    assert d.sync.state == sc.ONLINE
    assert "Sin red" in _server_business_names(server)


def test_a_bad_server_address_is_offline_not_a_crash(
    qtbot: QtBot, open_device: Callable[..., AppDevice], server: ServerProcess
) -> None:
    d = open_device("laptop", sign_in_url=server.url)
    url = "http://127.0.0.1:9"  # discard port: nothing listens there
    sync_service.save_token(url, d.store.device_id, "x")
    d.write(qtbot, lambda s: s.set_setting(sync_service.SETTING_URL, url), {"settings"})
    d.sync.refresh()
    qtbot.waitUntil(lambda: d.sync.settings is not None and d.sync.settings.server_url == url)
    assert not d.sync_now(qtbot)
    assert d.sync.state == sc.OFFLINE
    assert d.view.server_label.text() == url


def test_a_revoked_device_stops_says_so_and_keeps_pending_changes(
    qtbot: QtBot, open_device: Callable[..., AppDevice], server: ServerProcess
) -> None:
    d = open_device("laptop", sign_in_url=server.url)
    for line in server.cli("device", "list").stdout.splitlines():
        server.cli("device", "revoke", line.split()[0])
    d.write(qtbot, lambda s: permits.create_business(s, s.actor(None), name="Revocado"),
            {"businesses"})  # fmt: skip
    before = sync_state.pending_count(d.store.db)
    assert before >= 1
    qtbot.waitUntil(lambda: d.sync.pending == before)
    assert not d.sync_now(qtbot)
    assert d.sync.state == sc.REVOKED
    assert not d.sync.timer.isActive()  # no more background attempts
    assert "revocado" in d.view.message_label.text()
    assert d.window.online_label.text() == "Acceso del equipo revocado"
    assert "revocado" in d.window.statusBar().currentMessage()
    assert d.view.sign_in_button.isVisibleTo(d.view)
    assert not d.view.sync_button.isEnabled()
    assert sync_state.pending_count(d.store.db) == before


def test_a_cancelled_sync_stops_between_steps_and_keeps_pending_changes(
    qtbot: QtBot, open_device: Callable[..., AppDevice], server: ServerProcess
) -> None:
    d = open_device("laptop", sign_in_url=server.url)
    d.write(qtbot, lambda s: permits.create_business(s, s.actor(None), name="Cancelado"),
            {"businesses"})  # fmt: skip
    before = sync_state.pending_count(d.store.db)
    with qtbot.wait_signal(d.sync.finished, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(d.view.sync_button, Qt.MouseButton.LeftButton)
        assert d.view.cancel_button.isEnabled()
        qtbot.mouseClick(d.view.cancel_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [False]
    assert d.sync.state == sc.IDLE
    assert "cancelada" in d.view.message_label.text()
    assert sync_state.pending_count(d.store.db) == before
    assert "Cancelado" not in _server_business_names(server)
    assert d.sync_now(qtbot)  # the next sync sends it
    assert "Cancelado" in _server_business_names(server)


def test_a_wrong_password_is_shown_in_the_sign_in_dialog_and_nothing_is_kept(
    qtbot: QtBot, open_device: Callable[..., AppDevice], server: ServerProcess
) -> None:
    d = open_device("laptop")
    dialog = d.view.open_sign_in()
    dialog.url_edit.setText(server.url)
    dialog.user_edit.setText("admin")
    dialog.password_edit.setText("equivocada")
    dialog.submit()
    qtbot.waitUntil(lambda: dialog.error_label.isVisibleTo(dialog), timeout=WAIT_MS)
    assert dialog.error_label.text()
    assert dialog.isVisible() and dialog.ok_button.isEnabled()
    assert not keyring.get_keyring().passwords  # type: ignore[attr-defined]
    assert d.sync.state == sc.SIGNED_OUT

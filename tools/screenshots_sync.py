"""Screenshots of the Sincronización screen: pending changes, a conflict, the offline indicator.

Called from tools/screenshots.py; writes ``sync-pending.png``, ``sync-conflict.png`` and
``sync-offline.png``. The data is made by the real sync code against the in-memory server
(``sync.client.MemoryRemote``); the offline shot is a real sync attempt against a port where
nothing listens. Device tokens go to an in-memory keyring, never the user's real one.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from pathlib import Path

import keyring
from memory_keyring import MemoryKeyring  # tests/ (on the path via tools/screenshots.py)
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core import permits, roles, sync_service, users
from desktop.store import Store, open_store
from desktop.ui import sync_controller as sc
from desktop.ui.main_window import MainWindow
from desktop.ui.sync_view import SyncView
from desktop.ui.tasks import TaskRunner
from sync.client import HttpRemote, MemoryRemote

SERVER_URL = "https://verifica.municipio.gob.mx"
UNREACHABLE = "http://127.0.0.1:9"  # the discard port: nothing listens there


def _device(
    folder: Path, remote: MemoryRemote, username: str, name: str
) -> tuple[Store, users.User]:
    store = open_store(folder)
    user = users.create_first_admin(
        store, username=username, display_name=name, password="contraseña-segura"
    )
    sync_service.sign_in(store, remote, SERVER_URL, username, "x")
    return store, user


def _case(store: Store, business: str, folio: str) -> str:
    return permits.create_case(
        store, store.actor(None), folio=folio, business_id=business,
        received_date=dt.date(2026, 2, 3),
    )  # fmt: skip


def shoot_sync(
    out: Path,
    *,
    size: tuple[int, int],
    wait_until: Callable[[Callable[[], bool], str], None],
    save: Callable[[QWidget, Path], None],
) -> None:
    """Write the three Sincronización screenshots (Spanish)."""
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        with tempfile.TemporaryDirectory(prefix="verifica-sync-shots-") as tmp:
            _shoot(Path(tmp), out, size, wait_until, save)
    finally:
        keyring.set_keyring(previous)


def _shoot(
    tmp: Path,
    out: Path,
    size: tuple[int, int],
    wait_until: Callable[[Callable[[], bool], str], None],
    save: Callable[[QWidget, Path], None],
) -> None:
    server = MemoryRemote()
    office, _ = _device(tmp / "oficina", server, "laura", "Laura Méndez")
    laptop, user = _device(tmp / "laptop", server, "pedro", "Pedro Canul")
    business = permits.create_business(office, office.actor(None), name="Papelería El Lápiz")
    case = _case(office, business, "PC-2026-00417")
    sync_service.sync_now(office, server)
    sync_service.sync_now(laptop, server)
    # The same case changed on both sides while the laptop was offline: a conflict.
    permits.change_status(office, office.actor(None), case, "en_revision")
    sync_service.sync_now(office, server)
    permits.change_status(laptop, laptop.actor(user.id), case, "cancelado", "El titular desistió")
    sync_service.sync_now(laptop, server)
    # Work captured after the last sync: pending.
    for name in ("Tortillería La Güera", "Farmacia San Juan", "Estética Lupita"):
        made = permits.create_business(laptop, laptop.actor(user.id), name=name)
    _case(laptop, made, "PC-2026-00588")
    office.close()

    runner = TaskRunner("es")
    reader = laptop.reader()
    controller = sc.SyncController(
        laptop, runner,
        remote_factory=lambda _url: HttpRemote(UNREACHABLE, retries=0, connect_timeout=1.0),
        first_delay_ms=-1,
    )  # fmt: skip
    window = MainWindow(
        laptop, runner, reader, user, lang="es", locale=QLocale("es_MX"), sync=controller
    )
    try:
        window.resize(*size)
        controller.start()
        window.show()
        window.show_section(roles.SYNC)
        page = window.pages[roles.SYNC]
        assert isinstance(page, SyncView)
        wait_until(
            lambda: page.lists is not None and controller.pending > 0 and runner.pending == 0,
            "the sync lists",
        )
        page.tabs.setCurrentIndex(0)
        save(window, out / "sync-pending.png")

        page.tabs.setCurrentIndex(2)
        dialog = page.open_conflict()
        assert dialog is not None
        dialog.choose("status", "local")
        save(dialog, out / "sync-conflict.png")
        dialog.reject()

        controller.sync_now()
        wait_until(lambda: not controller.running and runner.pending == 0, "the offline sync")
        page.tabs.setCurrentIndex(0)
        QApplication.processEvents()
        save(window, out / "sync-offline.png")
    finally:
        controller.stop()
        window.close()
        window.deleteLater()
        QApplication.processEvents()
        runner.shutdown()
        reader.close()
        laptop.close()

"""Getting into and out of kiosk mode: ``verifica kiosk set-pin`` (a real subprocess),
``verifica kiosk`` refusing a bad source, ``run_kiosk`` recording scans as the device, and a
kiosk account signing in getting the kiosk instead of the main window (pytest-qt)."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
from desktop_cli import run_verifica
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import app as desktop_app
from desktop.core import kiosk_lock, users
from desktop.core.verification import NOT_ISSUED
from desktop.store import open_store
from desktop.ui.kiosk import KioskWindow
from desktop.ui.login import LoginDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import TaskRunner

PASSWORD = "contraseña-segura"
PIN = "736251"


@pytest.fixture
def kiosk_dir(tmp_path: Path) -> Path:
    """A data folder with an administrator, a clerk and a kiosk account."""
    data_dir = tmp_path / "quiosco"
    store = open_store(data_dir)
    admin = users.create_first_admin(
        store, username="admin", display_name="Admin", password=PASSWORD
    )
    for username, role in (("ventanilla", "clerk"), ("quiosco", "kiosk")):
        users.create_user(
            store, store.actor(admin.id), username=username, display_name=username,
            password=PASSWORD, role=role,
        )  # fmt: skip
    store.close()
    return data_dir


def verifica(
    data_dir: Path, *args: str, stdin: str = "", password: str = PASSWORD
) -> subprocess.CompletedProcess[str]:
    return run_verifica(
        "--data-dir", data_dir, *args, password=password, stdin=stdin, cwd=None
    )  # fmt: skip


def _pin_state(data_dir: Path, pin: str) -> tuple[bool, bool]:
    store = open_store(data_dir)
    try:
        return kiosk_lock.has_kiosk_pin(store), kiosk_lock.check_kiosk_pin(store, pin)
    finally:
        store.close()


def test_set_pin_needs_an_administrator_and_a_valid_pin(kiosk_dir: Path) -> None:
    refused = verifica(kiosk_dir, "kiosk", "set-pin", "--user", "ventanilla", stdin=PIN + "\n")
    assert refused.returncode == 2
    assert "Sólo un administrador" in refused.stderr
    wrong = verifica(
        kiosk_dir, "kiosk", "set-pin", "--user", "admin", stdin=PIN + "\n", password="otra"
    )
    assert wrong.returncode == 2
    short = verifica(kiosk_dir, "kiosk", "set-pin", "--user", "admin", stdin="12\n")
    assert short.returncode == 2
    assert "de 4 a 12 dígitos" in short.stderr
    assert _pin_state(kiosk_dir, PIN) == (False, False)

    done = verifica(kiosk_dir, "kiosk", "set-pin", "--user", "admin", stdin=PIN + "\n")
    assert done.returncode == 0, done.stderr
    assert "NIP del quiosco guardado" in done.stdout
    assert _pin_state(kiosk_dir, PIN) == (True, True)
    assert _pin_state(kiosk_dir, "000000") == (True, False)


def test_kiosk_refuses_a_bad_source_before_opening_a_window(kiosk_dir: Path) -> None:
    bad = verifica(kiosk_dir, "kiosk", "--source", "camera:uno")
    assert bad.returncode == 2
    assert "Cámara inválida" in bad.stderr
    missing = verifica(kiosk_dir, "--lang", "en", "kiosk", "--source", str(kiosk_dir / "no.mp4"))
    assert missing.returncode == 2 and missing.stderr.strip()


def _set_pin(data_dir: Path) -> None:
    store = open_store(data_dir)
    try:
        kiosk_lock.set_kiosk_pin(store, users.authenticate(store, "admin", PASSWORD), PIN)
    finally:
        store.close()


def _unlock(window: KioskWindow) -> None:
    window.idle.admin_button.click()
    window.unlock.pin.setText(PIN)
    window.unlock.unlock_button.click()


def test_run_kiosk_records_scans_as_the_device_and_the_pin_ends_it(
    qtbot: QtBot, qapp: QApplication, kiosk_dir: Path
) -> None:
    _set_pin(kiosk_dir)
    seen: dict[str, Any] = {}

    def drive() -> None:
        for widget in QApplication.topLevelWidgets():
            if not (isinstance(widget, KioskWindow) and widget.isVisible()):
                continue
            if "scanned" not in seen and widget.idle.age.text():
                seen["scanned"] = widget.submit_scan("https://example.com/x", from_wedge=True)
                widget.verdict_shown.connect(lambda kind: seen.setdefault("verdict", kind))
            elif "verdict" in seen and "unlock" not in seen:
                seen["unlock"] = True
                widget.go_idle()
                _unlock(widget)

    timer = QTimer()
    timer.timeout.connect(drive)
    timer.start(20)
    try:
        code = desktop_app.run_kiosk(
            kiosk_dir, source=None, location="Mercado Lucas de Gálvez", full_screen=False
        )
    finally:
        timer.stop()
    assert code == 0
    assert seen == {"scanned": True, "verdict": NOT_ISSUED, "unlock": True}
    store = open_store(kiosk_dir)
    try:
        rows = store.db.execute("SELECT location, verdict FROM verifications").fetchall()
        actors = store.db.execute(
            "SELECT user_id FROM change_log WHERE entity = 'verifications'"
        ).fetchall()
    finally:
        store.close()
    assert [tuple(r) for r in rows] == [("Mercado Lucas de Gálvez", NOT_ISSUED)]
    assert [tuple(r) for r in actors] == [(None,)]


def test_a_kiosk_account_signing_in_gets_the_kiosk_not_the_main_window(
    qtbot: QtBot, qapp: QApplication, kiosk_dir: Path
) -> None:
    _set_pin(kiosk_dir)
    seen: dict[str, Any] = {}

    def drive() -> None:
        for widget in QApplication.topLevelWidgets():
            dialog = widget if isinstance(widget, LoginDialog) else None
            if dialog is not None and dialog.isVisible() and dialog.state and "dialog" not in seen:
                seen["dialog"] = True
                dialog.username_edit.setText("quiosco")
                dialog.password_edit.setText(PASSWORD)
                dialog.submit_button.click()
            if isinstance(widget, MainWindow) and widget.isVisible():
                seen["main window"] = True
                widget.close()
            if isinstance(widget, KioskWindow) and widget.isVisible() and "kiosk" not in seen:
                seen["kiosk"] = widget.isFullScreen()
                assert widget.close() is False  # the window manager cannot close it
                _unlock(widget)

    timer = QTimer()
    timer.timeout.connect(drive)
    timer.start(20)
    try:
        code = desktop_app.run_app(kiosk_dir, lang="es", kiosk_source=None)
    finally:
        timer.stop()
    assert code == 0
    assert seen == {"dialog": True, "kiosk": True}


def test_every_kiosk_screen_fits_a_1366_by_768_screen(
    qtbot: QtBot, qapp: QApplication, kiosk_dir: Path
) -> None:
    store = open_store(kiosk_dir)
    runner = TaskRunner("es")
    window = KioskWindow(store, runner, store.actor(None))
    qtbot.addWidget(window, before_close_func=lambda w: w.shut_down())
    try:
        window.start(full_screen=False)
        with qtbot.waitSignal(window.verdict_shown, timeout=5000):
            window.submit_scan("https://example.com/falsa", from_wedge=False)
        assert window.verdict.headline.text() == "NO ES UNA CREDENCIAL DEL MUNICIPIO"
        window.complaint.contact_button.setChecked(True)  # the tallest form: contact fields
        window.complaint.show_error("Elija el tipo de denuncia.")  # and an error
        for index in range(window.stack.count()):
            screen = window.stack.widget(index)
            assert screen is not None
            screen.ensurePolished()
            hint = screen.minimumSizeHint()
            assert hint.width() <= 1366 and hint.height() <= 768, type(screen).__name__
        hint = window.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 768
    finally:
        window.shut_down()
        runner.shutdown()
        store.close()

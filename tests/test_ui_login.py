"""The sign-in dialog: wrong and right passwords, first run, demo accounts only in demo folders."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.core import users
from desktop.demo import create_demo
from desktop.store import Store, open_store
from desktop.ui.login import LoginDialog
from desktop.ui.tasks import TaskRunner

# The offscreen platform plugin warns about this whenever a window is shown; it is harmless.

DEMO_PASSWORD = "demo1234"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "data"
    create_demo(folder, cases=50)
    return folder


@pytest.fixture
def open_dialog(
    qtbot: QtBot, qapp: QApplication
) -> Iterator[Callable[[Path], tuple[LoginDialog, Store]]]:
    """Open a sign-in dialog on a data folder; everything is closed after the test."""
    opened: list[tuple[Store, TaskRunner]] = []

    def factory(data_dir: Path) -> tuple[LoginDialog, Store]:
        store = open_store(data_dir)
        runner = TaskRunner("es")
        opened.append((store, runner))
        dialog = LoginDialog(store, runner, "es")
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitUntil(lambda: dialog.state is not None)
        return dialog, store

    yield factory
    for store, runner in opened:
        runner.shutdown()
        store.close()


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(demo_template, folder)
    return folder


@pytest.fixture
def real_dir(tmp_path: Path) -> Path:
    """A non-demo folder with one administrator."""
    folder = tmp_path / "real"
    store = open_store(folder)
    users.create_first_admin(
        store, username="mlopez", display_name="Marta López", password="contraseña-segura"
    )
    store.close()
    return folder


def _sign_in(qtbot: QtBot, dialog: LoginDialog, username: str, password: str) -> None:
    dialog.username_edit.setText(username)
    dialog.password_edit.setText(password)
    qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)


def test_a_wrong_password_shows_the_error_and_keeps_the_dialog_open(
    qtbot: QtBot, open_dialog: Callable[[Path], tuple[LoginDialog, Store]], real_dir: Path
) -> None:
    dialog, _ = open_dialog(real_dir)
    _sign_in(qtbot, dialog, "mlopez", "no-es-esta")
    qtbot.waitUntil(lambda: "incorrectos" in dialog.error_label.text())
    assert dialog.error_label.text() == (
        "Usuario o contraseña incorrectos.\nRevise las mayúsculas y vuelva a intentarlo."
    )
    assert dialog.isVisible() and dialog.result() == 0
    assert dialog.user is None
    assert dialog.password_edit.text() == ""  # ready for another try
    assert dialog.submit_button.isEnabled()


def test_the_right_password_signs_in(
    qtbot: QtBot, open_dialog: Callable[[Path], tuple[LoginDialog, Store]], real_dir: Path
) -> None:
    dialog, _ = open_dialog(real_dir)
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        _sign_in(qtbot, dialog, "mlopez", "contraseña-segura")
    assert dialog.user is not None
    assert (dialog.user.username, dialog.user.role) == ("mlopez", "admin")


def test_empty_fields_are_refused_without_asking_the_database(
    qtbot: QtBot, open_dialog: Callable[[Path], tuple[LoginDialog, Store]], real_dir: Path
) -> None:
    dialog, _ = open_dialog(real_dir)
    _sign_in(qtbot, dialog, "mlopez", "")
    assert dialog.error_label.text() == "Escriba su usuario y su contraseña."
    assert dialog.submit_button.isEnabled()


def test_the_first_run_creates_the_administrator_and_signs_in(
    qtbot: QtBot, open_dialog: Callable[[Path], tuple[LoginDialog, Store]], tmp_path: Path
) -> None:
    dialog, store = open_dialog(tmp_path / "empty")
    assert dialog.is_first_run
    assert not dialog.demo_box.isVisible()
    dialog.admin_name_edit.setText("Marta López Canul")
    dialog.admin_username_edit.setText("mlopez")
    dialog.admin_password_edit.setText("contraseña-segura")
    dialog.admin_confirm_edit.setText("contraseña-segura")
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(dialog.admin_confirm_edit, Qt.Key.Key_Return)
    assert dialog.user is not None and dialog.user.role == "admin"
    row = store.db.execute("SELECT display_name, role, password_hash FROM users").fetchall()
    assert len(row) == 1 and row[0][:2] == ("Marta López Canul", "admin")
    assert row[0][2].startswith("$argon2id$")


def test_the_first_run_refuses_a_confirmation_that_does_not_match(
    qtbot: QtBot, open_dialog: Callable[[Path], tuple[LoginDialog, Store]], tmp_path: Path
) -> None:
    dialog, store = open_dialog(tmp_path / "empty")
    dialog.admin_name_edit.setText("Marta López")
    dialog.admin_username_edit.setText("mlopez")
    dialog.admin_password_edit.setText("contraseña-segura")
    dialog.admin_confirm_edit.setText("contraseña-segurx")
    qtbot.keyClick(dialog.admin_confirm_edit, Qt.Key.Key_Return)
    assert "no coinciden" in dialog.error_label.text()
    assert not users.has_users(store)


def test_the_first_run_shows_the_cores_refusal_of_a_short_password(
    qtbot: QtBot, open_dialog: Callable[[Path], tuple[LoginDialog, Store]], tmp_path: Path
) -> None:
    dialog, store = open_dialog(tmp_path / "empty")
    dialog.admin_name_edit.setText("Marta López")
    dialog.admin_username_edit.setText("mlopez")
    dialog.admin_password_edit.setText("corta")
    dialog.admin_confirm_edit.setText("corta")
    qtbot.keyClick(dialog.admin_confirm_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "al menos 8 caracteres" in dialog.error_label.text())
    assert dialog.isVisible() and not users.has_users(store)


def test_demo_accounts_are_listed_in_a_demo_folder_and_a_click_fills_the_fields(
    qtbot: QtBot, open_dialog: Callable[[Path], tuple[LoginDialog, Store]], demo_dir: Path
) -> None:
    dialog, _ = open_dialog(demo_dir)
    assert dialog.demo_box.isVisible()
    table = dialog.demo_table
    listed = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert {"admin", "capturista", "contraloria"} <= set(listed)
    row = listed.index("capturista")
    assert table.item(row, 1).text() == DEMO_PASSWORD
    assert table.item(row, 2).text() == "Capturista"  # the role in Spanish
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.username_edit.text() == "capturista"
    assert dialog.password_edit.text() == DEMO_PASSWORD
    with qtbot.waitSignal(dialog.accepted, timeout=5000):
        qtbot.keyClick(dialog.password_edit, Qt.Key.Key_Return)
    assert dialog.user is not None and dialog.user.role == "clerk"


def test_demo_accounts_are_never_listed_in_a_real_folder(
    qtbot: QtBot, open_dialog: Callable[[Path], tuple[LoginDialog, Store]], real_dir: Path
) -> None:
    # Even a leftover demo_logins setting must not show when the folder is not a demo folder.
    store = open_store(real_dir)
    store.set_setting("demo_logins", '[{"username": "admin", "password": "x", "role": "admin"}]')
    store.close()
    dialog, _ = open_dialog(real_dir)
    assert not dialog.is_first_run
    assert not dialog.demo_box.isVisible()
    assert dialog.demo_table.rowCount() == 0

"""The main window: case count, sections by role, status bar, about box, shortcuts."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QDateTime, QLocale, Qt, QTime, QTimeZone
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop import __version__
from desktop.core import roles, users
from desktop.demo import create_demo
from desktop.store import open_store
from desktop.store.schema import SCHEMA_VERSION
from desktop.ui.inspections_view import InspectionsView
from desktop.ui.main_window import MainWindow
from desktop.ui.pages import PAGE_FACTORIES
from desktop.ui.tasks import TaskRunner

# The offscreen platform plugin warns about this whenever a window is shown; it is harmless.

OpenWindow = Callable[..., MainWindow]


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory, demo_template: Path) -> Path:
    """A small demo folder these tests only read (sign-in audits are the only writes)."""
    folder = tmp_path_factory.mktemp("demo") / "data"
    shutil.copytree(demo_template, folder)
    return folder


@pytest.fixture
def open_window(qtbot: QtBot, qapp: QApplication) -> Iterator[OpenWindow]:
    """Sign a demo user in (through the core) and open the main window for them."""
    opened = []

    def factory(data_dir: Path, username: str = "admin", password: str = "demo1234") -> MainWindow:
        store = open_store(data_dir)
        runner = TaskRunner("es")
        reader = store.reader()
        opened.append((store, runner, reader))
        user = users.authenticate(store, username, password)
        window = MainWindow(store, runner, reader, user, lang="es", locale=QLocale("es_MX"))
        qtbot.addWidget(window)
        window.show()
        qtbot.waitUntil(lambda: window.status is not None)
        if window.cases_view is not None:
            qtbot.waitUntil(lambda: window.cases_view.model.rowCount() > 0)
        return window

    yield factory
    for store, runner, reader in opened:
        runner.shutdown()
        reader.close()
        store.close()


def _section_titles(window: MainWindow) -> list[str]:
    return [window.navigation.item(i).text() for i in range(window.navigation.count())]


def test_the_main_window_on_a_default_demo_folder_shows_2000_cases(
    open_window: OpenWindow, tmp_path: Path
) -> None:
    create_demo(tmp_path / "demo")  # the default demo: 2,000 cases
    window = open_window(tmp_path / "demo")
    assert window.cases_view is not None
    assert window.cases_view.heading.text() == "2,000 expedientes"
    assert window.cases_view.model.rowCount() == 2000
    assert window.current_section() == "cases"


def test_an_administrator_sees_every_section_in_order(
    open_window: OpenWindow, demo_dir: Path
) -> None:
    window = open_window(demo_dir, "admin")
    assert _section_titles(window) == [
        "Expedientes",
        "Inspecciones",
        "Denuncias",
        "Padrón",
        "Tablero",
        "Sincronización",
    ]


def test_the_comptroller_sees_complaints_and_the_clerk_does_not(
    open_window: OpenWindow, demo_dir: Path
) -> None:
    comptroller = open_window(demo_dir, "contraloria")
    clerk = open_window(demo_dir, "capturista")
    assert "Denuncias" in _section_titles(comptroller)
    assert "Denuncias" not in _section_titles(clerk)
    assert "Expedientes" in _section_titles(clerk)
    assert "complaints" not in clerk.pages  # not merely hidden: never built
    assert not clerk.show_section("complaints")


def test_a_kiosk_account_sees_no_sections_and_a_polite_notice(
    open_window: OpenWindow, demo_dir: Path
) -> None:
    window = open_window(demo_dir, "quiosco")
    assert window.navigation.count() == 0
    assert "modo quiosco" in window.kiosk_label.text()
    assert not window.search_action.isEnabled()


def test_every_section_has_its_page_and_inspections_is_the_day_plan(
    open_window: OpenWindow, demo_dir: Path
) -> None:
    assert set(PAGE_FACTORIES) == set(roles.SECTIONS)
    window = open_window(demo_dir, "admin")
    window.show_section("inspections")
    page = window.stack.currentWidget()
    assert isinstance(page, InspectionsView)


def test_the_status_bar_shows_who_where_and_when_last_synced(
    open_window: OpenWindow, demo_dir: Path
) -> None:
    window = open_window(demo_dir, "capturista")
    assert window.user_label.text() == "Karla Itzel Hernández May · Capturista"
    assert str(demo_dir) in window.folder_label.text()
    assert window.sync_label.text() == "Nunca sincronizado"
    assert window.demo_label.isVisible()


def test_the_status_bar_shows_the_last_sync_time_in_local_format(
    qtbot: QtBot, open_window: OpenWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "synced"
    create_demo(folder, cases=10)
    store = open_store(folder)
    store.set_setting("last_sync_at", "2026-03-05T17:30:00.000000Z")
    store.close()
    window = open_window(folder)
    utc = QDateTime(QDate(2026, 3, 5), QTime(17, 30), QTimeZone.utc())
    local = utc.toLocalTime()
    assert window.sync_label.text().startswith(
        f"Última sincronización: {local.date().toString('dd/MM/yyyy')} "
    )
    assert QLocale("es_MX").toString(local.time(), QLocale.FormatType.ShortFormat) in (
        window.sync_label.text()
    )


def test_the_about_box_shows_versions_and_the_data_folder(
    qtbot: QtBot, open_window: OpenWindow, demo_dir: Path
) -> None:
    window = open_window(demo_dir)
    window.about_action.trigger()
    box = window.about_box
    assert box is not None and box.isVisible()
    assert __version__ in box.text()
    assert f"Versión del esquema de datos: {SCHEMA_VERSION}" in box.text()
    assert str(demo_dir) in box.text()
    box.close()


def test_ctrl_number_switches_sections_and_ctrl_f_focuses_the_search(
    qtbot: QtBot, open_window: OpenWindow, demo_dir: Path
) -> None:
    window = open_window(demo_dir, "admin")
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_section() == "complaints"
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_section() == "cases"
    assert window.cases_view is not None
    qtbot.waitUntil(window.cases_view.search_edit.hasFocus)


def test_ctrl_q_closes_the_window(qtbot: QtBot, open_window: OpenWindow, demo_dir: Path) -> None:
    window = open_window(demo_dir)
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert not window.isVisible()

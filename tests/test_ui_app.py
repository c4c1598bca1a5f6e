"""run_app: a refused data folder is explained and left unchanged; a good one opens and closes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop import app as desktop_app
from desktop.demo import create_demo
from desktop.ui.login import LoginDialog
from desktop.ui.main_window import MainWindow

# The offscreen platform plugin warns about this whenever a window is shown; it is harmless.


@pytest.fixture
def critical_calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record QMessageBox.critical instead of blocking on it."""
    calls: list[tuple[str, str]] = []

    def fake(_parent: Any, title: str, text: str, *args: Any) -> QMessageBox.StandardButton:
        calls.append((title, text))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", staticmethod(fake))
    return calls


def test_a_file_that_is_not_sqlite_is_explained_and_left_alone(
    qapp: QApplication, tmp_path: Path, critical_calls: list[tuple[str, str]]
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    junk = b"esto no es una base de datos\n" * 10
    (data_dir / "verifica.db").write_bytes(junk)
    hook = sys.excepthook

    code = desktop_app.run_app(data_dir, lang="es")

    assert code == 2
    assert len(critical_calls) == 1
    title, text = critical_calls[0]
    assert title == "Verifica no puede abrir la carpeta de datos"
    assert "no es una base de datos de Verifica (no es SQLite)" in text
    assert "No se modificó" in text
    assert (data_dir / "verifica.db").read_bytes() == junk
    assert sorted(p.name for p in data_dir.iterdir()) == ["verifica.db"]
    assert sys.excepthook is hook


def test_the_refusal_is_in_english_with_lang_en(
    qapp: QApplication, tmp_path: Path, critical_calls: list[tuple[str, str]]
) -> None:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "verifica.db").write_text("hello")
    assert desktop_app.run_app(data_dir, lang="en") == 2
    assert "is not a Verifica database (not SQLite)" in critical_calls[0][1]


def test_run_app_signs_in_opens_the_main_window_and_exits_cleanly(
    qtbot: QtBot, qapp: QApplication, tmp_path: Path
) -> None:
    data_dir = tmp_path / "demo"
    create_demo(data_dir, cases=20)
    seen: dict[str, Any] = {}

    def drive() -> None:
        # Runs inside run_app's event loops: fill the dialog, then close the main window.
        for widget in QApplication.topLevelWidgets():
            ready = isinstance(widget, LoginDialog) and widget.isVisible() and widget.state
            if ready and "dialog" not in seen:
                seen["dialog"] = True
                widget.username_edit.setText("admin")
                widget.password_edit.setText("demo1234")
                widget.submit_button.click()
            if isinstance(widget, MainWindow) and widget.isVisible():
                view = widget.cases_view
                if view is not None and view.model.rowCount() == 20:
                    seen["heading"] = view.heading.text()
                    timer.stop()
                    widget.close()

    timer = QTimer()
    timer.timeout.connect(drive)
    timer.start(20)
    quit_on_close = qapp.quitOnLastWindowClosed()
    try:
        code = desktop_app.run_app(data_dir, lang="es")
    finally:
        timer.stop()
    assert code == 0
    assert seen == {"dialog": True, "heading": "20 expedientes"}
    assert qapp.quitOnLastWindowClosed() == quit_on_close
    assert (data_dir / "logs" / "verifica.log").exists()


def test_an_unexpected_error_in_a_callback_is_logged_and_apologised_for(
    qtbot: QtBot, qapp: QApplication, caplog: pytest.LogCaptureFixture
) -> None:
    printed: list[type[BaseException]] = []
    hook = desktop_app.make_excepthook("es", lambda t, e, tb: printed.append(t))
    try:
        raise KeyError("detalle interno")
    except KeyError as exc:
        hook(type(exc), exc, exc.__traceback__)
    boxes = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]
    assert len(boxes) == 1
    assert "Sus datos están a salvo" in boxes[0].text()
    assert "detalle interno" not in boxes[0].text()
    assert any(r.exc_info and r.exc_info[0] is KeyError for r in caplog.records)
    assert printed == []  # handled: the default hook did not print it
    boxes[0].close()

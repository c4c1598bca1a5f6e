"""The task runner: database work on one worker, results and failures back on the GUI thread."""

from __future__ import annotations

import threading

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from pytestqt.qtbot import QtBot

from desktop.errors import InvalidInput
from desktop.ui.tasks import TaskRunner

# The offscreen platform plugin warns about this whenever a window is shown; it is harmless.


def _close_message_boxes() -> list[str]:
    texts = []
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            texts.append(widget.text())
            widget.close()
    return texts


def test_database_work_runs_on_one_worker_and_success_comes_back_on_the_gui_thread(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    worker_threads: set[str] = set()
    results: list[tuple[int, bool]] = []

    def op(i: int) -> int:
        worker_threads.add(threading.current_thread().name)
        return i

    for i in range(5):
        runner.run_db(
            lambda i=i: op(i),
            lambda value: results.append(
                (value, threading.current_thread() is threading.main_thread())
            ),
        )
    qtbot.waitUntil(lambda: len(results) == 5)
    assert [value for value, _ in results] == [0, 1, 2, 3, 4]  # one worker: submission order
    assert all(on_gui for _, on_gui in results)
    assert len(worker_threads) == 1 and threading.main_thread().name not in worker_threads
    assert runner.pending == 0


def test_pool_work_runs_off_the_gui_thread(qtbot: QtBot, runner: TaskRunner) -> None:
    seen: list[bool] = []
    runner.run(
        lambda: threading.current_thread() is threading.main_thread(),
        seen.append,
    )
    qtbot.waitUntil(lambda: seen == [False])


def test_a_failure_goes_to_the_failure_handler_on_the_gui_thread(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    failures: list[tuple[BaseException, bool]] = []

    def op() -> None:
        raise InvalidInput("No.", "No.")

    runner.run_db(
        op,
        lambda _: pytest.fail("success handler called after a failure"),
        lambda e: failures.append((e, threading.current_thread() is threading.main_thread())),
    )
    qtbot.waitUntil(lambda: len(failures) == 1)
    assert isinstance(failures[0][0], InvalidInput) and failures[0][1]


def test_a_successful_write_announces_what_it_changed(qtbot: QtBot, runner: TaskRunner) -> None:
    with qtbot.waitSignal(runner.changed, timeout=5000) as signal:
        runner.run_db(lambda: None, changes={"permit_cases"})
    assert signal.args == [{"permit_cases"}]


def test_a_failed_write_announces_nothing(qtbot: QtBot, runner: TaskRunner) -> None:
    failures: list[BaseException] = []
    announced: list[set[str]] = []
    runner.changed.connect(announced.append)

    def op() -> None:
        raise InvalidInput("No.", "No.")

    runner.run_db(op, None, failures.append, changes={"permit_cases"})
    qtbot.waitUntil(lambda: len(failures) == 1)
    assert announced == []


def test_the_default_failure_handler_shows_a_problem_as_it_is(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    def op() -> None:
        raise InvalidInput("Falta el motivo.", "The reason is missing.", hint_es="Escríbalo.")

    runner.run_db(op)
    qtbot.waitUntil(lambda: runner.pending == 0)
    assert _close_message_boxes() == ["Falta el motivo.\nEscríbalo."]


def test_the_default_failure_handler_logs_a_bug_and_apologises(
    qtbot: QtBot, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    def op() -> None:
        raise ZeroDivisionError("boom")

    runner.run_db(op)
    qtbot.waitUntil(lambda: runner.pending == 0)
    texts = _close_message_boxes()
    assert len(texts) == 1 and "error inesperado" in texts[0]
    assert "boom" not in texts[0]  # no traceback for the user…
    bug = [r for r in caplog.records if r.exc_info]
    assert bug and bug[0].exc_info[0] is ZeroDivisionError  # …but one in the log


def test_shutdown_waits_for_queued_database_work(qapp: QApplication) -> None:
    runner = TaskRunner()
    release = threading.Event()
    done: list[int] = []
    runner.run_db(lambda: release.wait(5))
    runner.run_db(lambda: done.append(1))
    release.set()
    runner.shutdown()
    assert done == [1]
    with pytest.raises(RuntimeError):
        runner.run_db(lambda: None)


def test_a_result_for_a_screen_closed_meanwhile_is_dropped_and_the_write_still_announced(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    label = QLabel("Cargando…")
    release = threading.Event()
    written: list[int] = []

    def write() -> int:
        release.wait(5)
        written.append(1)
        return 1

    runner.run_db(write, lambda n: label.setText(str(n)), changes={"inspections"})
    shiboken6.delete(label)  # the screen closes while its job still runs
    with qtbot.waitSignal(runner.changed, timeout=5000) as announced:
        release.set()
    assert written == [1] and announced.args == [{"inspections"}]
    # A genuine bug in a handler still surfaces.
    with qtbot.capture_exceptions() as raised, qtbot.waitSignal(runner.changed, timeout=5000):
        runner.run_db(lambda: 0, lambda n: [][n], changes={"x"})
    assert [type(e[1]) for e in raised] == [IndexError]

"""Long database work with a progress dialog and a cancel button, and small read helpers.

:func:`run_with_progress` runs a core use-case that accepts ``on_progress(done, total)`` and
``is_cancelled()`` on the database worker; the callbacks cross to the GUI thread through a signal,
and the cancel button sets a flag the use-case checks (it then rolls everything back).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from desktop.ui.tasks import TaskRunner

translate = QCoreApplication.translate

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ProgressBridge(QObject):
    """Carries progress from the worker to the GUI thread and the cancel request back.

    Signals:
        progressed(int, int): done and total, emitted from the worker thread.
    """

    progressed = Signal(int, int)

    def __init__(self, dialog: QProgressDialog) -> None:
        super().__init__(dialog)
        self._dialog = dialog
        self._cancel = threading.Event()
        # A queued connection to this object's own slot: Qt drops it safely once we are gone.
        self.progressed.connect(self._show, Qt.ConnectionType.QueuedConnection)
        dialog.canceled.connect(self.cancel)

    def report(self, done: int, total: int) -> None:
        self.progressed.emit(done, total)

    @Slot()
    def cancel(self) -> None:
        self._cancel.set()

    def is_cancelled(self) -> bool:
        return self._cancel.is_set()

    @Slot(int, int)
    def _show(self, done: int, total: int) -> None:
        self._dialog.setMaximum(total)
        self._dialog.setValue(done)


def run_with_progress(
    runner: TaskRunner,
    parent: QWidget,
    label: str,
    op: Callable[[Progress, Cancelled], Any],
    on_success: Callable[[Any], None],
    on_failure: Callable[[BaseException], None] | None = None,
    *,
    changes: frozenset[str] = frozenset(),
) -> QProgressDialog:
    """Run ``op(on_progress, is_cancelled)`` on the database worker behind a progress dialog.

    The dialog (and its bridge, a child of it) is parented to ``parent`` and only hidden when
    the work ends; Qt deletes it with ``parent``.
    """
    dialog = QProgressDialog(label, translate("case_tasks", "Cancelar"), 0, 0, parent)
    dialog.setObjectName("progressDialog")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    bridge = ProgressBridge(dialog)

    def finish() -> None:
        dialog.canceled.disconnect(bridge.cancel)
        dialog.reset()
        dialog.hide()

    def succeeded(result: Any) -> None:
        finish()
        on_success(result)

    def failed(error: BaseException) -> None:
        finish()
        (on_failure or runner.report_failure)(error)

    runner.run_db(
        lambda: op(bridge.report, bridge.is_cancelled), succeeded, failed, changes=changes
    )
    return dialog

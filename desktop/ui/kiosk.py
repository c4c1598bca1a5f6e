"""Kiosk mode ("Verifica y Califica"): the full-screen window and its flow.

idle → (camera or keyboard-wedge scan) → verdict → rating → thanks, or → complaint → receipt;
every screen returns to idle after ``idle_seconds`` without input. Nothing else of the app is
reachable: Esc does nothing, closing the window (Alt+F4) is refused until an administrator types
the kiosk PIN (``desktop.core.kiosk_lock``).

The keyboard-wedge reader types the badge URL and Enter. On the screens where the camera scans
(idle and verdict) an application-level event filter collects printable keystrokes and submits
them on Enter; on the form screens keystrokes go to the fields as usual.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent
from PySide6.QtWidgets import QApplication, QStackedWidget, QVBoxLayout, QWidget

from desktop.core import kiosk_intake, kiosk_lock, trust
from desktop.core.kiosk_intake import ComplaintReceipt, ScanOutcome
from desktop.scan.sources import FrameSource
from desktop.store import Store
from desktop.store.db import Actor
from desktop.ui import messages
from desktop.ui.camera import DISCONNECTED, CameraWorker
from desktop.ui.kiosk_screens import (
    KIOSK_QSS,
    ComplaintScreen,
    IdleScreen,
    MessageScreen,
    RatingScreen,
    ReceiptScreen,
    UnlockScreen,
    VerdictScreen,
)
from desktop.ui.tasks import TaskRunner

log = logging.getLogger(__name__)

# Keystrokes further apart than this start a new wedge text (people type slower than readers).
WEDGE_GAP = 0.5
WEDGE_MAX = 600
_INPUT_EVENTS = (
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.TouchBegin,
    QEvent.Type.Wheel,
)


class KioskWindow(QWidget):
    """The kiosk: one full-screen window holding every screen.

    Signals:
        verdict_shown(str): a verdict kind has been put on screen.
        rating_saved(str): the id of a stored rating.
        complaint_saved(str): the folio of a stored complaint.
        returned_to_idle(): the idle screen is showing again.
        exited(): the administrator PIN was accepted and the window closed.
    """

    verdict_shown = Signal(str)
    rating_saved = Signal(str)
    complaint_saved = Signal(str)
    returned_to_idle = Signal()
    exited = Signal()

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        actor: Actor,
        *,
        open_source: Callable[[], FrameSource] | None = None,
        location: str = "",
        lang: str = "es",
        idle_seconds: float | None = None,
        camera_options: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Args:
        store, runner: the kiosk's store and task runner (all database work goes through it).
        actor: who the scans, ratings and complaints are recorded as.
        open_source: makes the camera's frame source; ``None`` runs without a camera (a
            keyboard-wedge reader only).
        location: where the kiosk stands, stored with each verification and complaint.
        idle_seconds: inactivity before returning to idle (default: the device setting).
        camera_options: keyword arguments for :class:`CameraWorker` (tests shorten waits).
        """
        super().__init__(parent)
        self.setObjectName("kiosk")
        self.setStyleSheet(KIOSK_QSS)
        self.setWindowTitle(self.tr("Verifica y Califica"))
        self.setWindowFlag(Qt.WindowType.FramelessWindowHint)
        self._store = store
        self._runner = runner
        self._actor = actor
        self._lang = lang
        self._location = location
        self._unlocked = False
        self._busy = False
        self._outcome: ScanOutcome | None = None
        self._wedge: list[str] = []
        self._wedge_at = 0.0

        self.idle = IdleScreen()
        self.verdict = VerdictScreen()
        self.rating = RatingScreen()
        self.complaint = ComplaintScreen()
        self.receipt = ReceiptScreen()
        self.thanks = MessageScreen()
        self.unlock = UnlockScreen()
        self.stack = QStackedWidget()
        for screen in (self.idle, self.verdict, self.rating, self.complaint, self.receipt,
                       self.thanks, self.unlock):  # fmt: skip
            self.stack.addWidget(screen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.idle.admin_requested.connect(self._ask_pin)
        self.verdict.rate.connect(self._start_rating)
        self.verdict.complain.connect(self._start_complaint)
        self.verdict.done.connect(self.go_idle)
        self.rating.submitted.connect(self._save_rating)
        self.rating.cancelled.connect(self._back_to_verdict)
        self.complaint.submitted.connect(self._save_complaint)
        self.complaint.cancelled.connect(self._back_to_verdict)
        self.receipt.done.connect(self.go_idle)
        self.thanks.done.connect(self.go_idle)
        self.unlock.unlock.connect(self._try_unlock)
        self.unlock.cancelled.connect(self.go_idle)

        seconds = idle_seconds if idle_seconds is not None else kiosk_lock.idle_seconds(store)
        self.inactivity = QTimer(self)
        self.inactivity.setSingleShot(True)
        self.inactivity.setInterval(max(1, int(seconds * 1000)))
        self.inactivity.timeout.connect(self.go_idle)

        self.camera: CameraWorker | None = None
        if open_source is not None:
            self.camera = CameraWorker(open_source, lang=lang, **(camera_options or {}))
            self.camera.frame_ready.connect(self.idle.preview.show_frame)
            self.camera.scanned.connect(lambda text: self.submit_scan(text, from_wedge=False))
            self.camera.status_changed.connect(self._camera_status)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._refresh_age()

    # -- lifecycle -------------------------------------------------------------------------

    def start(self, *, full_screen: bool = True) -> None:
        """Show the kiosk (full screen unless told otherwise) and start the camera."""
        if full_screen:
            self.showFullScreen()
        else:
            self.show()
        if self.camera is not None and not self.camera.isRunning():
            self.camera.start()

    @property
    def unlocked(self) -> bool:
        return self._unlocked

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._unlocked:
            event.ignore()  # Alt+F4 and the window manager's close do nothing
            return
        self.shut_down()
        event.accept()

    def shut_down(self) -> None:
        """Stop the camera and timers and release the keyboard (closing, or the app quitting)."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        self.inactivity.stop()
        if self.camera is not None:
            self.camera.stop()
        self.receipt.clear()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.accept()  # Esc and the rest stop here: nothing leaves kiosk mode by keyboard

    # -- screens ---------------------------------------------------------------------------

    def current_screen(self) -> QWidget | None:
        return self.stack.currentWidget()

    def _scanning(self) -> bool:
        return self.stack.currentWidget() in (self.idle, self.verdict)

    def _show(self, screen: QWidget) -> None:
        self.stack.setCurrentWidget(screen)
        if screen is self.idle:
            self.inactivity.stop()
        else:
            self.inactivity.start()

    def go_idle(self) -> None:
        """Back to the start: forget the person's scan, rating, complaint and receipt."""
        self._outcome = None
        self.rating.reset()
        self.complaint.reset()
        self.receipt.clear()
        self.unlock.reset()
        # The camera's debouncer is left alone: a badge still held up when the screen resets is
        # the same presentation, and one taken away for a few seconds counts again by itself.
        self._wedge.clear()
        self._show(self.idle)
        self._refresh_age()
        self.returned_to_idle.emit()

    def _back_to_verdict(self) -> None:
        self._show(self.verdict if self._outcome is not None else self.idle)

    def _start_rating(self) -> None:
        self.rating.reset()
        self._show(self.rating)

    def _start_complaint(self) -> None:
        self.complaint.reset()
        self._show(self.complaint)

    def _ask_pin(self) -> None:
        self.unlock.reset()
        self._show(self.unlock)

    # -- registry age ----------------------------------------------------------------------

    def _refresh_age(self) -> None:
        store = self._store
        self._runner.run_db(
            lambda: (kiosk_intake.registry_age(store), trust.max_registry_age(store)),
            self._show_age,
            lambda error: log.warning("registry age unavailable: %s", error),
        )

    def age_text(self, age: dt.timedelta | None) -> str:
        if age is None:
            return self.tr("Este equipo aún no tiene el padrón de inspectores")
        days = age.days
        if days == 1:
            return self.tr("Padrón actualizado hace 1 día")
        if days > 1:
            return self.tr("Padrón actualizado hace %1 días").replace("%1", str(days))
        hours = max(0, int(age.total_seconds() // 3600))
        if hours == 1:
            return self.tr("Padrón actualizado hace 1 hora")
        return self.tr("Padrón actualizado hace %1 horas").replace("%1", str(hours))

    def _show_age(self, result: tuple[dt.timedelta | None, dt.timedelta]) -> None:
        age, limit = result
        text = self.age_text(age)
        self.idle.age.setText(text)
        stale = age is None or age > limit
        self.idle.age.setProperty("stale", "true" if stale else "false")
        self.idle.age.style().unpolish(self.idle.age)
        self.idle.age.style().polish(self.idle.age)

    # -- scanning --------------------------------------------------------------------------

    def submit_scan(self, text: str, *, from_wedge: bool) -> bool:
        """Verify ``text`` and show its verdict; False when this screen does not take scans."""
        if not self._scanning() or self._busy or not text:
            return False
        self._busy = True
        store, actor, location = self._store, self._actor, self._location
        self._runner.run_db(
            lambda: kiosk_intake.scan_and_record(
                store, actor, text, location=location, from_wedge=from_wedge
            ),
            self._show_outcome,
            self._scan_failed,
            changes={"verifications"},
        )
        return True

    def _show_outcome(self, outcome: ScanOutcome) -> None:
        self._busy = False
        self._outcome = outcome
        age = outcome.verdict.registry_age
        self.verdict.show_outcome(outcome, self._lang, self.age_text(age))
        self._show(self.verdict)
        self.verdict_shown.emit(outcome.verdict.kind)

    def _scan_failed(self, error: BaseException) -> None:
        self._busy = False
        log.error("scan could not be verified", exc_info=error)
        self._runner.report_failure(error)

    def _camera_status(self, state: str, message: str) -> None:
        self.idle.set_camera_problem(
            self.tr("Cámara desconectada: %1").replace("%1", message)
            if state == DISCONNECTED
            else ""
        )

    # -- rating and complaint --------------------------------------------------------------

    def _verification_id(self) -> str | None:
        return self._outcome.verification_id if self._outcome is not None else None

    def _save_rating(self, speed: int, attention: int, service: int, comment: str) -> None:
        store, actor, vid = self._store, self._actor, self._verification_id()
        self._runner.run_db(
            lambda: kiosk_intake.record_rating(
                store,
                actor,
                verification_id=vid,
                speed=speed,
                attention=attention,
                service=service,
                comment=comment,
            ),
            self._rating_done,
            changes={"ratings"},
        )

    def _rating_done(self, rating_id: str) -> None:
        self.thanks.title.setText(self.tr("¡Gracias por calificar!"))
        self.thanks.text.setText(self.tr("Su opinión ayuda a mejorar el servicio."))
        self._show(self.thanks)
        self.rating_saved.emit(rating_id)

    def _save_complaint(self, fields: dict[str, object]) -> None:
        store, actor, vid, location = (
            self._store, self._actor, self._verification_id(), self._location,
        )  # fmt: skip
        self._runner.run_db(
            lambda: kiosk_intake.file_complaint(
                store,
                actor,
                verification_id=vid,
                location=location,
                **fields,  # type: ignore[arg-type]
            ),
            self._complaint_done,
            self._complaint_failed,
            changes={"complaints"},
        )

    def _complaint_done(self, receipt: ComplaintReceipt) -> None:
        self.receipt.show_receipt(receipt)
        self._show(self.receipt)
        self.complaint_saved.emit(receipt.folio)

    def _complaint_failed(self, error: BaseException) -> None:
        messages.failure_handler(self.complaint.show_error, self._lang)(error)

    # -- leaving ---------------------------------------------------------------------------

    def _try_unlock(self, pin: str) -> None:
        store = self._store
        self._runner.run_db(lambda: kiosk_lock.check_kiosk_pin(store, pin), self._unlock_result)

    def _unlock_result(self, ok: bool) -> None:
        if not ok:
            self.unlock.pin.clear()
            self.unlock.error.setText(self.tr("NIP incorrecto."))
            return
        self._unlocked = True
        self.close()
        self.exited.emit()

    # -- input: inactivity and the keyboard-wedge reader -----------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() not in _INPUT_EVENTS or not isinstance(watched, QWidget):
            return False
        if watched is not self and not self.isAncestorOf(watched):
            return False
        if self.stack.currentWidget() is not self.idle:
            self.inactivity.start()  # any input restarts the countdown
        if event.type() == QEvent.Type.KeyPress and self._scanning():
            return self._wedge_key(event)  # type: ignore[arg-type]
        return False

    def _wedge_key(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            text = "".join(self._wedge).strip()
            self._wedge.clear()
            if text:
                self.submit_scan(text, from_wedge=True)
            return True
        char = event.text()
        if len(char) == 1 and char.isprintable():
            now = time.monotonic()
            if now - self._wedge_at > WEDGE_GAP:
                self._wedge.clear()
            self._wedge_at = now
            if len(self._wedge) < WEDGE_MAX:
                self._wedge.append(char)
            return True
        return False

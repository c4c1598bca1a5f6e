"""The camera: a long-lived worker thread that reads, decodes and debounces, and its preview.

Shaped like Qt's mandelbrot example (STYLE.md): one ``QThread`` runs a loop for the life of the
kiosk; ``stop()`` sets the abort flag, wakes the loop and waits for it. The loop:

1. opens the source (a camera, or a video/image/folder for demos and tests); when that fails —
   or the source breaks while reading (camera unplugged) — it reports ``disconnected`` and tries
   again every ``retry_interval`` seconds until it works, then reports ``running``;
2. reads a frame, emits a preview (``QImage``) with the codes found in it (text and corners),
   decoding at most ``decode_fps`` frames a second;
3. passes the texts through a :class:`~desktop.scan.debounce.Debouncer`, so one presentation of
   a badge gives one ``scanned(text)``.

A file source that reaches its end is opened again (a demo video loops).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import cv2
import numpy as np
from PySide6.QtCore import (
    QMutex,
    QObject,
    QPointF,
    QRectF,
    QSize,
    Qt,
    QThread,
    QWaitCondition,
    Signal,
)
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPen, QPolygonF
from PySide6.QtWidgets import QSizePolicy, QWidget

from desktop.errors import Problem
from desktop.scan.debounce import DEFAULT_HOLD_OFF, Debouncer
from desktop.scan.decode import decode
from desktop.scan.sources import FrameSource, SourceFailed

log = logging.getLogger(__name__)

PREVIEW_MAX_WIDTH = 960
CONNECTING, RUNNING, DISCONNECTED = "connecting", "running", "disconnected"


@contextmanager
def _locked(mutex: QMutex) -> Iterator[None]:
    """Hold ``mutex`` for a block (plain lock/unlock: PySide6 6.12's ``QMutexLocker`` context
    manager over-released ``None``; the dependency pin keeps us off that release anyway)."""
    mutex.lock()
    try:
        yield
    finally:
        mutex.unlock()


@dataclass(frozen=True)
class Seen:
    """A code found in a preview frame: its text and corners in that frame's pixels."""

    text: str
    corners: tuple[tuple[float, float], ...]


def to_qimage(frame: np.ndarray, max_width: int = PREVIEW_MAX_WIDTH) -> tuple[QImage, float]:
    """A BGR frame as an RGB ``QImage`` (scaled down to ``max_width``) and the scale used."""
    height, width = frame.shape[:2]
    scale = min(1.0, max_width / width)
    if scale < 1.0:
        frame = cv2.resize(
            frame, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA
        )
    rgb = np.ascontiguousarray(cv2.cvtColor(frame, cv2.COLOR_BGR2RGB))
    h, w = rgb.shape[:2]
    image = QImage(rgb.data, w, h, 3 * w, QImage.Format.Format_RGB888)
    return image.copy(), scale  # copy: the numpy buffer dies with this function


class CameraWorker(QThread):
    """Reads frames on its own thread; everything it reports arrives by signal.

    Signals:
        frame_ready(QImage, object): the latest preview and the codes found in it (a list of
            ``Seen``), or ``None`` when that frame was not decoded.
        scanned(str): a badge newly presented (once per presentation).
        status_changed(str, str): ``connecting``/``running``/``disconnected`` and, when
            disconnected, the problem in words (es-MX or English, per ``lang``).
    """

    frame_ready = Signal(QImage, object)
    scanned = Signal(str)
    status_changed = Signal(str, str)

    def __init__(
        self,
        open_source: Callable[[], FrameSource],
        *,
        lang: str = "es",
        retry_interval: float = 2.0,
        decode_fps: float = 15.0,
        max_fps: float = 30.0,
        hold_off: float = DEFAULT_HOLD_OFF,
        decode_codes: bool = True,
        parent: QObject | None = None,
    ) -> None:
        """Args:
        open_source: makes a new, unopened source (called again after every failure).
        lang: language of the problem text in ``status_changed``.
        retry_interval: seconds between attempts to reopen a failed source.
        decode_fps: at most this many frames a second are decoded.
        max_fps: file sources are paced to this rate (a camera paces itself); 0 = no pacing.
        hold_off: the debouncer's window (seconds a badge must be unseen to count again).
        decode_codes: False for a plain camera (inspection photos): frames are shown, never
            decoded, and ``scanned`` is never emitted.
        """
        super().__init__(parent)
        self._open_source = open_source
        self._lang = lang
        self._retry_interval = retry_interval
        self._decode_interval = 1.0 / decode_fps if decode_fps > 0 else 0.0
        self._frame_interval = 1.0 / max_fps if max_fps > 0 else 0.0
        self._debouncer = Debouncer(hold_off)
        self._mutex = QMutex()
        self._wake = QWaitCondition()
        self._abort = False
        self._reset_debounce = False
        self._decode_codes = decode_codes
        self._last_frame: np.ndarray | None = None
        self.frames_read = 0  # read from the GUI thread only after the worker has stopped

    # -- GUI-thread API -------------------------------------------------------------------

    def stop(self) -> None:
        """Ask the loop to end, wake it if it is waiting, and wait until the thread finished."""
        with _locked(self._mutex):
            self._abort = True
            self._wake.wakeAll()
        self.wait()

    def last_frame(self) -> np.ndarray | None:
        """A copy of the newest full-resolution BGR frame read (``None`` before the first)."""
        with _locked(self._mutex):
            frame = self._last_frame
        return None if frame is None else frame.copy()

    def forget_presentations(self) -> None:
        """The next sighting of any badge counts as new."""
        with _locked(self._mutex):
            self._reset_debounce = True

    # -- worker thread --------------------------------------------------------------------

    def _aborted(self) -> bool:
        with _locked(self._mutex):
            return self._abort

    def _pause(self, seconds: float) -> bool:
        """Wait up to ``seconds`` (woken early by ``stop``); True when the loop must end."""
        with _locked(self._mutex):
            if not self._abort and seconds > 0:
                self._wake.wait(self._mutex, max(1, int(seconds * 1000)))
            return self._abort

    def run(self) -> None:
        source: FrameSource | None = None
        status = ""
        last_decode = 0.0
        last_frame = 0.0

        def report(new: str, message: str = "") -> None:
            nonlocal status
            if new != status:
                status = new
                self.status_changed.emit(new, message)

        report(CONNECTING)
        try:
            while not self._aborted():
                if source is None:
                    candidate = self._open_source()
                    try:
                        candidate.open()
                    except Problem as problem:
                        report(DISCONNECTED, problem.text(self._lang))
                        if self._pause(self._retry_interval):
                            break
                        continue
                    source = candidate
                try:
                    frame = source.read()
                except SourceFailed as problem:
                    log.warning("frame source failed: %s", problem.en)
                    source.close()
                    source = None
                    report(DISCONNECTED, problem.text(self._lang))
                    if self._pause(self._retry_interval):
                        break
                    continue
                if frame is None:  # a file ended: play it again
                    source.close()
                    source = None
                    continue
                report(RUNNING)
                with _locked(self._mutex):
                    self._last_frame = frame
                self.frames_read += 1
                now = time.monotonic()
                seen: list[Seen] | None = None
                image, scale = to_qimage(frame)
                if self._decode_codes and now - last_decode >= self._decode_interval:
                    last_decode = now
                    found = decode(frame)
                    seen = [
                        Seen(d.text, tuple((x * scale, y * scale) for x, y in d.corners))
                        for d in found
                    ]
                    with _locked(self._mutex):
                        if self._reset_debounce:
                            self._reset_debounce = False
                            self._debouncer.reset()
                    for text in self._debouncer.feed(d.text for d in found):
                        self.scanned.emit(text)
                self.frame_ready.emit(image, seen)
                wait = self._frame_interval - (time.monotonic() - last_frame)
                last_frame = time.monotonic()
                if wait > 0 and self._pause(wait):
                    break
        finally:
            if source is not None:
                source.close()


class PreviewWidget(QWidget):
    """The live camera picture, scaled to fit, with each code found outlined in green."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._image = QImage()
        self._seen: list[Seen] = []
        self._message = ""
        self.setMinimumSize(QSize(320, 180))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setObjectName("cameraPreview")

    @property
    def outlined(self) -> list[Seen]:
        """The codes outlined in the picture now."""
        return list(self._seen)

    def show_frame(self, image: QImage, seen: Sequence[Seen] | None) -> None:
        self._image = image
        # Keep the last outline until the next decoded frame (``seen`` not None) says otherwise.
        if seen is not None:
            self._seen = list(seen)
        self._message = ""
        self.update()

    def show_message(self, text: str) -> None:
        """A message instead of the picture (camera disconnected)."""
        self._message = text
        self._image = QImage()
        self._seen = []
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor("#1b1f24"))
        if self._image.isNull():
            painter.setPen(QColor("#f2f2f2"))
            font = painter.font()
            font.setPixelSize(max(18, self.height() // 14))
            painter.setFont(font)
            painter.drawText(
                self.rect().adjusted(16, 16, -16, -16),
                int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                self._message,
            )
            return
        size = self._image.size().scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio)
        x = (self.width() - size.width()) / 2
        y = (self.height() - size.height()) / 2
        target = QRectF(x, y, size.width(), size.height())
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        painter.drawImage(target, self._image)
        k = size.width() / max(1, self._image.width())
        pen = QPen(QColor("#2ecc40"), max(3.0, self.width() / 160))
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        for code in self._seen:
            polygon = QPolygonF([QPointF(x + cx * k, y + cy * k) for cx, cy in code.corners])
            painter.drawPolygon(polygon)

"""Taking an inspection photo: the live camera preview with "Tomar foto", or a file.

The camera is the scanner's frame source (:func:`desktop.scan.sources.open_source` on the
configured spec: ``camera:0``, or a video, image or folder for demos and tests) read by the
kiosk's :class:`~desktop.ui.camera.CameraWorker` with decoding switched off. "Tomar foto" grabs
the newest full-resolution frame (``CameraWorker.last_frame``); the dialog only hands it over —
the capture screen shrinks and stores it off the GUI thread.

Without a configured camera, or while the camera fails, the preview says so and "Desde archivo…"
picks a JPG or PNG instead.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.scan.sources import open_source
from desktop.ui.camera import DISCONNECTED, RUNNING, CameraWorker, PreviewWidget

# A plain name lupdate recognises: translate("context", "source").
translate = QCoreApplication.translate

IMAGE_FILTER = "*.jpg *.jpeg *.png *.JPG *.JPEG *.PNG"


def choose_photo_file(parent: QWidget | None) -> Path | None:
    """Ask for a JPG or PNG file; ``None`` when the user cancelled."""
    title = translate("photo_capture", "Elegir foto")
    label = translate("photo_capture", "Fotos")
    path, _ = QFileDialog.getOpenFileName(parent, title, "", f"{label} ({IMAGE_FILTER})")
    return Path(path) if path else None


class PhotoCaptureDialog(QDialog):
    """The camera preview with "Tomar foto" and "Desde archivo…".

    Signals:
        frame_taken(object): the full-resolution BGR frame (a numpy array) when the user took a
            photo; the dialog closes.
        file_chosen(str): the path of a photo file the user picked; the dialog closes.
    """

    frame_taken = Signal(object)
    file_chosen = Signal(str)

    def __init__(
        self,
        camera: str | None,
        *,
        title: str = "",
        lang: str = "es",
        camera_options: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """Args:
        camera: the frame-source spec (``camera:0``, a file or folder), or ``None``.
        title: what the photo is of (the question's label).
        lang: language of the camera's problem messages.
        camera_options: extra :class:`CameraWorker` arguments (tests pass a short retry).
        """
        super().__init__(parent)
        self.setObjectName("photoCaptureDialog")
        self.setWindowTitle(self.tr("Tomar foto"))
        self.setModal(True)
        self.preview = PreviewWidget()
        self.preview.setMinimumSize(480, 270)
        heading = QLabel(title or self.tr("Foto"))
        heading.setObjectName("sectionHeading")
        heading.setWordWrap(True)
        self.status = QLabel()
        self.status.setObjectName("cameraStatus")
        self.status.setWordWrap(True)
        self.take_button = QPushButton(self.tr("&Tomar foto"))
        self.take_button.setDefault(True)
        self.take_button.setEnabled(False)
        self.take_button.clicked.connect(self.take)
        self.file_button = QPushButton(self.tr("&Desde archivo…"))
        self.file_button.clicked.connect(self.from_file)
        self.cancel_button = QPushButton(self.tr("Cancelar"))
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.file_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.take_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.preview, 1)
        layout.addWidget(self.status)
        layout.addLayout(buttons)
        self.resize(760, 560)

        self.worker: CameraWorker | None = None
        if camera is None:
            message = self.tr(
                "No hay cámara configurada en este equipo. Puede elegir una foto desde un archivo."
            )
            self.preview.show_message(self.tr("Sin cámara"))
            self.status.setText(message)
            self.file_button.setFocus()
        else:
            spec = camera
            self.status.setText(self.tr("Conectando con la cámara…"))
            self.worker = CameraWorker(
                lambda: open_source(spec),
                lang=lang,
                decode_codes=False,
                **(camera_options or {}),
            )
            self.worker.frame_ready.connect(self.preview.show_frame)
            self.worker.status_changed.connect(self._camera_status)
            self.worker.start()
        self.finished.connect(self._stop_camera)

    @property
    def camera_running(self) -> bool:
        return self.take_button.isEnabled()

    def _camera_status(self, status: str, message: str) -> None:
        if status == RUNNING:
            self.status.setText(self.tr("Encuadre y pulse «Tomar foto» (Enter)."))
            self.take_button.setEnabled(True)
            self.take_button.setFocus()
        elif status == DISCONNECTED:
            self.take_button.setEnabled(False)
            text = self.tr("La cámara no responde: %1 Puede elegir una foto desde un archivo.")
            self.status.setText(text.replace("%1", message))
            self.preview.show_message(self.tr("Sin cámara"))

    def take(self) -> None:
        """Hand over the newest frame and close."""
        frame = self.worker.last_frame() if self.worker is not None else None
        if frame is None:
            self.status.setText(self.tr("Todavía no llega imagen de la cámara; intente de nuevo."))
            return
        self._stop_camera()
        self.frame_taken.emit(frame)
        self.accept()

    def from_file(self) -> None:
        path = choose_photo_file(self)
        if path is None:
            return
        self._stop_camera()
        self.file_chosen.emit(str(path))
        self.accept()

    def _stop_camera(self, *_args: object) -> None:
        if self.worker is not None:
            worker, self.worker = self.worker, None
            worker.stop()

"""Frame sources behind one interface: a webcam, a video file, one image, a folder of images.

Every source is opened, read frame by frame, and closed::

    with open_source("camera:0") as source:   # or a video, an image, a folder
        for frame in source:                   # BGR uint8 arrays, (height, width, 3)
            ...

``read()`` returns ``None`` at the end of the stream and keeps returning ``None`` after it. A
source that cannot be opened, or that breaks while being read, raises :class:`SourceFailed` (an
:class:`~desktop.errors.EnvironmentProblem` with a message for a person). What "breaks" means per
source:

* **camera**: it has no end; a failed read (unplugged, taken by another program) raises
  :class:`SourceFailed`. The kiosk's worker catches it, closes the source and opens it again.
* **video file**: the end of the file ends the stream. A file that stops delivering frames well
  before the frame count in its own header (truncated or damaged) raises :class:`SourceFailed`
  after the frames it could deliver; a container without a frame count just ends.
* **image**: delivered ``repeat`` times, then the end. An unreadable image fails at ``open()``.
* **folder**: the images (``.png .jpg .jpeg .bmp .tif .tiff .webp``) in natural name order
  (``frame2`` before ``frame10``), listed when opened. An image that has vanished or no longer
  decodes when its turn comes raises :class:`SourceFailed` naming it, after the frames before
  it; an empty folder is an empty stream.

Images are read with ``numpy.fromfile`` + ``cv2.imdecode`` so paths with accents work on
Windows too. Grayscale and BGRA images come out as BGR, like camera frames.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self, runtime_checkable

import cv2
import numpy as np
from numpy.typing import NDArray

from desktop.errors import EnvironmentProblem

Frame = NDArray[np.uint8]

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"})
CAMERA_PREFIX = "camera:"


class SourceFailed(EnvironmentProblem):
    """A frame source could not be opened or broke while being read."""


@runtime_checkable
class FrameSource(Protocol):
    """What every frame source offers (see the module docstring)."""

    description: str

    def open(self) -> None:
        """Start delivering frames (a no-op when already open)."""

    def read(self) -> Frame | None:
        """The next BGR frame, or ``None`` at the end of the stream."""

    def close(self) -> None:
        """Release the device or file (a no-op when already closed)."""

    def __enter__(self) -> FrameSource: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    def __iter__(self) -> Iterator[Frame]: ...


class _Source:
    """Shared behaviour: the open/closed state, the context manager and iteration."""

    description = "source"

    def __init__(self) -> None:
        self._open = False
        self._ended = False

    def open(self) -> None:
        if not self._open:
            self._open_now()
            self._open = True
            self._ended = False

    def read(self) -> Frame | None:
        if not self._open:
            raise RuntimeError(f"{self.description}: read() before open()")
        if self._ended:
            return None
        frame = self._read_now()
        if frame is None:
            self._ended = True
        return frame

    def close(self) -> None:
        if self._open:
            self._open = False
            self._close_now()

    def __enter__(self) -> Self:
        self.open()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __iter__(self) -> Iterator[Frame]:
        while (frame := self.read()) is not None:
            yield frame

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.description}>"

    # Subclasses implement these three.
    def _open_now(self) -> None:
        raise NotImplementedError

    def _read_now(self) -> Frame | None:
        raise NotImplementedError

    def _close_now(self) -> None:
        raise NotImplementedError


class CameraSource(_Source):
    """A webcam by OpenCV index, asking for 1280x720 (MJPG, which USB webcams stream at 30 fps)."""

    def __init__(self, index: int, *, width: int = 1280, height: int = 720) -> None:
        """Args:
        index: the camera's OpenCV index (0 is the first camera).
        width: requested frame width (the camera may give another size).
        height: requested frame height.
        """
        super().__init__()
        if index < 0:
            raise ValueError(f"camera index must be 0 or more, got {index}")
        self.index = index
        self.size = (width, height)
        self.description = f"camera:{index}"
        self._capture: Any = None

    def _open_now(self) -> None:
        capture = cv2.VideoCapture(self.index)
        if not capture.isOpened():
            capture.release()
            raise SourceFailed(
                f"No se pudo abrir la cámara {self.index}.",
                f"Camera {self.index} could not be opened.",
                hint_es="Conecte la cámara, ciérrela en otros programas y vuelva a intentar.",
                hint_en="Plug the camera in, close it in other programs, and try again.",
            )
        capture.set(cv2.CAP_PROP_FOURCC, cv2.VideoWriter.fourcc(*"MJPG"))
        capture.set(cv2.CAP_PROP_FRAME_WIDTH, self.size[0])
        capture.set(cv2.CAP_PROP_FRAME_HEIGHT, self.size[1])
        capture.set(cv2.CAP_PROP_BUFFERSIZE, 1)  # the newest frame, not a queue of old ones
        self._capture = capture

    def _read_now(self) -> Frame | None:
        ok, frame = self._capture.read()
        if not ok or frame is None:
            raise SourceFailed(
                f"La cámara {self.index} dejó de enviar imágenes.",
                f"Camera {self.index} stopped sending frames.",
                hint_es="Revise el cable USB; la cámara se reconectará sola.",
                hint_en="Check the USB cable; the camera will reconnect by itself.",
            )
        return _bgr(frame)

    def _close_now(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class VideoFileSource(_Source):
    """The frames of a video file, in order (any container and codec OpenCV's FFmpeg reads)."""

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)
        self.description = str(self.path)
        self._capture: Any = None
        self._delivered = 0
        self._expected = 0

    def _open_now(self) -> None:
        _require_file(self.path)
        capture = cv2.VideoCapture(str(self.path))
        if not capture.isOpened():
            capture.release()
            raise _unreadable(self.path, "video")
        self._capture = capture
        self._delivered = 0
        count = capture.get(cv2.CAP_PROP_FRAME_COUNT)
        self._expected = int(count) if count and count > 0 else 0

    def _read_now(self) -> Frame | None:
        ok, frame = self._capture.read()
        if ok and frame is not None:
            self._delivered += 1
            return _bgr(frame)
        # Frame counts of some containers are estimates: allow a small shortfall.
        slack = max(2, self._expected // 50)
        if self._expected and self._delivered + slack < self._expected:
            raise SourceFailed(
                f"El video {self.path.name} se corta en el cuadro {self._delivered} de "
                f"{self._expected}: el archivo está incompleto o dañado.",
                f"The video {self.path.name} breaks off at frame {self._delivered} of "
                f"{self._expected}: the file is truncated or damaged.",
            )
        return None

    def _close_now(self) -> None:
        if self._capture is not None:
            self._capture.release()
            self._capture = None


class ImageSource(_Source):
    """One image file, delivered ``repeat`` times (a still held in front of the camera)."""

    def __init__(self, path: str | Path, *, repeat: int = 1) -> None:
        super().__init__()
        if repeat < 1:
            raise ValueError(f"repeat must be 1 or more, got {repeat}")
        self.path = Path(path)
        self.repeat = repeat
        self.description = str(self.path)
        self._image: Frame | None = None
        self._left = 0

    def _open_now(self) -> None:
        self._image = _load_image(self.path)
        self._left = self.repeat

    def _read_now(self) -> Frame | None:
        if self._left <= 0 or self._image is None:
            return None
        self._left -= 1
        return self._image.copy()  # a consumer may draw on its frame

    def _close_now(self) -> None:
        self._image = None


class FolderSource(_Source):
    """The images in a folder, in natural name order (``2.png`` before ``10.png``)."""

    def __init__(self, path: str | Path) -> None:
        super().__init__()
        self.path = Path(path)
        self.description = str(self.path)
        self._files: list[Path] = []
        self._next = 0

    @property
    def files(self) -> list[Path]:
        """The images listed when the source was opened, in reading order."""
        return list(self._files)

    def _open_now(self) -> None:
        if not self.path.is_dir():
            raise SourceFailed(
                f"No existe la carpeta {self.path}.", f"No such folder: {self.path}."
            )
        try:
            entries = list(self.path.iterdir())
        except OSError as exc:
            raise SourceFailed(
                f"No se puede leer la carpeta {self.path}: {exc.strerror}.",
                f"Cannot read the folder {self.path}: {exc.strerror}.",
            ) from exc
        images = [p for p in entries if p.suffix.lower() in IMAGE_SUFFIXES and p.is_file()]
        self._files = sorted(images, key=lambda p: _natural_key(p.name))
        self._next = 0

    def _read_now(self) -> Frame | None:
        if self._next >= len(self._files):
            return None
        path = self._files[self._next]
        self._next += 1
        return _load_image(path)

    def _close_now(self) -> None:
        self._files = []
        self._next = 0


def open_source(spec: str | Path) -> FrameSource:
    """The source ``spec`` names, not yet opened (use it in a ``with`` block).

    Args:
        spec: ``"camera:N"`` for webcam number N; a folder (its images); an image file (one
            frame); any other file is read as a video.

    Returns:
        A :class:`FrameSource`.

    Raises:
        SourceFailed: a malformed camera spec, or a path that does not exist.
    """
    text = str(spec)
    if isinstance(spec, str) and text.startswith(CAMERA_PREFIX):
        index = text[len(CAMERA_PREFIX) :]
        if not index.isdigit():
            raise SourceFailed(
                f"Cámara inválida {text!r}: use camera:0, camera:1…",
                f"Invalid camera {text!r}: use camera:0, camera:1…",
            )
        return CameraSource(int(index))
    path = Path(spec)
    if path.is_dir():
        return FolderSource(path)
    _require_file(path)
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return ImageSource(path)
    return VideoFileSource(path)


# --- helpers -----------------------------------------------------------------------------------


def _natural_key(name: str) -> list[tuple[int, int | str]]:
    """Sort key that orders digit runs by value: frame2 < frame10."""
    return [
        (0, int(part)) if part.isdigit() else (1, part.lower())
        for part in re.split(r"(\d+)", name)
        if part
    ]


def _require_file(path: Path) -> None:
    if not path.is_file():
        raise SourceFailed(f"No existe el archivo {path}.", f"No such file: {path}.")


def _unreadable(path: Path, kind: str) -> SourceFailed:
    es_kind = {"video": "el video", "image": "la imagen"}[kind]
    return SourceFailed(
        f"No se puede leer {es_kind} {path.name}: el archivo está dañado o no es compatible.",
        f"Cannot read the {kind} {path.name}: the file is damaged or not supported.",
    )


def _load_image(path: Path) -> Frame:
    """An image file as a BGR frame, or SourceFailed (vanished, unreadable, not an image)."""
    try:
        data = np.fromfile(path, dtype=np.uint8)
    except OSError as exc:
        raise SourceFailed(
            f"No se puede abrir la imagen {path.name}: {exc.strerror or exc}.",
            f"Cannot open the image {path.name}: {exc.strerror or exc}.",
        ) from exc
    image = cv2.imdecode(data, cv2.IMREAD_COLOR) if data.size else None
    if image is None:
        raise _unreadable(path, "image")
    return _bgr(image)


def _bgr(frame: NDArray[Any]) -> Frame:
    """Any 8-bit OpenCV image as contiguous BGR (gray and BGRA converted)."""
    if frame.ndim == 2:
        frame = cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
    elif frame.shape[2] == 4:
        frame = cv2.cvtColor(frame, cv2.COLOR_BGRA2BGR)
    return np.ascontiguousarray(frame, dtype=np.uint8)

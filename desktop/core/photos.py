"""Inspection photos: any image file or camera frame made into a modest JPEG for storage.

A phone photo is 4000x3000 and several megabytes; an acta thumbnail needs a fraction of that and
every byte is synced over municipal networks. :func:`prepare_photo` (a file's bytes) and
:func:`prepare_frame` (a camera frame) both give a JPEG whose longest side is at most
:data:`MAX_SIDE` pixels, quality :data:`JPEG_QUALITY`. OpenCV's ``imdecode`` applies the EXIF
orientation while decoding, so a photo taken with the phone on its side comes out upright.

No Qt here: the capture screen calls these on the task runner's pool.
"""

from __future__ import annotations

from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from desktop.errors import InvalidInput

MAX_SIDE = 1600
JPEG_QUALITY = 85
#: Refuse files larger than this before decoding (a 100-megapixel JPEG is ~40 MB).
MAX_INPUT_BYTES = 60 * 1024 * 1024


def _not_an_image(detail_es: str = "", detail_en: str = "") -> InvalidInput:
    return InvalidInput(
        "El archivo no es una imagen que se pueda leer"
        + (f" ({detail_es})." if detail_es else "."),
        "The file is not a readable image" + (f" ({detail_en})." if detail_en else "."),
        hint_es="Elija una foto JPG o PNG.",
        hint_en="Choose a JPG or PNG photo.",
    )


def prepare_frame(frame: NDArray[Any]) -> bytes:
    """A BGR (or grayscale/BGRA) frame as a JPEG no larger than :data:`MAX_SIDE` on any side.

    Raises:
        InvalidInput: the array is not an image (empty, or not 2-D/3-D uint8).
    """
    if frame.size == 0 or frame.ndim not in (2, 3):
        raise _not_an_image("imagen vacía", "empty image")
    image: NDArray[Any] = frame.astype(np.uint8, copy=False)
    if image.ndim == 3 and image.shape[2] == 4:
        image = cv2.cvtColor(image, cv2.COLOR_BGRA2BGR)
    height, width = image.shape[:2]
    longest = max(height, width)
    if longest > MAX_SIDE:
        scale = MAX_SIDE / longest
        size = (max(1, round(width * scale)), max(1, round(height * scale)))
        image = cv2.resize(image, size, interpolation=cv2.INTER_AREA)
    ok, encoded = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
    if not ok:  # pragma: no cover - OpenCV encodes any uint8 image it accepted
        raise _not_an_image("no se pudo codificar", "could not encode")
    return bytes(encoded.tobytes())


def prepare_photo(data: bytes) -> bytes:
    """Decode an image file's bytes (JPEG, PNG, BMP, TIFF, WebP), turn it upright, shrink it so
    the longest side is at most :data:`MAX_SIDE` px, and re-encode it as JPEG.

    Raises:
        InvalidInput: empty, too large, or not an image. Nothing is kept.
    """
    if not data:
        raise _not_an_image("archivo vacío", "empty file")
    if len(data) > MAX_INPUT_BYTES:
        raise _not_an_image("pasa de 60 MB", "larger than 60 MB")
    buffer = np.frombuffer(data, dtype=np.uint8)
    try:
        image = cv2.imdecode(buffer, cv2.IMREAD_COLOR)
    except cv2.error:
        image = None
    if image is None:
        raise _not_an_image()
    return prepare_frame(image)


def image_size(data: bytes) -> tuple[int, int]:
    """(width, height) of an encoded image.

    Raises:
        InvalidInput: not an image.
    """
    image = cv2.imdecode(np.frombuffer(data, dtype=np.uint8), cv2.IMREAD_UNCHANGED)
    if image is None:
        raise _not_an_image()
    return int(image.shape[1]), int(image.shape[0])

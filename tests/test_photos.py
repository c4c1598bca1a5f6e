"""Inspection photos are shrunk to 1600 px JPEGs; anything that is not an image is refused."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from desktop.core.photos import MAX_SIDE, image_size, prepare_frame, prepare_photo
from desktop.errors import InvalidInput


def _jpeg(width: int, height: int) -> bytes:
    rng = np.random.default_rng(7)
    image = rng.integers(0, 255, (height, width, 3), dtype=np.uint8)
    ok, data = cv2.imencode(".jpg", image, [cv2.IMWRITE_JPEG_QUALITY, 95])
    assert ok
    return bytes(data.tobytes())


def test_a_big_photo_is_downscaled_to_1600_px_on_its_longest_side() -> None:
    big = _jpeg(4000, 3000)
    out = prepare_photo(big)
    assert out[:3] == b"\xff\xd8\xff"  # a JPEG
    assert image_size(out) == (MAX_SIDE, 1200)
    assert len(out) < len(big)


def test_a_portrait_photo_keeps_its_orientation() -> None:
    assert image_size(prepare_photo(_jpeg(1200, 2400))) == (800, MAX_SIDE)


def test_a_small_photo_keeps_its_size() -> None:
    assert image_size(prepare_photo(_jpeg(640, 480))) == (640, 480)


def test_a_png_becomes_a_jpeg() -> None:
    ok, png = cv2.imencode(".png", np.full((50, 80, 4), 200, dtype=np.uint8))
    assert ok
    out = prepare_photo(bytes(png.tobytes()))
    assert out[:3] == b"\xff\xd8\xff" and image_size(out) == (80, 50)


def test_a_camera_frame_is_encoded_and_downscaled() -> None:
    frame = np.zeros((1080, 1920, 3), dtype=np.uint8)
    assert image_size(prepare_frame(frame)) == (MAX_SIDE, 900)


@pytest.mark.parametrize(
    "garbage",
    [b"", b"esto no es una foto", b"\xff\xd8\xff\xe0" + b"\x00" * 100, bytes(range(256)) * 10],
)
def test_garbage_bytes_are_refused_in_both_languages(garbage: bytes) -> None:
    with pytest.raises(InvalidInput) as refused:
        prepare_photo(garbage)
    assert "imagen" in refused.value.es and "image" in refused.value.en

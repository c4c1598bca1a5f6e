"""The synthetic frames the scanner is tested and benchmarked on: reproducible and to the rules."""

from __future__ import annotations

import re

import numpy as np
import pytest

from desktop.scan import synth
from desktop.scan.decode import decode


def test_badge_text_is_the_short_url_with_a_26_character_base32_token() -> None:
    rng = np.random.default_rng(0)
    texts = {synth.random_badge_text(rng) for _ in range(200)}
    assert len(texts) == 200
    for text in texts:
        assert re.fullmatch(r"HTTPS://VRF\.MX/C/[A-Z2-7]{26}", text)


def test_badge_qr_is_version_4_or_lower_with_a_4_module_quiet_zone() -> None:
    rng = np.random.default_rng(1)
    for _ in range(20):
        text = synth.random_badge_text(rng)
        version = synth.badge_qr_version(text)
        assert version <= synth.MAX_BADGE_QR_VERSION
        image = synth.badge_qr_image(text, module_px=3)
        modules = 17 + 4 * version
        assert image.shape == ((modules + 8) * 3, (modules + 8) * 3)
        assert synth.symbol_box(image) == (12, 12, 12 + modules * 3, 12 + modules * 3)


def test_a_text_too_long_for_version_4_is_refused() -> None:
    with pytest.raises(ValueError, match="version 4 or lower"):
        synth.badge_qr_image("HTTPS://VRF.MX/C/" + "A" * 80)


def test_the_same_seed_gives_the_same_frames_and_another_seed_other_frames() -> None:
    a = list(synth.webcam_frames(3, seed=9))
    b = list(synth.webcam_frames(3, seed=9))
    c = list(synth.webcam_frames(3, seed=10))

    for x, y in zip(a, b, strict=True):
        assert x.text == y.text
        assert np.array_equal(x.image, y.image)
        assert x.conditions == y.conditions
    assert a[0].text != c[0].text
    assert a[0].image.shape == (720, 1280, 3)
    assert a[0].image.dtype == np.uint8


@pytest.mark.slow
def test_frames_cover_every_difficulty_the_benchmark_reports() -> None:
    frames = list(synth.webcam_frames(60, seed=2))
    tags = {t for f in frames for t in f.conditions.tags}
    assert tags == set(synth.TAGS)


def test_the_ground_truth_corners_are_where_the_decoder_finds_the_code() -> None:
    text = "HTTPS://VRF.MX/C/ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    frame = synth.badge_photo(synth.badge_qr_image(text), seed=5, text=text, blur_px=0, light=1)

    (found,) = decode(frame.image)

    assert found.text == text
    module = frame.conditions.module_px
    for got, want in zip(found.corners, frame.corners, strict=True):
        assert np.hypot(got[0] - want[0], got[1] - want[1]) < module + 2


@pytest.mark.parametrize("seed", range(4))
def test_photos_of_a_printed_badge_tilted_blurred_and_dim_are_readable(seed: int) -> None:
    text = synth.random_badge_text(np.random.default_rng(seed))
    photo = synth.badge_photo(
        synth.badge_qr_image(text), seed, text=text, tilt_deg=35, blur_px=3, light=0.2
    )

    assert photo.image.shape == (1200, 1600, 3)
    assert [d.text for d in decode(photo.image)] == [text]

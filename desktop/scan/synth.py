"""Synthetic webcam frames and photos of a printed badge holding a QR code (tests and benchmarks).

Nothing here is used by the running app: it manufactures the pictures a kiosk webcam would see, so
the decoder can be tested and benchmarked without a camera. Everything is deterministic given a
seed (``numpy.random.Generator`` plus OpenCV's deterministic drawing and JPEG codec).

The camera model is a pinhole webcam (1280x720, ~70° horizontal field of view, fixed focus) and a
CR80 badge card (85.6 x 54 mm) with the QR printed ``qr_box_mm`` wide (quiet zone included; the
card in ``desktop/print/badge_card.py`` prints a 34 mm box), held 12-40 cm away:

* **scale** follows from the distance: a 34 mm box holds a 26.6 mm version-3 symbol, 2.1-7 px
  per module;
* **tilt**: the card is rotated in 3-D (in-plane roll, out-of-plane pitch and yaw) and projected,
  which gives the perspective warp;
* **defocus**: a fixed-focus lens focused at 0.5-1 m blurs a near card with a disk whose diameter
  is ``aperture · f · |1/d - 1/d_focus|`` pixels - about a module for a card held 12-20 cm
  away (the ratio is ``aperture · modules / printed width``: bigger print, less blur);
* **motion blur** from a moving hand (longer in dim light: longer exposure);
* **dim light**: the auto-gain restores at most 3x the brightness, amplifying sensor noise
  (read noise plus shot noise);
* **glare**: a specular highlight of a lamp on the badge's plastic sleeve, often over the code;
* **low contrast**: a hazy sleeve or washed-out print;
* **JPEG**: webcams stream MJPEG, so every frame is re-encoded at quality 45-90;
* a **cluttered background** with shapes, stripes, checkerboards and text.

The distributions were fixed from that physical reasoning, and checked once against the plain
decoders (DESIGN.md §5 quotes 45-80% for off-the-shelf decoders), *before* the decoding pipeline
was tuned on them; only the glare was toned down at that check. Plain zxing-cpp reads 55-60% of
these frames with the card's 34 mm box: harsher than the ~80% the design quotes for version 4.

:func:`badge_qr_image` makes the QR with the ``qrcode`` package to the badge rules (version ≤ 4
at error-correction level Q, a 4-module quiet zone, ``HTTPS://VRF.MX/C/`` plus a 26-character
base32 token), independently of ``desktop.core.badges``; ``bench/scan.py --qr-source badges``
renders with the badge module instead, to compare the two.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

import cv2
import numpy as np
import qrcode
from numpy.typing import NDArray

Image = NDArray[np.uint8]
Corners = tuple[tuple[float, float], tuple[float, float], tuple[float, float], tuple[float, float]]

BADGE_URL_PREFIX = "HTTPS://VRF.MX/C/"
TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"  # RFC 4648 base32, upper case
TOKEN_LENGTH = 26  # 128 random bits need 26 base32 characters
MAX_BADGE_QR_VERSION = 4
QUIET_ZONE_MODULES = 4
FRAME_SIZE = (1280, 720)  # width, height of a 720p webcam frame
CARD_MM = (85.6, 53.98)  # ISO/IEC 7810 ID-1 (CR80)
DEFAULT_QR_BOX_MM = 34.0  # printed width of the QR on the card, quiet zone included

# Every tag a frame can carry; "clean" means none of the others.
TAGS = ("dim", "blurred", "glare", "low_contrast", "tilted", "small", "clean")


def random_badge_text(rng: np.random.Generator) -> str:
    """A badge-like URL: ``HTTPS://VRF.MX/C/`` plus 26 random base32 characters.

    Args:
        rng: the random generator to draw the token from.

    Returns:
        The URL text, upper case (QR alphanumeric mode).
    """
    picks = rng.integers(0, len(TOKEN_ALPHABET), size=TOKEN_LENGTH)
    return BADGE_URL_PREFIX + "".join(TOKEN_ALPHABET[int(i)] for i in picks)


def badge_qr_version(text: str) -> int:
    """The QR version ``text`` needs at error-correction level Q (the smallest that fits)."""
    qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_Q, border=0)
    qr.add_data(text)
    qr.make(fit=True)
    return int(qr.version)


def badge_qr_image(text: str, *, module_px: int = 1) -> Image:
    """Render ``text`` as a badge QR: version ≤ 4, error correction Q, 4-module quiet zone.

    Args:
        text: what the code holds.
        module_px: pixels per module (the image is exact: each module is a square of that size).

    Returns:
        A grayscale image, dark modules 0 and light 255, quiet zone included.

    Raises:
        ValueError: ``text`` does not fit a version-4 symbol at level Q, or ``module_px`` < 1.
    """
    if module_px < 1:
        raise ValueError(f"module_px must be at least 1, got {module_px}")
    qr = qrcode.QRCode(
        error_correction=qrcode.constants.ERROR_CORRECT_Q, border=QUIET_ZONE_MODULES, box_size=1
    )
    qr.add_data(text)
    qr.make(fit=True)
    if qr.version > MAX_BADGE_QR_VERSION:
        raise ValueError(
            f"{len(text)} characters need QR version {qr.version} at level Q; "
            f"a badge QR must be version {MAX_BADGE_QR_VERSION} or lower"
        )
    dark = np.array(qr.get_matrix(), dtype=bool)
    image = np.where(dark, 0, 255).astype(np.uint8)
    if module_px > 1:
        image = np.kron(image, np.ones((module_px, module_px), dtype=np.uint8))
    return image


def symbol_box(qr: Image) -> tuple[int, int, int, int]:
    """Bounding box ``(x0, y0, x1, y1)`` (exclusive end) of a QR image's dark modules.

    The three finder patterns touch the symbol's top, left, right and bottom edges, so the box of
    the dark pixels is the symbol without its quiet zone.

    Raises:
        ValueError: the image has no dark pixel.
    """
    gray = _gray(qr)
    ys, xs = np.nonzero(gray < 128)
    if xs.size == 0:
        raise ValueError("the QR image has no dark modules")
    return int(xs.min()), int(ys.min()), int(xs.max()) + 1, int(ys.max()) + 1


@dataclass(frozen=True)
class Conditions:
    """Everything random about one synthetic picture (all lengths in output pixels)."""

    distance_m: float  # lens to card centre
    roll_deg: float  # in-plane rotation
    pitch_deg: float  # out-of-plane tilt about the horizontal axis
    yaw_deg: float  # out-of-plane tilt about the vertical axis
    centre: tuple[float, float]  # where the card centre lands, as a fraction of the frame
    hfov_deg: float  # horizontal field of view of the camera
    defocus_px: float  # diameter of the defocus disk
    motion_px: float  # length of the motion-blur streak (0: none)
    motion_angle_deg: float
    light: float  # scene illuminance relative to a well-lit room (1.0)
    max_gain: float  # how far the camera's auto-gain can brighten a dim scene
    glare: float  # peak added brightness of a specular highlight (0: none)
    glare_radius: float  # as a fraction of the QR width
    glare_offset: tuple[float, float]  # from the QR centre, as a fraction of the QR width
    haze: float  # 0..1, how much a sleeve or poor print washes the card towards white
    jpeg_quality: int  # 0 means no JPEG round trip
    module_px: float = 0.0  # filled in once the geometry is known (mean module pitch)

    @property
    def tags(self) -> frozenset[str]:
        """Which hard conditions this picture has, for reporting read rate by difficulty."""
        tags = set()
        if self.light < 0.3:
            tags.add("dim")
        pitch = max(self.module_px, 1e-6)
        if self.defocus_px / pitch >= 0.9 or self.motion_px / pitch >= 1.0:
            tags.add("blurred")
        if self.glare > 0:
            tags.add("glare")
        if self.haze >= 0.25:
            tags.add("low_contrast")
        if max(abs(self.pitch_deg), abs(self.yaw_deg)) > 30:
            tags.add("tilted")
        if 0 < self.module_px < 3.0:
            tags.add("small")
        return frozenset(tags or {"clean"})


@dataclass(frozen=True)
class SynthFrame:
    """A synthetic picture, what it holds and how it was made."""

    image: Image  # BGR, uint8
    text: str  # the QR's text ("" when unknown)
    corners: Corners  # the QR symbol's corners in the image: TL, TR, BR, BL of the code
    conditions: Conditions


def sample_webcam_conditions(rng: np.random.Generator) -> Conditions:
    """Draw the conditions of one kiosk webcam frame (see the module docstring)."""
    distance = rng.uniform(0.12, 0.40)
    focus = rng.uniform(0.5, 1.0)
    aperture_m = rng.uniform(0.9e-3, 1.3e-3)  # f/2.0-f/2.8 on a ~2.6 mm lens
    hfov = rng.uniform(64.0, 76.0)
    f_px = (FRAME_SIZE[0] / 2) / math.tan(math.radians(hfov) / 2)
    defocus = aperture_m * f_px * abs(1 / distance - 1 / focus)
    dim = rng.random() < 0.35
    light = rng.uniform(0.08, 0.3) if dim else rng.uniform(0.45, 1.0)
    motion = 0.0
    if rng.random() < 0.4:
        motion = rng.uniform(1.0, 7.0) * (1.6 if dim else 1.0)
    roll = rng.normal(0, 15) if rng.random() < 0.85 else rng.uniform(-180, 180)
    glare = rng.uniform(60, 240) if rng.random() < 0.3 else 0.0
    haze = rng.uniform(0.25, 0.5) if rng.random() < 0.2 else rng.uniform(0.0, 0.1)
    return Conditions(
        distance_m=float(distance),
        roll_deg=float(roll),
        pitch_deg=float(np.clip(rng.normal(0, 18), -55, 55)),
        yaw_deg=float(np.clip(rng.normal(0, 18), -55, 55)),
        centre=(float(rng.uniform(0.25, 0.75)), float(rng.uniform(0.3, 0.7))),
        hfov_deg=float(hfov),
        defocus_px=float(defocus),
        motion_px=float(motion),
        motion_angle_deg=float(rng.uniform(0, 180)),
        light=float(light),
        max_gain=3.0,
        glare=float(glare),
        glare_radius=float(rng.uniform(0.05, 0.2)),
        glare_offset=(float(rng.uniform(-0.6, 0.6)), float(rng.uniform(-0.6, 0.6))),
        haze=float(haze),
        jpeg_quality=int(rng.integers(45, 91)),
    )


def webcam_frames(
    count: int,
    seed: int,
    *,
    make_qr: Callable[[str], Image] = badge_qr_image,
    qr_box_mm: float = DEFAULT_QR_BOX_MM,
) -> Iterator[SynthFrame]:
    """``count`` webcam frames, each of a fresh random badge URL rendered by ``make_qr``.

    Args:
        count: how many frames.
        seed: the same seed gives the same frames.
        make_qr: text → QR image (the badge module's renderer can be passed in to compare).
        qr_box_mm: printed width of the QR on the card, quiet zone included.

    Yields:
        Frames with their ground truth.
    """
    master = np.random.default_rng(seed)
    for _ in range(count):
        frame_seed = int(master.integers(0, 2**63 - 1))
        rng = np.random.default_rng(frame_seed)
        text = random_badge_text(rng)
        conditions = sample_webcam_conditions(rng)
        yield photograph(make_qr(text), conditions, rng, text=text, qr_box_mm=qr_box_mm)


def badge_photo(
    qr: Image,
    seed: int,
    *,
    text: str = "",
    tilt_deg: float = 25.0,
    blur_px: float = 2.0,
    light: float = 0.3,
    size: tuple[int, int] = (1600, 1200),
) -> SynthFrame:
    """A still photo of a printed badge on a desk: tilted, a little out of focus, dim.

    Args:
        qr: the QR image, quiet zone included.
        seed: background, noise and the exact pose.
        text: what the QR holds, passed through.
        tilt_deg: out-of-plane tilt of the card (split between pitch and yaw).
        blur_px: defocus disk diameter in pixels.
        light: scene light (1.0 a lit office; below 0.3 a dim one, noisy after auto-gain).
        size: width and height of the photo.

    Returns:
        The photo with its ground truth.
    """
    rng = np.random.default_rng(seed)
    conditions = Conditions(
        distance_m=0.22,
        roll_deg=float(rng.uniform(-20, 20)),
        pitch_deg=tilt_deg * 0.8,
        yaw_deg=-tilt_deg * 0.6,
        centre=(float(rng.uniform(0.4, 0.6)), float(rng.uniform(0.4, 0.6))),
        hfov_deg=66.0,
        defocus_px=blur_px,
        motion_px=0.0,
        motion_angle_deg=0.0,
        light=light,
        max_gain=2.0,
        glare=0.0,
        glare_radius=0.0,
        glare_offset=(0.0, 0.0),
        haze=0.05,
        jpeg_quality=88,
    )
    return photograph(qr, conditions, rng, text=text, size=size)


def photograph(
    qr: Image,
    conditions: Conditions,
    rng: np.random.Generator,
    *,
    text: str = "",
    qr_box_mm: float = DEFAULT_QR_BOX_MM,
    size: tuple[int, int] = FRAME_SIZE,
) -> SynthFrame:
    """Put a badge card carrying ``qr`` in front of a camera under ``conditions``.

    Args:
        qr: the QR image, quiet zone included.
        conditions: pose, optics and light (see :func:`sample_webcam_conditions`).
        rng: for the background, the card's decoration and the sensor noise.
        text: passed through to the result.
        qr_box_mm: printed width of the QR on the card, quiet zone included.
        size: output width and height.

    Returns:
        The picture with its ground truth.
    """
    width, height = size
    f_px = (width / 2) / math.tan(math.radians(conditions.hfov_deg) / 2)
    distance_mm = conditions.distance_m * 1000
    # Render the card at about twice the size it will appear, then warp down: fine edges stay
    # smooth without rendering a huge card for far-away frames.
    ppm = float(np.clip(2 * f_px / distance_mm, 3.0, 24.0))
    card, symbol = _render_card(qr, qr_box_mm, ppm, conditions.haze, rng)

    homography = _card_homography(card.shape, ppm, conditions, f_px, size)
    # Keep the code inside the frame: slide the card if the chosen centre pushes it out.
    quad = _project(homography, symbol)
    margin = 8.0
    dx = _shift_into(quad[:, 0], margin, width - margin)
    dy = _shift_into(quad[:, 1], margin, height - margin)
    shift = np.array([[1, 0, dx], [0, 1, dy], [0, 0, 1]], dtype=np.float64)
    homography = shift @ homography
    quad = _project(homography, symbol)
    side = float(np.mean(np.linalg.norm(quad - np.roll(quad, 1, axis=0), axis=1)))
    modules = _module_count(qr)
    conditions = replace(conditions, module_px=side / modules)

    scene = _background(rng, size).astype(np.float32)
    warped = cv2.warpPerspective(card, homography, size, flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(
        np.ones(card.shape[:2], np.float32), homography, size, flags=cv2.INTER_LINEAR
    )
    scene = scene * (1 - mask[..., None]) + warped.astype(np.float32) * mask[..., None]

    scene *= _illumination(rng, size, conditions.light)[..., None]
    if conditions.glare > 0:
        scene += _glare(quad, side, conditions, size)[..., None]

    image = _camera(scene, conditions, rng)
    corners = tuple((float(x), float(y)) for x, y in quad)
    return SynthFrame(image=image, text=text, corners=corners, conditions=conditions)  # type: ignore[arg-type]


def empty_frame(rng: np.random.Generator) -> Image:
    """A webcam frame of the cluttered room with no badge in it (what an idle kiosk sees)."""
    conditions = sample_webcam_conditions(rng)
    scene = _background(rng, FRAME_SIZE).astype(np.float32)
    scene *= _illumination(rng, FRAME_SIZE, conditions.light)[..., None]
    return _camera(scene, conditions, rng)


def _camera(scene: NDArray[np.float32], conditions: Conditions, rng: np.random.Generator) -> Image:
    """Optics, sensor and the MJPEG round trip of a lit scene."""
    image = _sensor(_optics(scene, conditions), conditions, rng)
    if conditions.jpeg_quality:
        params = [cv2.IMWRITE_JPEG_QUALITY, conditions.jpeg_quality]
        ok, encoded = cv2.imencode(".jpg", image, params)
        if ok:
            image = np.asarray(cv2.imdecode(encoded, cv2.IMREAD_COLOR), dtype=np.uint8)
    return image


# --- the card ----------------------------------------------------------------------------------


def _gray(image: Image) -> Image:
    if image.ndim == 3:
        code = cv2.COLOR_BGRA2GRAY if image.shape[2] == 4 else cv2.COLOR_BGR2GRAY
        return np.asarray(cv2.cvtColor(image, code), dtype=np.uint8)
    return image


def _module_count(qr: Image) -> int:
    """Modules across the symbol, from the top-left finder pattern (7 modules wide)."""
    x0, y0, x1, _ = symbol_box(qr)
    gray = _gray(qr)
    # The first run of dark pixels on the finder's top row is 7 modules wide.
    row = gray[y0, x0:x1] < 128
    run = int(np.argmin(row)) if not row.all() else row.size
    module = max(run / 7, 1e-6)
    return max(round((x1 - x0) / module), 21)


def _render_card(
    qr: Image, qr_box_mm: float, ppm: float, haze: float, rng: np.random.Generator
) -> tuple[Image, NDArray[np.float64]]:
    """A CR80 badge card at ``ppm`` pixels per mm; returns it and the QR symbol's corners."""
    card_w, card_h = round(CARD_MM[0] * ppm), round(CARD_MM[1] * ppm)
    paper = int(rng.integers(225, 250))
    ink = int(rng.integers(10, 45))
    card = np.full((card_h, card_w, 3), paper, np.uint8)
    # Header band and photo, like the municipality's badges.
    band = tuple(int(v) for v in rng.integers(40, 160, size=3))
    cv2.rectangle(card, (0, 0), (card_w, round(9 * ppm)), band, -1)
    px0, py0 = round(4 * ppm), round(13 * ppm)
    px1, py1 = round(22 * ppm), round(37 * ppm)
    cv2.rectangle(card, (px0, py0), (px1, py1), (170, 160, 150), -1)
    cv2.ellipse(
        card,
        ((px0 + px1) // 2, (py0 + py1) // 2),
        (round(6 * ppm), round(8 * ppm)),
        0,
        0,
        360,
        (120, 140, 185),
        -1,
    )
    for i, line in enumerate(("INSPECTOR", "PROTECCION CIVIL", "VIGENTE 2026")):
        cv2.putText(
            card,
            line,
            (px0, round((42 + 4.5 * i) * ppm)),
            cv2.FONT_HERSHEY_SIMPLEX,
            0.028 * ppm,
            (ink, ink, ink),
            max(1, round(0.25 * ppm)),
            cv2.LINE_AA,
        )

    gray = _gray(qr)
    x0, y0, x1, y1 = symbol_box(gray)
    scale = qr_box_mm * ppm / gray.shape[1]  # card pixels per QR-image pixel
    qr_w, qr_h = round(gray.shape[1] * scale), round(gray.shape[0] * scale)
    right = card_w - round(3 * ppm)
    qx, qy = right - qr_w, max(round(11 * ppm), (card_h - qr_h) // 2 + round(4 * ppm))
    qy = min(qy, card_h - qr_h)
    qx, qy = max(qx, 0), max(qy, 0)
    qr_w, qr_h = min(qr_w, card_w - qx), min(qr_h, card_h - qy)
    tile = cv2.resize(gray, (qr_w, qr_h), interpolation=cv2.INTER_NEAREST)
    tile = np.where(tile < 128, ink, paper).astype(np.uint8)
    card[qy : qy + qr_h, qx : qx + qr_w] = tile[..., None]

    if rng.random() < 0.5:  # a thumb over the card's lower-left corner, clear of the code
        cv2.ellipse(
            card,
            (0, card_h),
            (round(14 * ppm), round(10 * ppm)),
            float(rng.uniform(-30, 30)),
            0,
            360,
            (100, 140, 200),
            -1,
        )
    # Print and lamination: a touch of blur, then the haze of the sleeve.
    card = np.asarray(cv2.GaussianBlur(card, (0, 0), 0.35 * ppm / 4 + 0.4), dtype=np.uint8)
    if haze > 0:
        white = np.full_like(card, 255)
        card = np.asarray(cv2.addWeighted(card, 1 - haze, white, haze, 0), dtype=np.uint8)
    symbol = np.array(
        [
            [qx + x0 * scale, qy + y0 * scale],
            [qx + x1 * scale, qy + y0 * scale],
            [qx + x1 * scale, qy + y1 * scale],
            [qx + x0 * scale, qy + y1 * scale],
        ],
        dtype=np.float64,
    )
    return np.asarray(card, dtype=np.uint8), symbol


def _card_homography(
    card_shape: tuple[int, ...],
    ppm: float,
    c: Conditions,
    f_px: float,
    size: tuple[int, int],
) -> NDArray[np.float64]:
    """Card pixels → image pixels for the card's 3-D pose seen through a pinhole camera."""
    h, w = card_shape[:2]
    corners_px = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float64)
    corners_mm = np.column_stack(
        [corners_px[:, 0] / ppm - w / ppm / 2, corners_px[:, 1] / ppm - h / ppm / 2, np.zeros(4)]
    )
    a, b, g = (math.radians(v) for v in (c.pitch_deg, c.yaw_deg, c.roll_deg))
    rx = np.array([[1, 0, 0], [0, math.cos(a), -math.sin(a)], [0, math.sin(a), math.cos(a)]])
    ry = np.array([[math.cos(b), 0, math.sin(b)], [0, 1, 0], [-math.sin(b), 0, math.cos(b)]])
    rz = np.array([[math.cos(g), -math.sin(g), 0], [math.sin(g), math.cos(g), 0], [0, 0, 1]])
    distance_mm = c.distance_m * 1000
    width, height = size
    cx, cy = width / 2, height / 2
    centre = np.array(
        [
            (c.centre[0] * width - cx) * distance_mm / f_px,
            (c.centre[1] * height - cy) * distance_mm / f_px,
            distance_mm,
        ]
    )
    points = corners_mm @ (rz @ ry @ rx).T + centre
    projected = np.column_stack(
        [f_px * points[:, 0] / points[:, 2] + cx, f_px * points[:, 1] / points[:, 2] + cy]
    )
    return np.asarray(
        cv2.getPerspectiveTransform(corners_px.astype(np.float32), projected.astype(np.float32)),
        dtype=np.float64,
    )


def _project(homography: NDArray[np.float64], points: NDArray[np.float64]) -> NDArray[np.float64]:
    ones = np.ones((points.shape[0], 1))
    mapped = np.hstack([points, ones]) @ homography.T
    return np.asarray(mapped[:, :2] / mapped[:, 2:3], dtype=np.float64)


def _shift_into(values: NDArray[np.float64], low: float, high: float) -> float:
    """How far to move ``values`` so they lie within [low, high] (centred when they cannot)."""
    lo, hi = float(values.min()), float(values.max())
    if hi - lo > high - low:
        return (low + high) / 2 - (lo + hi) / 2
    if lo < low:
        return low - lo
    if hi > high:
        return high - hi
    return 0.0


# --- the scene and the camera ------------------------------------------------------------------


def _background(rng: np.random.Generator, size: tuple[int, int]) -> Image:
    """A cluttered room: a gradient, shapes, stripes, checkerboards and text."""
    width, height = size
    c0 = rng.integers(40, 220, size=3).astype(np.float32)
    c1 = rng.integers(40, 220, size=3).astype(np.float32)
    t = np.linspace(0, 1, width, dtype=np.float32)[None, :, None]
    image = np.ascontiguousarray(
        np.broadcast_to(c0 * (1 - t) + c1 * t, (height, width, 3)).astype(np.uint8)
    )
    for _ in range(int(rng.integers(12, 28))):
        color = tuple(int(v) for v in rng.integers(0, 256, size=3))
        x, y = int(rng.integers(0, width)), int(rng.integers(0, height))
        kind = rng.integers(0, 5)
        if kind == 0:
            x2, y2 = x + int(rng.integers(20, 400)), y + int(rng.integers(20, 300))
            cv2.rectangle(image, (x, y), (x2, y2), color, -1)
        elif kind == 1:
            cv2.circle(image, (x, y), int(rng.integers(10, 150)), color, -1)
        elif kind == 2:
            x2, y2 = int(rng.integers(0, width)), int(rng.integers(0, height))
            cv2.line(image, (x, y), (x2, y2), color, int(rng.integers(1, 12)))
        elif kind == 3:  # stripes or a checkerboard: high-contrast texture that confuses finders
            cell = int(rng.integers(3, 14))
            w, h = int(rng.integers(40, 240)), int(rng.integers(40, 240))
            yy, xx = np.mgrid[0:h, 0:w]
            pattern = (xx // cell) % 2 if rng.random() < 0.5 else ((xx // cell) + (yy // cell)) % 2
            patch = np.where(pattern[..., None] == 1, color, (255 - np.array(color))).astype(
                np.uint8
            )
            x, y = min(x, width - w), min(y, height - h)
            image[y : y + h, x : x + w] = patch
        else:
            cv2.putText(
                image,
                "".join(chr(int(c)) for c in rng.integers(65, 91, size=int(rng.integers(3, 12)))),
                (x, y),
                cv2.FONT_HERSHEY_SIMPLEX,
                float(rng.uniform(0.5, 3)),
                color,
                int(rng.integers(1, 5)),
                cv2.LINE_AA,
            )
    # The room is farther than the card and a little out of focus.
    sigma = float(rng.uniform(0.5, 2.5))
    return np.asarray(cv2.GaussianBlur(image, (0, 0), sigma), dtype=np.uint8)


def _illumination(
    rng: np.random.Generator, size: tuple[int, int], light: float
) -> NDArray[np.float32]:
    """Light falling on the scene: an overall level, a gradient and lens vignetting."""
    width, height = size
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    angle = rng.uniform(0, 2 * math.pi)
    ramp = (xs / width - 0.5) * math.cos(angle) + (ys / height - 0.5) * math.sin(angle)
    gradient = 1 + float(rng.uniform(0.0, 0.5)) * ramp
    r2 = ((xs - width / 2) / (width / 2)) ** 2 + ((ys - height / 2) / (width / 2)) ** 2
    vignette = 1 - float(rng.uniform(0.1, 0.35)) * r2
    return np.asarray(light * gradient * vignette, dtype=np.float32)


def _glare(
    quad: NDArray[np.float64], side: float, c: Conditions, size: tuple[int, int]
) -> NDArray[np.float32]:
    """A specular highlight: an elongated Gaussian blob near the code, added to the light."""
    width, height = size
    centre = quad.mean(axis=0) + np.array(c.glare_offset) * side
    radius = max(c.glare_radius * side, 2.0)
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    dx, dy = xs - np.float32(centre[0]), ys - np.float32(centre[1])
    blob = np.exp(-(dx**2 / (2 * (1.5 * radius) ** 2) + dy**2 / (2 * radius**2)))
    return np.asarray(c.glare * blob, dtype=np.float32)


def _disk_kernel(diameter: float) -> NDArray[np.float32]:
    radius = diameter / 2
    n = math.ceil(radius) * 2 + 1
    sub = 4  # supersampled so small disks keep their area
    ys, xs = np.mgrid[0 : n * sub, 0 : n * sub].astype(np.float32)
    centre = n * sub / 2
    inside = ((xs + 0.5 - centre) ** 2 + (ys + 0.5 - centre) ** 2) <= (radius * sub) ** 2
    kernel = inside.reshape(n, sub, n, sub).mean(axis=(1, 3)).astype(np.float32)
    return np.asarray(kernel / kernel.sum(), dtype=np.float32)


def _line_kernel(length: float, angle_deg: float) -> NDArray[np.float32]:
    n = math.ceil(length) | 1
    kernel = np.zeros((n, n), np.float32)
    c = n // 2
    dx = math.cos(math.radians(angle_deg)) * (length - 1) / 2
    dy = math.sin(math.radians(angle_deg)) * (length - 1) / 2
    cv2.line(
        kernel,
        (round((c - dx) * 16), round((c - dy) * 16)),
        (round((c + dx) * 16), round((c + dy) * 16)),
        1.0,
        1,
        cv2.LINE_AA,
        shift=4,
    )
    total = float(kernel.sum())
    if total <= 0:
        kernel[c, c] = 1.0
        total = 1.0
    return np.asarray(kernel / total, dtype=np.float32)


def _optics(scene: NDArray[np.float32], c: Conditions) -> NDArray[np.float32]:
    """Lens softness, defocus and motion blur."""
    out = cv2.GaussianBlur(scene, (0, 0), 0.6)  # even a focused webcam lens is soft
    if c.defocus_px >= 1.0:
        out = cv2.filter2D(out, -1, _disk_kernel(c.defocus_px))
    if c.motion_px >= 1.5:
        out = cv2.filter2D(out, -1, _line_kernel(c.motion_px, c.motion_angle_deg))
    return np.asarray(out, dtype=np.float32)


def _sensor(scene: NDArray[np.float32], c: Conditions, rng: np.random.Generator) -> Image:
    """Auto-gain, shot and read noise, clipping to 8 bits."""
    gain = min(1 / max(c.light, 1e-3), c.max_gain)
    signal = np.clip(scene, 0, 255)
    read_noise, shot = 1.5, 0.08
    sigma = np.sqrt(read_noise**2 + shot * signal)
    noise = rng.standard_normal(signal.shape, dtype=np.float32) * sigma
    return np.asarray(np.clip((signal + noise) * gain, 0, 255), dtype=np.uint8)

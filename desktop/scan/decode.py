"""QR decoding of one camera frame: a pure function from pixels to the codes found in them.

:func:`decode` runs a short pipeline of *steps*, cheapest first, and stops at the first step that
reads something. Each default step earned its place on synthetic webcam frames
(``desktop/scan/synth.py``; re-measure with ``python bench/scan.py --steps``). Read rate per
frame on 300 held-out frames (seed 2026, the badge card's 34 mm QR box), and the cost of a frame
with no badge in it, which is what every step adds to an idle kiosk:

=====================================  =========  ===========  ================
pipeline                               read       median ms    no-badge ms
=====================================  =========  ===========  ================
``frame`` (= plain zxing-cpp, QR)      54.7%      1.1          1.0
+ ``roi-upscale``                      70.0%      1.3          5.6
+ ``roi-sharpen``                      70.7%      1.3          6.7
+ ``roi-pyzbar``                       71.7%      1.4          14.2
=====================================  =========  ===========  ================

``frame``
    zxing-cpp on the grayscale frame, QR only, without its rotation and inversion passes (QR
    detection is rotation-invariant; badges are dark on light). Converting to gray ourselves and
    naming the format took plain zxing-cpp from 12.1 ms (all formats, BGR) to 1.1 ms at the same
    read rate. Most frames stop here, which is what keeps the median far below the 8 ms budget.
``roi-upscale``
    When the whole frame gives nothing, find the places that *look* like a 2-D code - the
    window whose smaller structure-tensor eigenvalue is largest (strong gradients in every
    direction, unlike edges, lines and stripes; the code is among the best 3 regions in 99% of
    frames) - and read each region again upscaled up to 2x (zxing-cpp's finder-pattern detector
    wants ~3 px per module, far badges give 2) and then with a local threshold over ~3 modules
    (rescues glare, dim light and low contrast). The step that matters: +15 points.
``roi-sharpen``
    The best region, upscaled and unsharp-masked at half a module (a fixed-focus webcam blurs a
    badge held 12-20 cm away by about a module).
``roi-pyzbar``
    pyzbar (ZBar), where libzbar is installed, on the best region, thresholded then plain: a
    second decoder with other failure modes. It doubles the cost of a frame without a badge.

Measured and left out of the default (available by name to compare): ``frame-threshold``
(zxing-cpp on a locally thresholded whole frame: +0 points over the default, +4 ms),
``frame-pyzbar`` (pyzbar on the whole frame: +0 points, +15-20 ms). Also tried and dropped:
CLAHE, global/Otsu thresholds, 3x and 4x upscaling, median/Gaussian denoising, Wiener
deconvolution of defocus and motion blur (at most +0.6 points for ~4 ms per missed frame).

Contract: :func:`decode` never raises for a frame that is a ``uint8`` numpy array of shape
``(h, w)``, ``(h, w, 1)``, ``(h, w, 3)`` (BGR, OpenCV's order) or ``(h, w, 4)`` (BGRA); a frame
smaller than a version-1 QR (21 x 21 px), including an empty one, simply holds no code. Anything
else (another type, dtype or shape) raises :class:`ValueError` with a message saying what was
expected. No Qt here: the kiosk's camera worker calls this off the GUI thread.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import cv2
import numpy as np
import zxingcpp
from numpy.typing import NDArray

from desktop.errors import EnvironmentProblem

Point = tuple[float, float]
Corners = tuple[Point, Point, Point, Point]
Gray = NDArray[np.uint8]

ZXING = "zxing-cpp"
PYZBAR = "pyzbar"

MIN_SIDE = 21  # a version-1 QR is 21 modules: anything smaller cannot hold one
_QR_ONLY = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)

STEPS = (
    "frame",
    "frame-threshold",
    "roi-upscale",
    "roi-sharpen",
    "roi-pyzbar",
    "frame-pyzbar",
)
DEFAULT_STEPS = ("frame", "roi-upscale", "roi-sharpen", "roi-pyzbar")

# Region search (see _regions): texture measured on a grid of 8 x 8 frame pixels, averaged over
# a window of 10 cells (80 px, about the smallest badge QR a 720p webcam reads); best 3 regions.
_GRID = 8
_REGION_WINDOW = 10
_REGION_COUNT = 3
_REGION_MAX_SIDE = 480  # px: a badge QR at 12 cm is ~280 px; bigger crops only cost time
_UPSCALED_SIDE = 640  # px: crops are enlarged up to 2x but not beyond this
_MODULES_GUESS = 31  # badge QRs are version 3 or 4 (29 or 33 modules)


class DecoderUnavailable(EnvironmentProblem):
    """A decoder was asked for by name but its native library is missing."""


@dataclass(frozen=True)
class Detection:
    """One QR code read from a frame.

    Attributes:
        text: what the code holds.
        corners: the symbol's four corners in frame pixels, clockwise from the symbol's own
            top-left corner (the one with a finder pattern opposite the missing one) — so a
            rotated badge still outlines correctly. For pyzbar the start corner is as good as
            ZBar's quarter-turn orientation.
        decoder: ``"zxing-cpp"`` or ``"pyzbar"``.
        step: the pipeline step that read it (see the module docstring).
    """

    text: str
    corners: Corners
    decoder: str
    step: str = "frame"


@cache
def _pyzbar_module() -> Any:
    """pyzbar's decoding module, or None when libzbar is not installed (checked once)."""
    try:
        from pyzbar import pyzbar
    except (ImportError, OSError):  # pyzbar raises ImportError when libzbar0 is missing
        return None
    return pyzbar


def available_decoders() -> tuple[str, ...]:
    """The decoders this machine can run: always zxing-cpp, pyzbar where libzbar is installed."""
    return (ZXING, PYZBAR) if _pyzbar_module() is not None else (ZXING,)


def decode(frame: NDArray[Any], *, steps: Sequence[str] | None = None) -> list[Detection]:
    """Read the QR codes in one camera frame.

    Args:
        frame: ``uint8`` image, grayscale ``(h, w)`` / ``(h, w, 1)``, BGR ``(h, w, 3)`` or BGRA
            ``(h, w, 4)``.
        steps: pipeline steps to run, in order, stopping at the first that reads a code (names in
            :data:`STEPS`). ``None`` runs :data:`DEFAULT_STEPS`, leaving out the pyzbar step where
            libzbar is missing.

    Returns:
        The codes the first successful step read (usually one), or ``[]``.

    Raises:
        ValueError: ``frame`` is not an image of a supported type and shape, or a step name is
            unknown.
        DecoderUnavailable: a pyzbar step was named explicitly but libzbar is not installed.
    """
    if steps is None:
        has_zbar = _pyzbar_module() is not None
        steps = tuple(s for s in DEFAULT_STEPS if has_zbar or not s.endswith("pyzbar"))
    else:
        for step in steps:
            if step not in _STEP_FUNCTIONS:
                raise ValueError(f"unknown decoding step {step!r}; known: {', '.join(STEPS)}")
            if step.endswith("pyzbar") and _pyzbar_module() is None:
                raise _no_zbar()
    gray = to_gray(frame)
    if min(gray.shape) < MIN_SIDE:
        return []
    work = _Work(gray)
    for step in steps:
        found = _STEP_FUNCTIONS[step](work)
        if found:
            return _unique(found)
    return []


def to_gray(frame: NDArray[Any]) -> Gray:
    """The frame as a contiguous 2-D ``uint8`` grayscale array (see :func:`decode` for shapes).

    Raises:
        ValueError: not an ``uint8`` numpy array of a supported shape.
    """
    if not isinstance(frame, np.ndarray):
        raise ValueError(f"a frame must be a numpy array, got {type(frame).__name__}")
    if frame.dtype != np.uint8:
        raise ValueError(f"a frame must have dtype uint8 (8-bit pixels), got {frame.dtype}")
    if frame.ndim == 3 and frame.shape[2] == 1:
        frame = frame[:, :, 0]
    if frame.ndim == 2:
        return np.ascontiguousarray(frame)
    if frame.ndim != 3 or frame.shape[2] not in (3, 4):
        raise ValueError(
            "a frame must be (height, width) grayscale or (height, width, 1|3|4) "
            f"gray/BGR/BGRA, got shape {frame.shape}"
        )
    if frame.shape[0] == 0 or frame.shape[1] == 0:
        return np.zeros(frame.shape[:2], np.uint8)
    code = cv2.COLOR_BGR2GRAY if frame.shape[2] == 3 else cv2.COLOR_BGRA2GRAY
    return np.asarray(cv2.cvtColor(np.ascontiguousarray(frame), code), dtype=np.uint8)


# --- steps -------------------------------------------------------------------------------------


@dataclass
class _Work:
    """One frame's grayscale image plus what steps compute lazily and share (the regions)."""

    gray: Gray
    _regions: list[_Region] | None = field(default=None, repr=False)

    @property
    def regions(self) -> list[_Region]:
        if self._regions is None:
            self._regions = _regions(self.gray, _REGION_COUNT)
        return self._regions


@dataclass(frozen=True)
class _Region:
    """A square crop of the frame that looks like a 2-D code."""

    x: int
    y: int
    image: Gray
    module: float  # estimated module size in frame pixels

    def upscaled(self) -> tuple[Gray, float]:
        """The crop enlarged 2x, less for large crops (their modules are big enough already)."""
        scale = min(2.0, _UPSCALED_SIDE / max(self.image.shape))
        if scale <= 1.0:
            return self.image, 1.0
        size = (round(self.image.shape[1] * scale), round(self.image.shape[0] * scale))
        big = cv2.resize(self.image, size, interpolation=cv2.INTER_LINEAR)
        return np.asarray(big, dtype=np.uint8), scale


def _step_frame(work: _Work) -> list[Detection]:
    return _zxing(work.gray, "frame", try_downscale=True)


def _step_frame_threshold(work: _Work) -> list[Detection]:
    return _zxing(_threshold(work.gray, 21), "frame-threshold")


def _step_frame_pyzbar(work: _Work) -> list[Detection]:
    return _pyzbar(work.gray, "frame-pyzbar")


def _step_roi_upscale(work: _Work) -> list[Detection]:
    for region in work.regions:
        big, scale = region.upscaled()
        # Plain, then thresholded over ~3 modules (rescues glare, dim light and low contrast).
        for image in (big, _threshold(big, scale * 3 * region.module)):
            found = _zxing(image, "roi-upscale", scale=scale, offset=(region.x, region.y))
            if found:
                return found
    return []


def _step_roi_sharpen(work: _Work) -> list[Detection]:
    for region in work.regions[:1]:
        big, scale = region.upscaled()
        sharp = _unsharp(big, sigma=scale * 0.5 * region.module, amount=1.5)
        found = _zxing(sharp, "roi-sharpen", scale=scale, offset=(region.x, region.y))
        if found:
            return found
    return []


def _step_roi_pyzbar(work: _Work) -> list[Detection]:
    for region in work.regions[:1]:
        big, scale = region.upscaled()
        for image in (_threshold(big, scale * 3 * region.module), big):
            found = _pyzbar(image, "roi-pyzbar", scale, (region.x, region.y))
            if found:
                return found
    return []


_STEP_FUNCTIONS: dict[str, Callable[[_Work], list[Detection]]] = {
    "frame": _step_frame,
    "frame-threshold": _step_frame_threshold,
    "frame-pyzbar": _step_frame_pyzbar,
    "roi-upscale": _step_roi_upscale,
    "roi-sharpen": _step_roi_sharpen,
    "roi-pyzbar": _step_roi_pyzbar,
}


# --- decoders ----------------------------------------------------------------------------------


def _zxing(
    gray: Gray,
    step: str,
    *,
    scale: float = 1.0,
    offset: tuple[int, int] = (0, 0),
    try_downscale: bool = False,
) -> list[Detection]:
    barcodes = zxingcpp.read_barcodes(
        gray,
        formats=_QR_ONLY,
        try_rotate=False,
        try_downscale=try_downscale,
        try_invert=False,
        text_mode=zxingcpp.TextMode.Plain,
    )
    found = []
    for barcode in barcodes:
        p = barcode.position
        points = (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        corners = tuple(_to_frame(pt.x, pt.y, scale, offset) for pt in points)
        found.append(Detection(barcode.text, corners, ZXING, step))  # type: ignore[arg-type]
    return found


def _pyzbar(
    gray: Gray, step: str, scale: float = 1.0, offset: tuple[int, int] = (0, 0)
) -> list[Detection]:
    pyzbar = _pyzbar_module()
    if pyzbar is None:
        return []
    found = []
    for symbol in pyzbar.decode(gray, symbols=[pyzbar.ZBarSymbol.QRCODE]):
        text = bytes(symbol.data).decode("utf-8", errors="replace")
        points = [(float(pt.x), float(pt.y)) for pt in symbol.polygon]
        ordered = _clockwise_from_top_left(points, getattr(symbol, "orientation", None))
        corners = tuple(_to_frame(x, y, scale, offset) for x, y in ordered)
        found.append(Detection(text, corners, PYZBAR, step))  # type: ignore[arg-type]
    return found


def _no_zbar() -> DecoderUnavailable:
    return DecoderUnavailable(
        "No se puede usar pyzbar: falta la biblioteca libzbar.",
        "pyzbar cannot be used: the libzbar library is missing.",
        hint_es="Instale el paquete del sistema libzbar0 (apt-get install libzbar0).",
        hint_en="Install the system package libzbar0 (apt-get install libzbar0).",
    )


def _to_frame(x: float, y: float, scale: float, offset: tuple[int, int]) -> Point:
    return (x / scale + offset[0], y / scale + offset[1])


def _clockwise_from_top_left(points: list[Point], orientation: str | None) -> list[Point]:
    """ZBar's polygon as 4 corners, clockwise, starting where its orientation puts top-left."""
    if len(points) != 4:
        box = cv2.boxPoints(cv2.minAreaRect(np.array(points, np.float32)))
        points = [(float(x), float(y)) for x, y in box]
    cx = sum(x for x, _ in points) / 4
    cy = sum(y for _, y in points) / 4
    # Image y points down, so increasing atan2 angle runs clockwise on screen.
    ordered = sorted(points, key=lambda p: math.atan2(p[1] - cy, p[0] - cx))
    # Where the symbol's top-left corner lies for each quarter-turn ZBar reports.
    rank: dict[str | None, Callable[[Point], float]] = {
        "RIGHT": lambda p: p[1] - p[0],  # top-right of the image
        "DOWN": lambda p: -(p[0] + p[1]),  # bottom-right
        "LEFT": lambda p: p[0] - p[1],  # bottom-left
    }
    key = rank.get(orientation, _top_left_rank)  # UP or unknown
    start = min(range(4), key=lambda i: key(ordered[i]))
    return ordered[start:] + ordered[:start]


def _top_left_rank(p: Point) -> float:
    return p[0] + p[1]


def _unique(found: Iterable[Detection]) -> list[Detection]:
    seen: set[str] = set()
    out = []
    for detection in found:
        if detection.text not in seen:
            seen.add(detection.text)
            out.append(detection)
    return out


# --- image helpers -----------------------------------------------------------------------------


def _threshold(gray: Gray, block: float) -> Gray:
    """Local (Gaussian-weighted) threshold over a ``block``-pixel neighbourhood."""
    size = max(3, int(block) | 1)
    return np.asarray(
        cv2.adaptiveThreshold(
            gray, 255, cv2.ADAPTIVE_THRESH_GAUSSIAN_C, cv2.THRESH_BINARY, size, 1
        ),
        dtype=np.uint8,
    )


def _unsharp(gray: Gray, sigma: float, amount: float) -> Gray:
    blurred = cv2.GaussianBlur(gray, (0, 0), max(sigma, 0.5))
    return np.asarray(cv2.addWeighted(gray, 1 + amount, blurred, -amount, 0), dtype=np.uint8)


def _regions(gray: Gray, count: int) -> list[_Region]:
    """The ``count`` square crops that look most like a 2-D code, best first.

    A QR is dense texture with strong gradients in *every* direction. The structure tensor's
    smaller eigenvalue, averaged over a window about the size of a small code, is high there and
    low on edges, lines, stripes and flat areas. Gradients are taken at half resolution and
    averaged on a grid of 8 x 8 frame pixels (under 1 ms for 1280x720); peaks are taken greedily
    with suppression, and each crop is the peak's above-a-third-of-peak blob, padded.
    """
    height, width = gray.shape
    half = cv2.resize(
        gray, (max(1, width // 2), max(1, height // 2)), interpolation=cv2.INTER_AREA
    ).astype(np.float32)
    gx = cv2.Sobel(half, cv2.CV_32F, 1, 0, ksize=3)
    gy = cv2.Sobel(half, cv2.CV_32F, 0, 1, ksize=3)
    grid = (max(1, width // _GRID), max(1, height // _GRID))
    window = (_REGION_WINDOW, _REGION_WINDOW)
    a, b, c = (
        cv2.boxFilter(cv2.resize(p, grid, interpolation=cv2.INTER_AREA), -1, window)
        for p in (gx * gx, gy * gy, gx * gy)
    )
    score = np.asarray((a + b) / 2 - np.sqrt(((a - b) / 2) ** 2 + c * c), dtype=np.float32)
    regions: list[_Region] = []
    sh, sw = score.shape
    reach = 3 * _REGION_WINDOW
    for _ in range(count):
        _, peak, _, (px, py) = cv2.minMaxLoc(score)
        if peak <= 1.0:  # flat: no texture left worth a look
            break
        x0, y0 = max(0, px - reach), max(0, py - reach)
        x1, y1 = min(sw, px + reach + 1), min(sh, py + reach + 1)
        blob = (score[y0:y1, x0:x1] > peak / 3).astype(np.uint8)
        _, labels, stats, _ = cv2.connectedComponentsWithStats(blob, connectivity=8)
        bx, by, bw, bh = (int(v) for v in stats[labels[py - y0, px - x0], :4])
        score[y0 + by : y0 + by + bh, x0 + bx : x0 + bx + bw] = 0
        # Back to frame pixels. The window widened the blob by about half a window.
        side = max(bw, bh) * _GRID
        cx, cy = (x0 + bx + bw / 2) * _GRID, (y0 + by + bh / 2) * _GRID
        reach_px = min(max(side * 0.6, _REGION_WINDOW * _GRID), _REGION_MAX_SIDE / 2)
        rx0, ry0 = max(0, int(cx - reach_px)), max(0, int(cy - reach_px))
        rx1, ry1 = min(width, int(cx + reach_px)), min(height, int(cy + reach_px))
        if rx1 - rx0 < MIN_SIDE or ry1 - ry0 < MIN_SIDE:
            continue
        symbol = max(side - _REGION_WINDOW * _GRID / 2, MIN_SIDE)
        regions.append(_Region(rx0, ry0, gray[ry0:ry1, rx0:rx1], symbol / _MODULES_GUESS))
    return regions

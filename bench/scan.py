"""Badge scanning benchmark against the DESIGN.md §7 targets (run: ``python bench/scan.py``).

Generates webcam-like 1280x720 frames of a badge QR (``desktop/scan/synth.py``: random distance,
tilt, perspective, defocus and motion blur, noise, dim light, glare, low contrast, JPEG, cluttered
background), then decodes the SAME frames with our pipeline (``desktop.scan.decode``) and, side by
side, with plain zxing-cpp and plain pyzbar. A frame counts as read when the badge's exact text
comes back; any other text is a misread. Prints read rate per frame, median / p90 ms per frame,
read rate by difficulty, and the cost of a frame with no badge (what an idle kiosk pays).

``--steps`` adds the ablation that justifies each pipeline step: the pipeline cut after each
step, and the full pipeline without each step.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# Runnable as a plain script from a checkout: make the repository root importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import numpy as np
import zxingcpp

from desktop.scan import decode as scan
from desktop.scan import synth

TARGET_READ = 85.0  # % of frames, DESIGN.md §7
TARGET_MEDIAN_MS = 8.0

Reader = Callable[[Any], list[str]]


@dataclass
class Result:
    name: str
    read: list[bool]
    misread: int
    times: list[float]  # ms per frame
    empty_times: list[float]

    @property
    def rate(self) -> float:
        return 100 * sum(self.read) / max(len(self.read), 1)

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def p90(self) -> float:
        return _p90(self.times)


def _p90(values: Sequence[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


def _card_qr_box_mm() -> float:
    """The QR box printed on the badge card, where the card module is importable."""
    try:
        from desktop.print.badge_card import QR_BOX_MM
    except ImportError:
        return synth.DEFAULT_QR_BOX_MM
    return float(QR_BOX_MM)


def _badges_qr(text: str) -> Any:
    """The badge module's own QR for ``text`` (quiet zone included), as a grayscale image."""
    from desktop.core.badges import qr_matrix

    return np.where(np.array(qr_matrix(text), dtype=bool), 0, 255).astype(np.uint8)


def _readers() -> dict[str, Reader]:
    qr = zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    readers: dict[str, Reader] = {
        "ours: desktop.scan.decode": lambda f: [d.text for d in scan.decode(f)],
        "plain zxing-cpp (defaults)": lambda f: [b.text for b in zxingcpp.read_barcodes(f)],
        "plain zxing-cpp (QR only)": lambda f: [
            b.text for b in zxingcpp.read_barcodes(f, formats=qr)
        ],
    }
    if scan.PYZBAR in scan.available_decoders():
        from pyzbar import pyzbar

        def zbar(frame: Any, symbols: Any = None) -> list[str]:
            return [s.data.decode("utf-8", "replace") for s in pyzbar.decode(frame, symbols)]

        readers["plain pyzbar (defaults)"] = zbar
        readers["plain pyzbar (QR only)"] = lambda f: zbar(f, [pyzbar.ZBarSymbol.QRCODE])
    return readers


def _timed(reader: Reader, image: Any, repeat: int) -> tuple[list[str], float]:
    """The reader's texts and its fastest time of ``repeat`` runs, in ms.

    The fastest run is the decoder's own cost: on a shared machine the slower runs measure the
    neighbours (the kiosk runs alone).
    """
    best = float("inf")
    texts: list[str] = []
    for _ in range(repeat):
        start = time.perf_counter()
        texts = reader(image)
        best = min(best, (time.perf_counter() - start) * 1000)
    return texts, best


def measure(
    name: str,
    reader: Reader,
    frames: list[synth.SynthFrame],
    empties: list[Any],
    repeat: int = 1,
) -> Result:
    """Run ``reader`` over every frame (after one warm-up call) and time each call."""
    reader(frames[0].image)
    read, times, misread = [], [], 0
    for frame in frames:
        texts, ms = _timed(reader, frame.image, repeat)
        times.append(ms)
        read.append(frame.text in texts)
        misread += sum(1 for t in texts if t != frame.text)
    empty_times = []
    for image in empties:
        texts, ms = _timed(reader, image, repeat)
        misread += len(texts)
        empty_times.append(ms)
    return Result(name, read, misread, times, empty_times)


def print_main_table(results: list[Result]) -> None:
    print(
        f"{'decoder':30s} {'read/frame':>10s} {'median ms':>10s} {'p90 ms':>8s} "
        f"{'misreads':>8s} {'no-badge median/p90 ms':>24s}"
    )
    print("-" * 95)
    for r in results:
        idle = f"{statistics.median(r.empty_times):.1f} / {_p90(r.empty_times):.1f}"
        print(
            f"{r.name:30s} {r.rate:9.1f}% {r.median:10.2f} {r.p90:8.2f} {r.misread:8d} {idle:>24s}"
        )
    print(f"{'target (DESIGN.md §7)':30s} {'≥ 85%':>10s} {'≤ 8':>10s}")


def print_difficulty_table(results: list[Result], frames: list[synth.SynthFrame]) -> None:
    counts: Counter[str] = Counter(t for f in frames for t in f.conditions.tags)
    tags = [t for t in synth.TAGS if counts[t]]
    print("read rate by difficulty (a frame can carry several tags; n = frames with the tag)")
    header = f"{'decoder':30s} " + " ".join(f"{t:>12s}" for t in tags)
    print(header)
    print(f"{'n':30s} " + " ".join(f"{counts[t]:12d}" for t in tags))
    print("-" * len(header))
    for r in results:
        cells = []
        for tag in tags:
            hits = [ok for ok, f in zip(r.read, frames, strict=True) if tag in f.conditions.tags]
            cells.append(f"{100 * sum(hits) / len(hits):11.0f}%")
        print(f"{r.name:30s} " + " ".join(cells))


def verdicts(ours: Result) -> list[str]:
    lines = []
    gap = TARGET_READ - ours.rate
    if gap <= 0:
        lines.append(f"read rate {ours.rate:.1f}% per frame: target ≥ {TARGET_READ:.0f}% met")
    else:
        lines.append(
            f"read rate {ours.rate:.1f}% per frame: target ≥ {TARGET_READ:.0f}% MISSED "
            f"by {gap:.1f} points"
        )
    if ours.median <= TARGET_MEDIAN_MS:
        lines.append(f"median {ours.median:.2f} ms per frame: target ≤ 8 ms met")
    else:
        lines.append(
            f"median {ours.median:.2f} ms per frame: target ≤ 8 ms MISSED "
            f"by {ours.median - TARGET_MEDIAN_MS:.2f} ms"
        )
    return lines


def ablation(frames: list[synth.SynthFrame], empties: list[Any], repeat: int) -> None:
    """Each default step's worth: the pipeline cut after it, and the pipeline without it."""
    steps = list(scan.DEFAULT_STEPS)
    if scan.PYZBAR not in scan.available_decoders():
        steps = [s for s in steps if not s.endswith("pyzbar")]
    configs: list[tuple[str, tuple[str, ...]]] = []
    for i in range(len(steps)):
        configs.append((" + ".join(steps[: i + 1]), tuple(steps[: i + 1])))
    for step in steps[1:]:
        configs.append((f"all but {step}", tuple(s for s in steps if s != step)))
    for extra in scan.STEPS:
        if extra not in steps and (
            not extra.endswith("pyzbar") or scan.PYZBAR in scan.available_decoders()
        ):
            configs.append((f"all + {extra}", (*steps, extra)))
    print("ablation: what each step adds (same frames; no-badge = a frame of background only)")
    print(f"{'pipeline':52s} {'read':>7s} {'median':>7s} {'p90':>7s} {'mean':>7s} {'no-badge':>9s}")
    for label, config in configs:

        def reader(frame: Any, config: tuple[str, ...] = config) -> list[str]:
            return [d.text for d in scan.decode(frame, steps=config)]

        r = measure(label, reader, frames, empties, repeat)
        print(
            f"{label:52s} {r.rate:6.1f}% {r.median:7.2f} {r.p90:7.2f} "
            f"{statistics.mean(r.times):7.2f} {statistics.median(r.empty_times):9.2f}"
        )
    counts: Counter[str] = Counter()
    for frame in frames:
        found = scan.decode(frame.image)
        if found and found[0].text == frame.text:
            counts[found[0].step] += 1
    print(
        "frames read by each step of the default pipeline: "
        + ", ".join(f"{step} {counts[step]}" for step in steps)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--frames", type=int, default=300, help="badge frames (300)")
    parser.add_argument("--empty", type=int, default=30, help="frames with no badge (30)")
    parser.add_argument("--seed", type=int, default=2026, help="frame generator seed (2026)")
    parser.add_argument(
        "--qr-box-mm",
        type=float,
        default=_card_qr_box_mm(),
        help="printed QR width on the card, quiet zone included (default: the badge card's)",
    )
    parser.add_argument(
        "--qr-source",
        choices=("synth", "badges"),
        default="synth",
        help="QR renderer: desktop.scan.synth (qrcode package) or desktop.core.badges (synth)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="time each frame N times, keep the fastest (3)"
    )
    parser.add_argument("--steps", action="store_true", help="also print the step ablation")
    args = parser.parse_args(argv)
    if args.frames < 1 or args.repeat < 1:
        parser.error("--frames and --repeat must be at least 1")

    start = time.perf_counter()
    make_qr = _badges_qr if args.qr_source == "badges" else synth.badge_qr_image
    frames = list(
        synth.webcam_frames(args.frames, args.seed, make_qr=make_qr, qr_box_mm=args.qr_box_mm)
    )
    rng = np.random.default_rng(args.seed + 1)
    empties = [synth.empty_frame(rng) for _ in range(max(args.empty, 1))]
    versions = Counter(synth.badge_qr_version(f.text) for f in frames)
    print(
        f"{len(frames)} webcam frames 1280x720 (seed {args.seed}, QR {args.qr_source} "
        f"{args.qr_box_mm:g} mm with quiet zone, versions {dict(sorted(versions.items()))} at "
        f"level Q) + {len(empties)} without a badge, generated in "
        f"{time.perf_counter() - start:.1f} s; decoders: {', '.join(scan.available_decoders())}; "
        f"times: fastest of {args.repeat} run(s) per frame"
    )
    print()
    results = [
        measure(name, reader, frames, empties, args.repeat) for name, reader in _readers().items()
    ]
    print_main_table(results)
    print()
    print_difficulty_table(results, frames)
    print()
    ours = results[0]
    for line in verdicts(ours):
        print(line)
    if args.steps:
        print()
        ablation(frames, empties, args.repeat)
    return 0 if ours.rate >= TARGET_READ and ours.median <= TARGET_MEDIAN_MS else 1


if __name__ == "__main__":
    sys.exit(main())

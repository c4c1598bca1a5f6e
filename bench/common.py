"""Helpers the storage benchmarks share: timing, filling a store, printing a result table."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

from desktop.demo import populate
from desktop.store import Store

PAGE = 100  # rows the list shows and fetches at once


@dataclass
class Row:
    """One line of a benchmark report."""

    what: str
    measured: str
    target: str
    ok: bool | None  # None: informative, not a DESIGN.md target
    info_over: bool = False  # an informative row above the reference budget


def median_ms(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and worst wall time of ``fn`` in ms, after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), max(times)


def fill(store: Store, cases: int, seed: int) -> float:
    """Fill ``store`` with demo data through the real schema; returns the seconds it took."""

    def progress(done: int, total: int) -> None:
        print(f"\r  filling: {done:,}/{total:,} cases", end="", file=sys.stderr, flush=True)

    start = time.perf_counter()
    populate(store, seed=seed, cases=cases, progress=progress)
    print(file=sys.stderr)
    return time.perf_counter() - start


def print_table(rows: list[Row]) -> None:
    """Print rows as an aligned table: what | measured | target | ok/MISS/over."""
    headers = ("what", "measured", "target", "result")

    def verdict(r: Row) -> str:
        if r.ok is None:
            return "over" if r.info_over else ""
        return "ok" if r.ok else "MISS"

    table = [(r.what, r.measured, r.target, verdict(r)) for r in rows]
    widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(headers)]
    print("  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)))
    print("  ".join("-" * w for w in widths))
    for t in table:
        print("  ".join(c.ljust(w) for c, w in zip(t, widths, strict=True)).rstrip())

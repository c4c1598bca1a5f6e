"""Tablero benchmark: 52 weeks of weekly figures for 100,000 cases (``python bench/metrics.py``).

DESIGN.md §7 sets no target for the Tablero or the weekly report. The budget here, ≤ 2 s for a
year of figures (every department and the total) on a read-only connection, is ours: the screen
computes them on the database worker when it opens or the range changes, and the same 2 s is the
cold-start budget. A second row times one week (what ``verifica report weekly`` computes before
drawing) and a third the ratings per department over the year, for information.

Fills a temporary data folder with demo cases (:func:`bench.common.fill`), or reuses a filled one
(``--data DIR``, read only here). Each figure is the median of ``--runs`` runs after a warm-up.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
from pathlib import Path

# Runnable as a plain script from a checkout: make the repository root importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import Row, fill, median_ms, print_table
from desktop.core import metrics
from desktop.core.forecast import IsoWeek
from desktop.store import open_store

YEAR_BUDGET_MS = 2000.0


def measure(data_dir: Path, runs: int) -> list[Row]:
    store = open_store(data_dir)
    try:
        cases = store.db.execute("SELECT count(*) FROM permit_cases").fetchone()[0]
        history = store.db.execute("SELECT count(*) FROM case_status_history").fetchone()[0]
    finally:
        store.close()
    reader = open_store(data_dir, migrate=False, check=False).reader()
    zone = metrics.local_zone()
    last = IsoWeek.of(dt.datetime.now(zone).date() - dt.timedelta(days=7))
    first = last.plus(-51)
    report = metrics.weekly_figures(reader, first, last, tz=zone)
    year_ms, year_worst = median_ms(
        lambda: metrics.weekly_figures(reader, first, last, tz=zone), runs
    )
    week_ms, _ = median_ms(lambda: metrics.weekly_figures(reader, last, last, tz=zone), runs)
    ratings_ms, _ = median_ms(lambda: metrics.ratings_by_department(reader, first, last), runs)
    resolved = sum(w.resolved for w in report.total.weeks)
    return [
        Row(
            f"52 weeks of figures, {cases:,} cases / {history:,} history rows "
            f"({resolved:,} resolved in the span)",
            f"{year_ms:.0f} ms (worst {year_worst:.0f})",
            f"≤ {YEAR_BUDGET_MS:.0f} ms (own budget)",
            year_ms <= YEAR_BUDGET_MS,
        ),
        Row("one week of figures (the report)", f"{week_ms:.0f} ms", "-", None),
        Row("ratings per department, 52 weeks", f"{ratings_ms:.1f} ms", "-", None),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=100_000, help="cases to fill (100000)")
    parser.add_argument("--seed", type=int, default=2026, help="demo data seed (2026)")
    parser.add_argument("--runs", type=int, default=5, help="timed runs (5)")
    parser.add_argument("--data", type=Path, metavar="DIR", help="use an already filled folder")
    args = parser.parse_args(argv)
    if args.data is not None:
        if not (args.data / "verifica.db").exists():
            parser.error(f"{args.data} holds no verifica.db")
        rows = measure(args.data, args.runs)
    else:
        with tempfile.TemporaryDirectory(prefix="verifica-bench-") as tmp:
            folder = Path(tmp) / "data"
            store = open_store(folder)
            try:
                seconds = fill(store, args.cases, args.seed)
            finally:
                store.close()
            print(f"filled {args.cases:,} cases in {seconds:.1f} s", file=sys.stderr)
            rows = measure(folder, args.runs)
    print_table(rows)
    return 1 if any(r.ok is False for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())

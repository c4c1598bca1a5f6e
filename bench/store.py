"""Storage benchmarks against the DESIGN.md §7 targets (run: ``python bench/store.py``).

Fills a temporary data folder with demo cases through the real schema (every record with its
change-log row and hash-chained audit event, like the app writes them), then times what a clerk
feels: one status change, and the case list's first page, status filter and full-text search.
Reads go through a read-only connection, as the app's list views do.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Runnable as a plain script from a checkout: make the repository root importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlite_utils import Database

from bench.common import PAGE, Row, fill, median_ms, print_table
from desktop.core import permits
from desktop.store import Store, open_store
from desktop.store.cases import CaseQuery, case_rowids, case_rows


def _list_page(db: Database, query: CaseQuery) -> Callable[[], int]:
    """What the list does on open / filter / each keystroke: all ids, then the first page."""

    def run() -> int:
        ids = case_rowids(db, query)
        case_rows(db, ids[:PAGE])
        return len(ids)

    return run


def _status_changes(store: Store, count: int) -> list[float]:
    """Time ``count`` single status changes, each its own transaction (as the app commits)."""
    actor = store.actor(store.db.execute("SELECT id FROM users WHERE role = 'clerk'").fetchone()[0])
    ids = [
        r[0]
        for r in store.db.execute(
            "SELECT id FROM permit_cases WHERE status = 'recibido' ORDER BY received_date LIMIT ?",
            [count],
        )
    ]
    times = []
    for case_id in ids:
        start = time.perf_counter()
        permits.change_status(store, actor, case_id, "en_revision")
        times.append((time.perf_counter() - start) * 1000)
    return times


def _bulk_status_change(store: Store, count: int) -> float:
    """Per-case ms of ``count`` status changes committed together (one fsync), as a bulk action."""
    actor = store.actor(store.db.execute("SELECT id FROM users WHERE role = 'clerk'").fetchone()[0])
    ids = [
        r[0]
        for r in store.db.execute(
            "SELECT id FROM permit_cases WHERE status = 'recibido' ORDER BY received_date DESC "
            "LIMIT ?",
            [count],
        )
    ]
    start = time.perf_counter()
    with store.write():
        for case_id in ids:
            permits.change_status(store, actor, case_id, "en_revision")
    return (time.perf_counter() - start) * 1000 / max(1, len(ids))


def run(cases: int, seed: int, runs: int, changes: int, keep: Path | None) -> list[Row]:
    with tempfile.TemporaryDirectory(prefix="verifica-bench-") as tmp:
        data_dir = keep or Path(tmp) / "data"
        store = open_store(data_dir)
        try:
            rows: list[Row] = []
            seconds = fill(store, cases, seed)
            written = store.db.execute("SELECT count(*) FROM change_log").fetchone()[0]
            size_mb = store.path.stat().st_size / 1e6
            rows.append(
                Row(
                    f"fill {cases:,} cases ({written:,} changes, {size_mb:.0f} MB)",
                    f"{cases / seconds:,.0f} cases/s",
                    "-",
                    None,
                )
            )

            times = _status_changes(store, changes)
            median = statistics.median(times)
            p95 = statistics.quantiles(times, n=20)[-1]
            rows.append(
                Row(
                    f"status change, median of {len(times)} (p95 {p95:.1f} ms)",
                    f"{median:.2f} ms",
                    "≤ 5 ms",
                    median <= 5,
                )
            )

            bulk = _bulk_status_change(store, changes * 5)
            rows.append(
                Row(
                    f"bulk: {changes * 5} status changes in one transaction, per case",
                    f"{bulk:.2f} ms",
                    "(5 ms)",
                    None,
                )
            )

            reader = store.reader()
            try:
                # (label, query, counts toward the targets): the informative rows show where the
                # 50 ms budget ends (one-letter searches, the folio prefix every case shares,
                # sorts that join another table); DESIGN.md §7 names open, filter and search.
                lists = [
                    ("open: first page (all ids + 100 rows)", CaseQuery(), True),
                    ("filter: status = en_revision", CaseQuery(status="en_revision"), True),
                    ("search: 'tacos'", CaseQuery(search="tacos"), True),
                    ("search as you type: 'ta'", CaseQuery(search="ta"), True),
                    ("search as you type: 'tac'", CaseQuery(search="tac"), True),
                    ("search as you type: 'farm'", CaseQuery(search="farm"), True),
                    ("search: 'taco bonfil' (two words)", CaseQuery(search="taco bonfil"), True),
                    (
                        "filter + search: en_revision, 'farm'",
                        CaseQuery(status="en_revision", search="farm"),
                        True,
                    ),
                    ("search: one letter 'c'", CaseQuery(search="c"), False),
                    ("search: 'pc' (every folio starts PC-)", CaseQuery(search="pc"), False),
                    ("sort by business name", CaseQuery(sort="business"), False),
                    (
                        "sort by assignee, descending",
                        CaseQuery(sort="assignee", descending=True),
                        False,
                    ),
                ]
                for label, query, counts in lists:
                    run_once = _list_page(reader, query)
                    matched = run_once()
                    median, worst = median_ms(run_once, runs)
                    rows.append(
                        Row(
                            f"{label} [{matched:,} rows, max {worst:.1f} ms]",
                            f"{median:.1f} ms",
                            "≤ 50 ms" if counts else "(50 ms)",
                            median <= 50 if counts else None,
                            info_over=not counts and median > 50,
                        )
                    )
            finally:
                reader.close()
        finally:
            store.close()
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--cases", type=int, default=100_000, help="cases to fill (100000)")
    parser.add_argument("--seed", type=int, default=2026, help="demo data seed (2026)")
    parser.add_argument("--runs", type=int, default=9, help="timed runs per list query (9)")
    parser.add_argument("--changes", type=int, default=200, help="status changes timed (200)")
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="fill DIR (must not exist) and keep it"
    )
    args = parser.parse_args(argv)
    if args.keep is not None and args.keep.exists():
        parser.error(f"{args.keep} already exists")
    rows = run(args.cases, args.seed, args.runs, args.changes, args.keep)
    print_table(rows)
    return 1 if any(r.ok is False for r in rows) else 0


if __name__ == "__main__":
    raise SystemExit(main())

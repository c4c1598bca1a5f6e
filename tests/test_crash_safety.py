"""SIGKILL in the middle of writing: every batch is wholly present or wholly absent."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from desktop.store import open_store
from desktop.store.maintenance import check_store

BATCH = 40
WRITER = f"""
import datetime as dt, sys, itertools
from desktop.store import open_store
from desktop.core import permits

store = open_store(sys.argv[1])
actor = store.actor(None)
run = sys.argv[2]
for batch in itertools.count():
    with store.write():
        for i in range({BATCH}):
            b = permits.create_business(store, actor, name=f"Negocio {{run}}-{{batch}}-{{i}}")
            case = permits.create_case(
                store, actor, folio=f"K{{run}}-{{batch}}-{{i}}", business_id=b,
                received_date=dt.date(2025, 1, 1),
            )
            permits.change_status(store, actor, case, "en_revision")
    print(batch, flush=True)  # acknowledged: the transaction committed
"""


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only")
def test_sigkill_during_batches_of_writes_twenty_times(tmp_path: Path) -> None:
    data = tmp_path / "data"
    open_store(data).close()
    rng = random.Random(47)
    acknowledged: dict[str, int] = {}
    root = Path(__file__).resolve().parents[1]
    for run in range(20):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(data), str(run)],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert proc.stdout is not None
        first = proc.stdout.readline()  # wait until writing is well under way
        assert first.strip() == "0", proc.stderr.read() if proc.stderr else ""
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = proc.communicate(timeout=30)
        assert proc.returncode == -signal.SIGKILL
        acknowledged[str(run)] = max(int(x) for x in [first, *rest.split()])

    store = open_store(data)
    report = check_store(store)
    assert report.ok, report.problems
    counts: Counter[str] = Counter(
        folio.rsplit("-", 1)[0] for (folio,) in store.db.execute("SELECT folio FROM permit_cases")
    )
    for run, last_acked in acknowledged.items():
        for batch in range(last_acked + 1):
            assert counts.get(f"K{run}-{batch}") == BATCH, f"acknowledged batch {run}-{batch} lost"
        # the batch in flight when killed is all there or not there at all
        in_flight = counts.get(f"K{run}-{last_acked + 1}", 0)
        assert in_flight in (0, BATCH)
        assert f"K{run}-{last_acked + 2}" not in counts
    # every case has exactly its two change-log rows' worth of history
    orphans = store.db.execute(
        "SELECT count(*) FROM permit_cases c WHERE "
        "(SELECT count(*) FROM case_status_history h WHERE h.case_id = c.id) != 2"
    ).fetchone()[0]
    assert orphans == 0
    store.close()

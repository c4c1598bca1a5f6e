"""Server sync throughput against DESIGN.md §7 (run: ``python bench/server.py``).

Starts the real ``verifica-server`` on 127.0.0.1 (SQLite, and PostgreSQL when
``VERIFICA_BENCH_PG_URL`` or ``VERIFICA_TEST_PG_URL`` is set: a fresh database is created on
that server and dropped afterwards), pushes 100,000 change-log records shaped like the desktop's
(businesses, permit cases and their status history) in batches, then pulls them all back as a
device's first sync would, over loopback HTTP with the real JSON encoding.

DESIGN.md §7: "first sync of 100,000 records over loopback ≤ 10 s". The first sync of a new
device is the pull; the push of a laptop's whole outbox is shown beside it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "server"))

from server_helpers import ADMIN_PASSWORD, ServerProcess  # noqa: E402

PASSWORD = "bench-password-1"  # the department clerk's
TARGET_S = 10.0


@dataclass
class Result:
    backend: str
    what: str
    records: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.records / self.seconds if self.seconds else 0.0


class Server:
    """A migrated database with an admin, served by a real ``verifica-server`` process.

    The process is the test suite's :class:`server_helpers.ServerProcess`, logging warnings only.
    """

    def __init__(self, url: str, data_dir: Path) -> None:
        self.process = ServerProcess(url, data_dir, serve_args=("--log-level", "warning"))
        self.process.prepare()
        self.process.start()

    def client(self, username: str = "admin", password: str = ADMIN_PASSWORD) -> httpx.Client:
        token, _ = self.process.login(username, password)
        return httpx.Client(
            base_url=self.process.url, headers={"Authorization": f"Bearer {token}"}, timeout=300
        )

    def stop(self) -> None:
        self.process.stop()


def _records(total: int) -> tuple[list[dict[str, Any]], str]:
    """``total`` desktop-shaped changes: 1 department, then per case a business, case, history."""
    now = time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())
    dept = str(uuid.uuid4())

    def change(entity: str, data: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": str(uuid.uuid4()),
            "entity": entity,
            "entity_id": data["id"],
            "op": "insert",
            "data": data,
            "at": now,
            "device_id": "bench-laptop",
            "user_id": None,
        }

    out = [
        change(
            "departments",
            {
                "id": dept,
                "code": "PC",
                "name": "Protección Civil",
                "created_at": now,
                "updated_at": now,
            },
        )
    ]
    n = 0
    while len(out) < total:
        n += 1
        biz = {
            "id": str(uuid.uuid4()),
            "name": f"Negocio {n}",
            "owner_name": "Juana Pérez",
            "address": f"Calle {n}",
            "colonia": "Centro",
            "scian_code": "461110",
            "scian_description": "Abarrotes",
            "risk_level": "bajo",
            "phone": "",
            "created_at": now,
            "updated_at": now,
        }
        case = {
            "id": str(uuid.uuid4()),
            "folio": f"PC-2026-{n:06d}",
            "business_id": biz["id"],
            "department_id": dept,
            "procedure_type": "anuencia_bajo_riesgo",
            "received_date": "2026-01-15",
            "status": "recibido",
            "assignee_id": None,
            "due_date": "2026-02-15",
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
        hist = {
            "id": str(uuid.uuid4()),
            "case_id": case["id"],
            "from_status": None,
            "to_status": "recibido",
            "reason": "",
            "user_id": None,
            "device_id": "bench-laptop",
            "at": now,
        }
        out += [
            change("businesses", biz),
            change("permit_cases", case),
            change("case_status_history", hist),
        ]
    return out[:total], dept


def bench_backend(backend: str, url: str, data_dir: Path, total: int, batch: int) -> list[Result]:
    server = Server(url, data_dir)
    try:
        changes, dept = _records(total)
        admin = server.client()
        start = time.perf_counter()
        for i in range(0, total, batch):
            r = admin.post("/sync/push", json={"changes": changes[i : i + batch], "audit": []})
            r.raise_for_status()
            statuses = {x["status"] for x in r.json()["results"]}
            assert statuses == {"accepted"}, statuses
            print(
                f"\r  {backend}: pushed {min(i + batch, total):,}/{total:,}",
                end="",
                file=sys.stderr,
                flush=True,
            )
        push_s = time.perf_counter() - start
        print(file=sys.stderr)

        results = [Result(backend, f"push, batches of {batch:,}", total, push_s)]
        results.append(_pull(backend, "first sync (pull), administrator", admin, total))
        new = admin.post(
            "/admin/users",
            json={
                "username": "capturista",
                "role": "clerk",
                "password": PASSWORD,
                "department": dept,
            },
        )
        new.raise_for_status()
        clerk = server.client("capturista", PASSWORD)
        results.append(_pull(backend, "first sync (pull), department clerk", clerk, None))
        admin.close()
        clerk.close()
        return results
    finally:
        server.stop()


def _pull(backend: str, what: str, client: httpx.Client, expect: int | None) -> Result:
    start = time.perf_counter()
    cursor, count = 0, 0
    while True:
        r = client.get("/sync/pull", params={"cursor": cursor, "limit": 5000})
        r.raise_for_status()
        page = r.json()
        count += len(page["items"])
        cursor = page["cursor"]
        if not page["more"]:
            break
    seconds = time.perf_counter() - start
    if expect is not None:
        assert count >= expect, (count, expect)
    return Result(backend, what, count, seconds)


def _pg_settings(url: str) -> str:
    import psycopg

    with psycopg.connect(url) as conn:
        values = [
            f"{name}={conn.execute(f'SHOW {name}').fetchone()[0]}"  # type: ignore[index]
            for name in ("fsync", "synchronous_commit")
        ]
    return ", ".join(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=100_000, help="records (100000)")
    parser.add_argument("--batch", type=int, default=1000, help="changes per push (1000)")
    args = parser.parse_args(argv)

    from sqlalchemy.engine import make_url

    results: list[Result] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="verifica-bench-server-") as tmp:
        root = Path(tmp)
        sqlite_dir = root / "sqlite"
        sqlite_dir.mkdir()
        results += bench_backend(
            "SQLite",
            f"sqlite:///{sqlite_dir / 'server.db'}",
            sqlite_dir,
            args.records,
            args.batch,
        )
        pg = os.environ.get("VERIFICA_BENCH_PG_URL") or os.environ.get("VERIFICA_TEST_PG_URL")
        if pg:
            import psycopg

            base = make_url(pg).set(drivername="postgresql")
            name = f"verifica_bench_{uuid.uuid4().hex[:8]}"
            admin_url = base.render_as_string(hide_password=False)
            with psycopg.connect(admin_url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{name}"')
            url = base.set(database=name).render_as_string(hide_password=False)
            pg_dir = root / "pg"
            pg_dir.mkdir()
            try:
                notes.append(f"PostgreSQL settings: {_pg_settings(url)}")
                results += bench_backend("PostgreSQL", url, pg_dir, args.records, args.batch)
            finally:
                with psycopg.connect(admin_url, autocommit=True) as conn:
                    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        else:
            notes.append("PostgreSQL skipped: set VERIFICA_BENCH_PG_URL (or VERIFICA_TEST_PG_URL).")

    print(f"{'backend':<11} {'what':<38} {'records':>9} {'seconds':>8} {'records/s':>10}  target")
    print("-" * 100)
    missed = False
    for r in results:
        target = ""
        if r.what.startswith("first sync") and "administrator" in r.what:
            ok = r.seconds * (100_000 / max(r.records, 1)) <= TARGET_S
            missed |= not ok
            target = f"100,000 records ≤ {TARGET_S:.0f} s: {'ok' if ok else 'MISS'}"
        print(
            f"{r.backend:<11} {r.what:<38} {r.records:>9,} {r.seconds:>8.2f} {r.rate:>10,.0f}"
            f"  {target}"
        )
    for note in notes:
        print(note)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())

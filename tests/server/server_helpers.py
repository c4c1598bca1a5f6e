"""Helpers for the server tests: a real ``verifica-server`` process, an HTTP client, records.

Nothing here imitates the server: :class:`ServerProcess` runs ``verifica-server migrate``, ``user
add`` and ``serve`` as subprocesses on 127.0.0.1 with a free port and polls ``/health`` until it
answers; :class:`Api` talks HTTP to it. The record builders produce rows shaped like the desktop's
tables (desktop/store/schema.py) wrapped in change-log entries.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from sync import protocol

ADMIN_PASSWORD = "admin-password-1"
PASSWORD = "password-1234"
SERVER = [sys.executable, "-m", "sync.server.cli"]
STARTUP_TIMEOUT_S = 60.0


def new_id() -> str:
    return str(uuid.uuid4())


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run_cli(
    *args: str, stdin: str | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """Run ``verifica-server ARGS`` and return the finished process."""
    done = subprocess.run(
        [*SERVER, *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"verifica-server {' '.join(args)} failed:\n{done.stderr}")
    return done


@dataclass
class ServerProcess:
    """A real server: migrated database, an admin account, ``serve`` running on a free port."""

    database_url: str
    data_dir: Path
    process: subprocess.Popen[bytes] | None = None
    port: int = 0
    serve_args: tuple[str, ...] = ()  # more ``serve`` options (bench: ``--log-level warning``)
    log_path: Path = field(init=False)
    _admin: Api | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.log_path = self.data_dir / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cli(
        self, *args: str, stdin: str | None = None, check: bool = True
    ) -> subprocess.CompletedProcess[str]:
        return run_cli(
            *args,
            "--database",
            self.database_url,
            "--data-dir",
            str(self.data_dir),
            stdin=stdin,
            check=check,
        )

    def prepare(self) -> None:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        self.cli("migrate")
        self.cli(
            "user",
            "add",
            "--username",
            "admin",
            "--role",
            "admin",
            "--password-stdin",
            stdin=ADMIN_PASSWORD + "\n",
        )

    def start(self) -> None:
        """Start ``serve`` and wait until ``/health`` answers 200 (never a fixed sleep)."""
        for _attempt in range(3):
            self.port = free_port()
            log = open(self.log_path, "ab")  # noqa: SIM115 - the child keeps writing to it
            self.process = subprocess.Popen(
                [
                    *SERVER,
                    "serve",
                    "--database",
                    self.database_url,
                    "--data-dir",
                    str(self.data_dir),
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(self.port),
                    *self.serve_args,
                ],
                stdout=log,
                stderr=log,
            )
            log.close()
            if self._wait_ready():
                return
            self.stop()
        raise AssertionError(f"the server did not start; log:\n{self.log_text()[-3000:]}")

    def _wait_ready(self) -> bool:
        assert self.process is not None
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False  # exited: port taken, or refused to start
            try:
                if httpx.get(f"{self.url}/health", timeout=2).status_code == 200:
                    return True
            except httpx.TransportError:
                pass
            time.sleep(0.05)  # polling interval, not a guess at start-up time
        return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_events(self, event: str) -> list[dict[str, Any]]:
        """Every JSON log line whose ``event`` is ``event``."""
        found = []
        for line in self.log_text().splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if entry.get("event") == event:
                found.append(entry)
        return found

    def api(self, token: str | None = None) -> Api:
        return Api(self.url, token)

    def login(
        self, username: str, password: str, device_id: str | None = None
    ) -> tuple[str, dict[str, Any]]:
        """Enrol a device; returns (token, login response)."""
        body: dict[str, Any] = {"username": username, "password": password, "device_name": "test"}
        if device_id is not None:
            body["device_id"] = device_id
        r = httpx.post(f"{self.url}/auth/login", json=body, timeout=30)
        assert r.status_code == 200, r.text
        return r.json()["token"], r.json()

    def admin(self) -> Api:
        """The administrator's client (enrolled once per server)."""
        if self._admin is None:
            token, _ = self.login("admin", ADMIN_PASSWORD)
            self._admin = self.api(token)
        return self._admin


class Api:
    """A thin HTTP client with a device token."""

    def __init__(self, base_url: str, token: str | None) -> None:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        # No kept-alive connections: every socket is closed when its response is read, so no
        # test leaves an open socket behind (warnings are errors in this suite).
        self.http = httpx.Client(
            base_url=base_url,
            headers=headers,
            timeout=60,
            limits=httpx.Limits(max_keepalive_connections=0),
        )
        self.token = token

    def push(
        self, changes: Sequence[dict[str, Any]] = (), audit: Sequence[dict[str, Any]] = ()
    ) -> dict[str, Any]:
        r = self.http.post("/sync/push", json={"changes": list(changes), "audit": list(audit)})
        assert r.status_code == 200, r.text
        return dict(r.json())

    def statuses(self, changes: Sequence[dict[str, Any]]) -> list[str]:
        return [res["status"] for res in self.push(changes)["results"]]

    def pull_all(self, cursor: int = 0, limit: int = 500) -> tuple[list[dict[str, Any]], int]:
        items: list[dict[str, Any]] = []
        while True:
            r = self.http.get("/sync/pull", params={"cursor": cursor, "limit": limit})
            assert r.status_code == 200, r.text
            page = r.json()
            items.extend(page["items"])
            assert page["cursor"] >= cursor
            cursor = page["cursor"]
            if not page["more"]:
                return items, cursor

    def cursor(self) -> int:
        return self.pull_all(cursor=0, limit=5000)[1]

    def create_user(self, role: str, department: str | None = None) -> tuple[str, str]:
        """Create an account with a unique user name; returns (account id, user name)."""
        username = f"{role}-{uuid.uuid4().hex[:10]}"
        body = {"username": username, "role": role, "password": PASSWORD, "department": department}
        r = self.http.post("/admin/users", json=body)
        assert r.status_code == 201, r.text
        return r.json()["id"], username


# -- databases -------------------------------------------------------------------------------

PG_ENV = "VERIFICA_TEST_PG_URL"
SKIP_PG_ENV = "VERIFICA_TEST_SKIP_PG"


def pg_base_url() -> str:
    """The PostgreSQL URL for tests; fails (or, when opted out, skips) the test without one."""
    url = os.environ.get(PG_ENV, "")
    if url:
        return url
    if os.environ.get(SKIP_PG_ENV) == "1":
        pytest.skip(f"PostgreSQL variant skipped on request ({SKIP_PG_ENV}=1)")
    pytest.fail(
        f"{PG_ENV} is not set: the server suite must also run on PostgreSQL. Start one (see "
        f".ci/run) and export {PG_ENV}=postgresql://USER@HOST:PORT/DB, or opt out explicitly "
        f"with {SKIP_PG_ENV}=1.",
        pytrace=False,
    )


class Databases:
    """Creates throw-away databases for one backend and drops them at the end."""

    def __init__(self, backend: str, root: Path) -> None:
        self.backend = backend
        self.root = root
        self.created: list[str] = []

    def new(self, name: str) -> str:
        if self.backend == "sqlite":
            path = self.root / f"{name}-{uuid.uuid4().hex[:6]}.db"
            return f"sqlite:///{path}"
        import psycopg
        from sqlalchemy.engine import make_url

        base = make_url(pg_base_url())
        db_name = f"verifica_t_{uuid.uuid4().hex[:12]}"
        admin_url = base.set(drivername="postgresql").render_as_string(hide_password=False)
        with psycopg.connect(admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{db_name}"')
        self.created.append(db_name)
        return base.set(database=db_name).render_as_string(hide_password=False)

    def drop_all(self) -> None:
        if not self.created:
            return
        import psycopg
        from sqlalchemy.engine import make_url

        admin_url = make_url(pg_base_url()).set(drivername="postgresql")
        with psycopg.connect(
            admin_url.render_as_string(hide_password=False), autocommit=True
        ) as conn:
            for name in self.created:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- records and changes, shaped like the desktop's rows -------------------------------------

DEVICE = "test-device"


def change(
    entity: str,
    data: dict[str, Any],
    op: str = "insert",
    *,
    entity_id: str | None = None,
    base_version: int | None = None,
    device_id: str = DEVICE,
    user_id: str | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": new_id(),
        "entity": entity,
        "entity_id": entity_id or data["id"],
        "op": op,
        "data": data,
        "at": now_iso(),
        "device_id": device_id,
        "user_id": user_id,
    }
    if base_version is not None:
        body["base_version"] = base_version
    return body


def department(code: str | None = None) -> dict[str, Any]:
    code = code or f"D{uuid.uuid4().hex[:6].upper()}"
    now = now_iso()
    return {
        "id": new_id(),
        "code": code,
        "name": f"Dependencia {code}",
        "created_at": now,
        "updated_at": now,
    }


def business(**extra: Any) -> dict[str, Any]:
    now = now_iso()
    row = {
        "id": new_id(),
        "name": "Abarrotes La Esperanza",
        "owner_name": "Juana Pérez Uc",
        "address": "Av. Tulum 123",
        "colonia": "Centro",
        "scian_code": "461110",
        "scian_description": "Comercio al por menor en tiendas de abarrotes",
        "risk_level": "bajo",
        "phone": "9981234567",
        "created_at": now,
        "updated_at": now,
    }
    row.update(extra)
    return row


def case(dept_id: str | None, business_id: str, **extra: Any) -> dict[str, Any]:
    now = now_iso()
    row = {
        "id": new_id(),
        "folio": f"PC-{uuid.uuid4().hex[:8].upper()}",
        "business_id": business_id,
        "department_id": dept_id,
        "procedure_type": "anuencia_bajo_riesgo",
        "received_date": "2026-01-15",
        "status": "recibido",
        "assignee_id": None,
        "due_date": "2026-02-15",
        "version": 1,
        "created_at": now,
        "updated_at": now,
    }
    row.update(extra)
    return row


def history(case_id: str, to_status: str = "en_revision") -> dict[str, Any]:
    return {
        "id": new_id(),
        "case_id": case_id,
        "from_status": "recibido",
        "to_status": to_status,
        "reason": "",
        "user_id": None,
        "device_id": DEVICE,
        "at": now_iso(),
    }


def inspector(dept_id: str, user_id: str | None = None, **extra: Any) -> dict[str, Any]:
    now = now_iso()
    row = {
        "id": new_id(),
        "user_id": user_id,
        "full_name": "Luis Enrique Pech Dzul",
        "department_id": dept_id,
        "position": "Inspector de Protección Civil",
        "photo_sha256": None,
        "status": "activo",
        "status_reason": "",
        "status_at": now,
        "valid_from": "2025-01-01",
        "valid_until": "2099-12-31",
        "created_at": now,
        "updated_at": now,
    }
    row.update(extra)
    return row


def badge_token() -> str:
    return protocol.new_badge_token(os.urandom(16))


def badge(inspector_id: str, token: str, **extra: Any) -> dict[str, Any]:
    row = {
        "id": new_id(),
        "inspector_id": inspector_id,
        "token_hash": protocol.badge_token_hash(token),
        "issued_at": now_iso(),
        "expires_at": "2099-12-31",
        "revoked_at": None,
        "revoked_reason": "",
    }
    row.update(extra)
    return row


def inspection(inspector_id: str, case_id: str | None, **extra: Any) -> dict[str, Any]:
    now = now_iso()
    row = {
        "id": new_id(),
        "case_id": case_id,
        "complaint_id": None,
        "template_id": None,
        "inspector_id": inspector_id,
        "status": "borrador",
        "answers": "{}",
        "findings": "",
        "result": None,
        "started_at": now,
        "closed_at": None,
        "created_at": now,
        "updated_at": now,
    }
    row.update(extra)
    return row


def verification(badge_id: str | None) -> dict[str, Any]:
    return {
        "id": new_id(),
        "badge_id": badge_id,
        "scanned_text": "HTTPS://X/C/ABC",
        "verdict": "valid",
        "device_id": DEVICE,
        "location": "Palacio",
        "at": now_iso(),
    }


def rating(inspector_id: str | None, dept_id: str | None) -> dict[str, Any]:
    return {
        "id": new_id(),
        "verification_id": None,
        "inspector_id": inspector_id,
        "department_id": dept_id,
        "speed": 5,
        "attention": 4,
        "service": 5,
        "comment": "",
        "at": now_iso(),
    }


def complaint(inspector_id: str | None = None) -> dict[str, Any]:
    now = now_iso()
    return {
        "id": new_id(),
        "folio": f"DEN-{uuid.uuid4().hex[:8].upper()}",
        "kind": "corrupcion",
        "description": "Me pidieron dinero",
        "occurred_at": None,
        "location": "",
        "inspector_id": inspector_id,
        "business_id": None,
        "verification_id": None,
        "anonymous": 1,
        "contact_name": "",
        "contact_phone": "",
        "contact_email": "",
        "followup_code_hash": hashlib.sha256(b"code").hexdigest(),
        "status": "recibida",
        "source": "quiosco",
        "created_at": now,
        "updated_at": now,
    }


def attachment(content: bytes, mime: str = "image/png") -> dict[str, Any]:
    return {
        "sha256": hashlib.sha256(content).hexdigest(),
        "size": len(content),
        "mime": mime,
        "original_name": "foto.png",
        "created_at": now_iso(),
    }


def attachment_link(sha: str, entity: str, entity_id: str) -> dict[str, Any]:
    return {
        "id": new_id(),
        "sha256": sha,
        "entity": entity,
        "entity_id": entity_id,
        "kind": "photo",
        "created_at": now_iso(),
    }


def form_template() -> dict[str, Any]:
    return {
        "id": new_id(),
        "code": f"pc-{uuid.uuid4().hex[:6]}",
        "version": 1,
        "title": "Lista de verificación",
        "definition": "{}",
        "created_at": now_iso(),
    }


def user_record(dept_id: str | None = None) -> dict[str, Any]:
    now = now_iso()
    return {
        "id": new_id(),
        "username": f"u{uuid.uuid4().hex[:8]}",
        "display_name": "Usuaria",
        "role": "clerk",
        "department_id": dept_id,
        "active": 1,
        "created_at": now,
        "updated_at": now,
    }


# -- audit chains ----------------------------------------------------------------------------


class AuditChain:
    """Builds a device's hash-chained audit events exactly as desktop/store/changes.py does."""

    def __init__(self, device_id: str) -> None:
        self.device_id = device_id
        self.events: list[dict[str, Any]] = []

    def add(self, count: int = 1) -> list[dict[str, Any]]:
        made = []
        for _ in range(count):
            prev = self.events[-1]["hash"] if self.events else protocol.GENESIS
            event: dict[str, Any] = {
                "seq": len(self.events) + 1,
                "id": new_id(),
                "at": now_iso(),
                "user_id": None,
                "device_id": self.device_id,
                "action": "permit_cases.status",
                "entity": "permit_cases",
                "entity_id": new_id(),
                "details": protocol.canonical_json({"from": "recibido", "to": "en_revision"}),
                "prev_hash": prev,
            }
            event["hash"] = protocol.event_hash(prev, event)
            self.events.append(event)
            made.append(event)
        return made


# -- raw HTTP, for cut-off requests ----------------------------------------------------------


def send_partial(
    port: int, method: str, path: str, headers: dict[str, str], body: bytes, sent: int
) -> socket.socket:
    """Open a connection and send the request with only ``sent`` of ``len(body)`` body bytes.

    The caller closes the returned socket to cut the request off.
    """
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    head = [
        f"{method} {path} HTTP/1.1",
        f"Host: 127.0.0.1:{port}",
        f"Content-Length: {len(body)}",
        "Connection: close",
    ]
    head += [f"{k}: {v}" for k, v in headers.items()]
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode("ascii") + body[:sent])
    return sock


def wait_until(condition: Any, timeout: float = 20.0, what: str = "condition") -> None:
    """Poll ``condition()`` until it is true (for effects in another process)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def ids(items: Iterable[dict[str, Any]], entity: str | None = None) -> list[str]:
    return [i["entity_id"] for i in items if entity is None or i["entity"] == entity]


def by_key(items: Iterable[dict[str, Any]]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(i["entity"], i["entity_id"]): i for i in items}


def b32(data: bytes) -> str:
    return base64.b32encode(data).decode("ascii").rstrip("=")


def chunks(seq: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(seq), size):
        yield seq[start : start + size]


def sqlite_rows(db: Path, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    """Every row ``sql`` returns on the SQLite file ``db``, as dicts (the connection is closed)."""
    conn = sqlite3.connect(db)
    conn.row_factory = sqlite3.Row
    try:
        return [dict(r) for r in conn.execute(sql, params)]
    finally:
        conn.close()


@dataclass
class DesktopOutbox:
    """What a desktop data folder has to push: its device id, change log and audit events."""

    device_id: str
    changes: list[dict[str, Any]]  # change-log entries in order, ``data`` decoded from JSON
    audit: list[dict[str, Any]]  # audit events in order, as the push sends them


def desktop_outbox(db: Path, after: int = 0) -> DesktopOutbox:
    """Read a desktop database's outbox: the device id, the change log and the audit events.

    Args:
        db: The desktop's ``verifica.db``.
        after: Only rows whose ``seq`` is above it, in each table (each numbers its own).
    """
    device_id = sqlite_rows(db, "SELECT value FROM settings WHERE key = 'device_id'")[0]["value"]
    changes = [
        {**row, "data": json.loads(row["data"])}
        for row in sqlite_rows(
            db,
            "SELECT id, at, device_id, user_id, entity, entity_id, op, data "
            "FROM change_log WHERE seq > ? ORDER BY seq",
            [after],
        )
    ]
    audit = sqlite_rows(
        db,
        "SELECT seq, id, at, user_id, device_id, action, entity, entity_id, "
        "details, prev_hash, hash FROM audit_events WHERE seq > ? ORDER BY seq",
        [after],
    )
    return DesktopOutbox(device_id, changes, audit)

"""Database engines, the write transaction, and the schema-version gate.

SQLite (the default, one file) and PostgreSQL (production) run the same code. Two rules:

* **Writes are serialised.** :func:`write` takes SQLite's write lock up front (``BEGIN
  IMMEDIATE``) or a PostgreSQL transaction-level advisory lock. The pull cursor is the ``seq``
  of accepted changes, allocated inside that lock, so seqs become visible in increasing order and
  a device that pulled up to ``n`` can never later miss a change numbered below ``n``.
* **The schema is migrated only by** ``verifica-server migrate``. :func:`require_current_schema`
  refuses an empty, outdated or newer database with a message that says what to run.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError

from sync.server.errors import ServerProblem

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Any constant will do; it only has to be the same for every server process on the database.
_PG_WRITE_LOCK = 0x7E51F1CA
SQLITE_BUSY_TIMEOUT_S = 30


def normalize_url(url: str) -> str:
    """Accept ``postgresql://`` / ``postgres://`` URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def sqlite_path(url: str) -> Path | None:
    """The file of a ``sqlite:///`` URL (``None`` for other databases or in-memory ones)."""
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def describe(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "<invalid database URL>"


def make_engine(url: str, *, create: bool = False) -> Engine:
    """An engine for ``url``.

    Args:
        create: allow creating a missing SQLite file (only ``migrate`` does).

    Raises:
        ServerProblem: the URL is not usable, or the SQLite file is missing and ``create`` is
            false.
    """
    try:
        parsed = make_url(normalize_url(url))
    except Exception as exc:
        raise ServerProblem(
            f"La URL de la base de datos no es válida: {exc}",
            f"The database URL is not valid: {exc}",
        ) from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(url)
        if path is None:
            raise ServerProblem(
                "El servidor necesita un archivo SQLite (sqlite:///ruta/al/archivo.db).",
                "The server needs a SQLite file (sqlite:///path/to/file.db).",
            )
        if not create and not path.exists():
            raise ServerProblem(
                f"No existe la base de datos {path}. Créela con: verifica-server migrate "
                f"--database {url}",
                f"The database {path} does not exist. Create it with: verifica-server migrate "
                f"--database {url}",
            )
        if create:
            path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(
            parsed,
            connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_S},
        )
        _configure_sqlite(engine)
        return engine
    if backend == "postgresql":
        # executemany() goes through psycopg's pipeline mode, which measured faster here than
        # SQLAlchemy's multi-row VALUES batching.
        return create_engine(parsed, pool_pre_ping=True, pool_size=8, max_overflow=8)
    raise ServerProblem(
        f"Base de datos no admitida: {backend}. Use sqlite:/// o postgresql://",
        f"Unsupported database: {backend}. Use sqlite:/// or postgresql://",
    )


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event issue BEGIN itself (pysqlite would defer it).
        dbapi_conn.isolation_level = None
        dbapi_conn.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_S * 1000}")
        dbapi_conn.execute("PRAGMA journal_mode = WAL")
        dbapi_conn.execute("PRAGMA synchronous = FULL")
        dbapi_conn.execute("PRAGMA foreign_keys = ON")

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        immediate = conn.get_execution_options().get("verifica_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


@contextmanager
def write(engine: Engine) -> Iterator[Connection]:
    """One all-or-nothing write transaction, serialised with every other writer."""
    with engine.connect() as conn:
        conn.execution_options(verifica_write=True)
        with conn.begin():
            if not is_sqlite(engine):
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({_PG_WRITE_LOCK})")
            yield conn


@contextmanager
def read(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction (a consistent snapshot on SQLite)."""
    with engine.connect() as conn, conn.begin():
        yield conn


# -- migrations -------------------------------------------------------------------------------


def _alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    """The newest migration this server version knows."""
    head = ScriptDirectory.from_config(_alembic_config()).get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The database's migration revision (``None`` for an empty database)."""
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    except SQLAlchemyError as exc:
        raise ServerProblem(
            f"No se pudo conectar con la base de datos: {_first_line(exc)}",
            f"Could not connect to the database: {_first_line(exc)}",
        ) from exc


def _first_line(exc: BaseException) -> str:
    return str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def migrate(engine: Engine) -> tuple[str | None, str]:
    """Apply every pending migration; returns (revision before, revision after)."""
    before = current_revision(engine)
    known = {s.revision for s in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}
    if before is not None and before not in known:
        raise _newer_schema(before)
    cfg = _alembic_config()
    with engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
        conn.commit()
    return before, head_revision()


def _newer_schema(revision: str) -> ServerProblem:
    return ServerProblem(
        f"La base de datos tiene el esquema {revision}, más nuevo que este servidor. "
        "Actualice verifica-server. No se modificó nada.",
        f"The database has schema {revision}, newer than this server. "
        "Update verifica-server. Nothing was changed.",
    )


def require_current_schema(engine: Engine, url: str) -> str:
    """Refuse to serve a database that is not at the newest migration.

    Raises:
        ServerProblem: empty, outdated or newer schema, with the command to run.
    """
    current = current_revision(engine)
    head = head_revision()
    if current == head:
        return head
    known = {s.revision for s in ScriptDirectory.from_config(_alembic_config()).walk_revisions()}
    if current is not None and current not in known:
        raise _newer_schema(current)
    state_es = "no tiene esquema" if current is None else f"tiene el esquema {current}"
    state_en = "has no schema" if current is None else f"has schema {current}"
    raise ServerProblem(
        f"La base de datos {state_es}; este servidor necesita {head}. Ejecute primero: "
        f"verifica-server migrate --database {describe(url)}",
        f"The database {state_en}; this server needs {head}. Run first: "
        f"verifica-server migrate --database {describe(url)}",
    )

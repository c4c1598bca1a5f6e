"""Opening the local store: file checks, PRAGMAs, migrations, and the single write path.

The store is one SQLite file, ``verifica.db``, in the data folder, plus ``attachments/``.
Opening never changes a file it cannot fully understand: a non-SQLite file, a newer schema, a
read-only folder or a failing ``quick_check`` raise :class:`~desktop.errors.StoreUnavailable`
before anything is written.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlite_utils import Database

from desktop.core.ids import utc_now, uuid7
from desktop.errors import StoreUnavailable
from desktop.store import schema

DB_FILENAME = "verifica.db"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a user (``None`` for the system itself) on a device."""

    user_id: str | None
    device_id: str


def _connect(path: Path, *, read_only: bool = False) -> sqlite3.Connection:
    if read_only:
        conn = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
        )
    else:
        # check_same_thread=False: the connection is created on the GUI thread and then used only
        # by the single database worker (one thread at a time, never concurrently).
        conn = sqlite3.connect(str(path), check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def _refuse(es: str, en: str, hint_es: str = "", hint_en: str = "") -> StoreUnavailable:
    return StoreUnavailable(es, en, hint_es=hint_es, hint_en=hint_en)


def _check_before_open(data_dir: Path, db_path: Path) -> None:
    """Refuse, without writing anything, a folder or file we must not touch."""
    if data_dir.exists() and not data_dir.is_dir():
        raise _refuse(
            f"La ruta de datos no es una carpeta: {data_dir}",
            f"The data path is not a folder: {data_dir}",
            "Elija otra carpeta con --data-dir.",
            "Choose another folder with --data-dir.",
        )
    if data_dir.exists() and not os.access(data_dir, os.W_OK | os.X_OK):
        raise _refuse(
            f"La carpeta de datos es de solo lectura: {data_dir}",
            f"The data folder is read-only: {data_dir}",
            "Verifica necesita escribir en ella. Revise los permisos o elija otra carpeta "
            "con --data-dir. No se modificó nada.",
            "Verifica needs to write there. Check its permissions or choose another folder "
            "with --data-dir. Nothing was changed.",
        )
    if not db_path.exists():
        return
    if not os.access(db_path, os.R_OK | os.W_OK):
        raise _refuse(
            f"No se puede leer y escribir la base de datos: {db_path}",
            f"The database cannot be read and written: {db_path}",
            "Revise los permisos del archivo. No se modificó nada.",
            "Check the file's permissions. Nothing was changed.",
        )
    with open(db_path, "rb") as f:
        header = f.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:
        raise _refuse(
            f"El archivo {db_path} no es una base de datos de Verifica (no es SQLite).",
            f"The file {db_path} is not a Verifica database (not SQLite).",
            "No se modificó. Restaure el archivo desde un respaldo (verifica backup) o elija "
            "otra carpeta con --data-dir.",
            "It was not modified. Restore the file from a backup (verifica backup) or choose "
            "another folder with --data-dir.",
        )


def _schema_state(conn: sqlite3.Connection) -> tuple[int, set[str]]:
    (user_version,) = conn.execute("PRAGMA user_version").fetchone()
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '_sqlite_migrations'"
    ).fetchone()
    applied: set[str] = set()
    if has_table:
        applied = {
            row[0]
            for row in conn.execute(
                "SELECT name FROM _sqlite_migrations WHERE migration_set = ?",
                [schema.migrations.name],
            )
        }
    return user_version, applied


class Store:
    """An open data folder: the writer connection, reader connections and the attachments dir.

    All writes go through :meth:`write` on one connection; the desktop app calls it only from its
    single database worker (DESIGN.md §3, "one writer").
    """

    def __init__(self, data_dir: Path, conn: sqlite3.Connection) -> None:
        self.data_dir = data_dir
        self.path = data_dir / DB_FILENAME
        self.attachments_dir = data_dir / "attachments"
        self.db = Database(conn)
        self._write_lock = threading.RLock()
        self.device_id = self.get_setting("device_id") or ""

    # -- reading -------------------------------------------------------------------------

    def reader(self) -> Database:
        """A new read-only connection, for views that read while the writer works."""
        return Database(_connect(self.path, read_only=True))

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", [key]).fetchone()
        return row[0] if row else default

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    @property
    def is_demo(self) -> bool:
        return self.get_setting("demo") == "1"

    # -- writing -------------------------------------------------------------------------

    @contextlib.contextmanager
    def write(self) -> Iterator[Database]:
        """One all-or-nothing write transaction (a savepoint when nested).

        The outermost level uses ``BEGIN IMMEDIATE`` so the write lock is taken up front: a
        use-case that reads the audit chain head and then appends cannot race another process.
        """
        with self._write_lock:
            conn = self.db.conn
            if conn.in_transaction:
                with self.db.atomic():
                    yield self.db
                return
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield self.db
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            else:
                try:
                    conn.execute("COMMIT")
                except BaseException:
                    if conn.in_transaction:
                        conn.execute("ROLLBACK")
                    raise

    def set_setting(self, key: str, value: str) -> None:
        with self.write() as db:
            db.execute(
                "INSERT INTO settings(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [key, value],
            )

    def actor(self, user_id: str | None) -> Actor:
        return Actor(user_id=user_id, device_id=self.device_id)

    def close(self) -> None:
        self.db.close()


def _apply_pragmas(conn: sqlite3.Connection) -> None:
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if str(mode).lower() != "wal":
        raise _refuse(
            "No se pudo activar el modo WAL en la base de datos.",
            "Could not enable WAL mode on the database.",
            "La carpeta de datos debe estar en un disco local, no en red.",
            "The data folder must be on a local disk, not a network share.",
        )
    # FULL: a capture acknowledged to the user survives power loss (DESIGN.md §4).
    conn.execute("PRAGMA synchronous = FULL")
    if sys.platform == "darwin":
        conn.execute("PRAGMA fullfsync = ON")


BACKUPS_DIRNAME = "backups"


def _backup_before_upgrade(conn: sqlite3.Connection, data_dir: Path, old_version: int) -> Path:
    """Copy the not-yet-migrated database to ``backups/`` with SQLite's online backup API.

    The same steps as :func:`desktop.store.maintenance.backup_store`: write ``*.partial``, switch
    the copy to a rollback journal so it is one self-contained file, ``quick_check`` it, then
    rename. Any failure removes the partial file and refuses the upgrade.
    """
    stamp = utc_now().replace(":", "").replace("-", "").split(".")[0]
    dest = data_dir / BACKUPS_DIRNAME / f"verifica-pre-schema-{old_version}-{stamp}.db"
    tmp = dest.with_name(dest.name + ".partial")
    try:
        dest.parent.mkdir(exist_ok=True)
        if dest.exists():
            raise FileExistsError(f"{dest} already exists")
        target = sqlite3.connect(str(tmp))
        try:
            conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            (ok,) = target.execute("PRAGMA quick_check").fetchone()
        finally:
            target.close()
        if ok != "ok":
            raise sqlite3.DatabaseError(f"quick_check: {ok}")
        tmp.replace(dest)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise _refuse(
            f"No se pudo respaldar la base de datos antes de actualizarla (esquema "
            f"{old_version} a {schema.SCHEMA_VERSION}): {exc}",
            f"Could not back up the database before upgrading it (schema {old_version} to "
            f"{schema.SCHEMA_VERSION}): {exc}",
            f"No se modificó nada. Libere espacio o revise los permisos de {dest.parent}.",
            f"Nothing was changed. Free some space or check the permissions of {dest.parent}.",
        ) from exc
    return dest


def open_store(data_dir: Path | str, *, migrate: bool = True, check: bool = True) -> Store:
    """Open (creating if needed) the store in ``data_dir``.

    A database from an older Verifica (fewer migrations applied) is first copied to
    ``backups/verifica-pre-schema-<old>-<timestamp>.db``, then migrated.

    Raises:
        StoreUnavailable: the folder or file cannot be used; nothing was changed.
    """
    data_dir = Path(data_dir)
    db_path = data_dir / DB_FILENAME
    _check_before_open(data_dir, db_path)
    existed = db_path.exists() and db_path.stat().st_size > 0
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        conn = _connect(db_path)
    except (OSError, sqlite3.Error) as exc:
        raise _refuse(
            f"No se pudo abrir la base de datos en {data_dir}: {exc}",
            f"Could not open the database in {data_dir}: {exc}",
        ) from exc
    try:
        try:
            user_version, applied = _schema_state(conn)
        except sqlite3.DatabaseError as exc:
            raise _refuse(
                f"La base de datos {db_path} está dañada o no es legible: {exc}",
                f"The database {db_path} is damaged or unreadable: {exc}",
                "No se modificó. Restaure el último respaldo (verifica backup).",
                "It was not modified. Restore the latest backup (verifica backup).",
            ) from exc
        if existed and not applied and user_version == 0:
            (tables,) = conn.execute(
                "SELECT count(*) FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
            ).fetchone()
            if tables:
                raise _refuse(
                    f"{db_path} es una base de datos SQLite, pero no de Verifica.",
                    f"{db_path} is an SQLite database, but not a Verifica one.",
                    "No se modificó. Elija otra carpeta con --data-dir.",
                    "It was not modified. Choose another folder with --data-dir.",
                )
        if not migrate and not applied:
            raise _refuse(
                f"No hay una base de datos de Verifica en {data_dir}.",
                f"There is no Verifica database in {data_dir}.",
            )
        unknown = applied - set(schema.KNOWN_MIGRATIONS)
        if user_version > schema.SCHEMA_VERSION or unknown:
            raise _refuse(
                f"La base de datos {db_path} es de una versión más nueva de Verifica "
                f"(esquema {user_version}; esta versión conoce hasta {schema.SCHEMA_VERSION}).",
                f"The database {db_path} comes from a newer Verifica "
                f"(schema {user_version}; this version knows up to {schema.SCHEMA_VERSION}).",
                "Actualice Verifica. No se modificó nada.",
                "Update Verifica. Nothing was changed.",
            )
        if check and existed:
            result = conn.execute("PRAGMA quick_check").fetchall()
            if result != [("ok",)]:
                detail = "; ".join(str(r[0]) for r in result[:5])
                raise _refuse(
                    f"La base de datos {db_path} no pasó la verificación: {detail}",
                    f"The database {db_path} failed its check: {detail}",
                    "No se modificó. Restaure el último respaldo (verifica backup).",
                    "It was not modified. Restore the latest backup (verifica backup).",
                )
        if migrate and existed and applied and set(schema.KNOWN_MIGRATIONS) - applied:
            _backup_before_upgrade(conn, data_dir, user_version or len(applied))
        _apply_pragmas(conn)
        if migrate:
            db = Database(conn)
            schema.migrations.apply(db)
            conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
            if not conn.execute("SELECT 1 FROM settings WHERE key = 'device_id'").fetchone():
                with db.atomic():
                    db.execute(
                        "INSERT INTO settings(key, value) VALUES ('device_id', ?)", [uuid7()]
                    )
    except BaseException:
        conn.close()
        raise
    (data_dir / "attachments").mkdir(exist_ok=True)
    return Store(data_dir, conn)

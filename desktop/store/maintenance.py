"""Integrity checks and online backups of the store."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from desktop.errors import EnvironmentProblem
from desktop.store.changes import verify_audit_chain
from desktop.store.db import Store


@dataclass
class CheckReport:
    """What ``verifica check`` found. ``ok`` is False when anything is wrong."""

    lines: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def check_store(store: Store) -> CheckReport:
    """Run ``integrity_check``, ``foreign_key_check`` and audit-chain verification."""
    report = CheckReport()
    integrity = [r[0] for r in store.db.execute("PRAGMA integrity_check").fetchall()]
    if integrity == ["ok"]:
        report.lines.append("integrity_check: ok")
    else:
        report.problems.append("integrity_check: " + "; ".join(map(str, integrity[:10])))
    fk = store.db.execute("PRAGMA foreign_key_check").fetchall()
    if fk:
        report.problems.append(f"foreign_key_check: {len(fk)} broken references")
    else:
        report.lines.append("foreign_key_check: ok")
    chain = verify_audit_chain(store.db)
    if chain.ok:
        report.lines.append(f"audit chain: ok ({chain.events} events)")
    else:
        report.problems.append(f"audit chain: BROKEN at event #{chain.broken_at}: {chain.reason}")
    pending = store.db.execute("SELECT count(*) FROM change_log WHERE synced_at IS NULL")
    report.lines.append(f"change log: {pending.fetchone()[0]} changes waiting to sync")
    report.lines.append(f"schema version: {store.schema_version}")
    return report


def backup_store(store: Store, dest: Path) -> Path:
    """Copy the live database to ``dest`` with SQLite's online backup API.

    ``dest`` may be a folder (the file gets a timestamped name) or a file path that does not exist
    yet. Returns the path written.
    """
    dest = Path(dest)
    if dest.is_dir():
        from desktop.core.ids import utc_now

        stamp = utc_now().replace(":", "").replace("-", "").split(".")[0]
        dest = dest / f"verifica-{stamp}.db"
    if dest.exists():
        raise EnvironmentProblem(
            f"Ya existe {dest}; no se sobrescribe un respaldo.",
            f"{dest} already exists; a backup is never overwritten.",
            hint_es="Elija otro nombre o una carpeta.",
            hint_en="Choose another name or a folder.",
        )
    tmp = dest.with_name(dest.name + ".partial")
    try:
        target = sqlite3.connect(str(tmp))
        try:
            store.db.conn.backup(target)
            target.execute("PRAGMA journal_mode = DELETE")
            ok = target.execute("PRAGMA quick_check").fetchone()[0]
        finally:
            target.close()
        if ok != "ok":
            raise EnvironmentProblem(
                f"El respaldo {dest} no pasó la verificación: {ok}",
                f"The backup {dest} failed its check: {ok}",
            )
        tmp.replace(dest)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise EnvironmentProblem(
            f"No se pudo escribir el respaldo en {dest}: {exc.strerror or exc}",
            f"Could not write the backup to {dest}: {exc.strerror or exc}",
            hint_es="Revise el espacio libre y los permisos del destino.",
            hint_en="Check the free space and permissions of the destination.",
        ) from exc
    except sqlite3.Error as exc:
        tmp.unlink(missing_ok=True)
        raise EnvironmentProblem(
            f"No se pudo escribir el respaldo en {dest}: {exc}",
            f"Could not write the backup to {dest}: {exc}",
            hint_es="Revise el espacio libre y los permisos del destino.",
            hint_en="Check the free space and permissions of the destination.",
        ) from exc
    return dest

"""Attachments stored as files named by their SHA-256 under ``attachments/``.

Write order (DESIGN.md §4): temp file → fsync → rename → fsync the folder → only then the caller
commits the row. The database therefore never points at a half-written file; a crash can at worst
leave an orphan file, which is harmless and re-used if the same content is added again.
:func:`link_attachment` then records the row and its link inside the caller's transaction.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from desktop.core.ids import uuid7
from desktop.store.changes import record_change
from desktop.store.db import Actor


def attachment_path(attachments_dir: Path, sha256: str) -> Path:
    """Where the content with this hash lives (two-level fan-out keeps folders small)."""
    return attachments_dir / sha256[:2] / sha256


def store_bytes(attachments_dir: Path, content: bytes) -> tuple[str, Path]:
    """Durably write ``content`` and return its SHA-256 and final path. Idempotent."""
    digest = hashlib.sha256(content).hexdigest()
    final = attachment_path(attachments_dir, digest)
    if final.exists() and final.stat().st_size == len(content):
        return digest, final
    final.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=final.parent, prefix=".incoming-")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp_name, final)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise
    _fsync_dir(final.parent)
    return digest, final


def link_attachment(
    db: Database,
    actor: Actor,
    sha: str,
    *,
    size: int,
    mime: str,
    original_name: str,
    entity: str,
    entity_id: str,
    kind: str,
    at: str,
) -> str:
    """Record a stored file and link it to a record; call inside ``write()``.

    The ``attachments`` row is written (with its change-log entry) only the first time this
    content is seen; the link is always new.

    Args:
        db: The open write transaction.
        actor: Who makes the change.
        sha: SHA-256 of content already written by :func:`store_bytes`.
        size: Its size in bytes.
        mime: Its MIME type.
        original_name: The name stored as given (callers truncate it if they need to).
        entity: The linked table, e.g. ``"inspections"``.
        entity_id: The linked record's id.
        kind: ``"photo"``, ``"signature"`` or ``"document"``.
        at: Timestamp for ``created_at`` on both rows.

    Returns:
        The new link's id.
    """
    if db.execute("SELECT 1 FROM attachments WHERE sha256 = ?", [sha]).fetchone() is None:
        attachment: dict[str, Any] = {
            "sha256": sha,
            "size": size,
            "mime": mime,
            "original_name": original_name,
            "created_at": at,
        }
        db.table("attachments").insert(attachment)
        record_change(db, actor, "attachments", sha, "insert", attachment)
    link: dict[str, Any] = {
        "id": uuid7(),
        "sha256": sha,
        "entity": entity,
        "entity_id": entity_id,
        "kind": kind,
        "created_at": at,
    }
    db.table("attachment_links").insert(link)
    record_change(db, actor, "attachment_links", link["id"], "insert", link)
    link_id: str = link["id"]
    return link_id


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

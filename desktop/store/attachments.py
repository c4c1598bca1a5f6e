"""Attachments stored as files named by their SHA-256 under ``attachments/``.

Write order (DESIGN.md §4): temp file → fsync → rename → fsync the folder → only then the caller
commits the row. The database therefore never points at a half-written file; a crash can at worst
leave an orphan file, which is harmless and re-used if the same content is added again.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path


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


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":  # directories cannot be opened for fsync on Windows
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

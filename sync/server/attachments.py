"""Attachment files: content-addressed by SHA-256, uploaded resumably, written once.

Layout under the server's data folder::

    attachments/files/ab/abcdef…    complete files, named by their SHA-256, never rewritten
    attachments/partial/abcdef….part uploads in progress

An upload appends to the partial file at the offset the client names (which must be exactly
what the server already has, else the client is told the right offset). Bytes are written as
they arrive, so a dropped connection keeps what was received and the client resumes from there.
When the partial file reaches the announced total, its hash is checked: a match is fsynced and
renamed into place; a mismatch is deleted and refused.

One server process owns the folder (uploads of the same file are serialised with an in-process
lock); scale out behind a reverse proxy with one server process, or put a shared lock here.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import ClientDisconnect

SHA256_RE = re.compile(r"[0-9a-f]{64}")
MAX_ATTACHMENT_BYTES = 100 * 1024 * 1024


def normalize_sha256(text: str) -> str | None:
    value = text.strip().lower()
    return value if SHA256_RE.fullmatch(value) else None


@dataclass(frozen=True)
class Outcome:
    """What an upload request achieved.

    ``status``: ``complete`` (stored now), ``stored`` (it already was), ``partial`` (more bytes
    needed), ``offset`` (the client's offset is wrong), ``mismatch`` (hash wrong, discarded),
    ``too_long`` (more bytes than announced, discarded), ``disconnected`` (client went away).
    """

    status: str
    offset: int


class AttachmentStore:
    """The attachment folder of one server."""

    def __init__(self, root: Path) -> None:
        self.files = root / "files"
        self.partial = root / "partial"
        self.files.mkdir(parents=True, exist_ok=True)
        self.partial.mkdir(parents=True, exist_ok=True)
        self._locks: dict[str, asyncio.Lock] = {}

    def path(self, sha256: str) -> Path:
        return self.files / sha256[:2] / sha256

    def size(self, sha256: str) -> int | None:
        """Size of the complete file, or None if the server does not have it."""
        try:
            return self.path(sha256).stat().st_size
        except FileNotFoundError:
            return None

    def partial_size(self, sha256: str) -> int:
        try:
            return (self.partial / f"{sha256}.part").stat().st_size
        except FileNotFoundError:
            return 0

    async def receive(
        self, sha256: str, offset: int, total: int, chunks: AsyncIterator[bytes]
    ) -> Outcome:
        """Append the request body at ``offset`` of an upload of ``total`` bytes."""
        lock = self._locks.setdefault(sha256, asyncio.Lock())
        async with lock:
            if (size := self.size(sha256)) is not None:
                return Outcome("stored", size)
            partial = self.partial / f"{sha256}.part"
            have = self.partial_size(sha256)
            if offset != have:
                return Outcome("offset", have)
            written = have
            disconnected = False
            with open(partial, "ab") as f:
                try:
                    async for chunk in chunks:
                        if written + len(chunk) > total:
                            f.close()
                            partial.unlink(missing_ok=True)
                            return Outcome("too_long", 0)
                        f.write(chunk)
                        f.flush()
                        written += len(chunk)
                except ClientDisconnect:
                    disconnected = True
                os.fsync(f.fileno())
            if disconnected:
                return Outcome("disconnected", written)
            if written < total:
                return Outcome("partial", written)
            return await run_in_threadpool(self._finish, sha256, partial, written)

    def _finish(self, sha256: str, partial: Path, size: int) -> Outcome:
        digest = hashlib.sha256()
        with open(partial, "rb") as f:
            for block in iter(lambda: f.read(1024 * 1024), b""):
                digest.update(block)
        if digest.hexdigest() != sha256:
            partial.unlink(missing_ok=True)
            return Outcome("mismatch", 0)
        final = self.path(sha256)
        final.parent.mkdir(exist_ok=True)
        os.replace(partial, final)
        _fsync_dir(final.parent)
        return Outcome("complete", size)


def _fsync_dir(path: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

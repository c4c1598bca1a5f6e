"""Shared set-up for the Expedientes UI tests: a 300-case demo folder copied per test.

The demo is tests/conftest.py's session-wide ``demo_template``. Test modules import
``env_fixture`` to make the ``env`` fixture available (named apart so the test arguments do not
shadow it).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from desktop.store import Actor, Store, open_store
from desktop.ui.tasks import TaskRunner

CASES = 300  # the size of conftest.py's demo_template


@dataclass
class Env:
    store: Store
    runner: TaskRunner
    reader: Database
    actor: Actor
    locale: QLocale


@pytest.fixture(name="env")
def env_fixture(qtbot: QtBot, demo_template: Path, tmp_path: Path) -> Iterator[Env]:
    folder = tmp_path / "data"
    shutil.copytree(demo_template, folder)
    store = open_store(folder)
    runner = TaskRunner("es")
    reader = store.reader()
    admin_id = store.db.execute("SELECT id FROM users WHERE username = 'admin'").fetchone()[0]
    yield Env(store, runner, reader, store.actor(admin_id), QLocale("es_MX"))
    runner.shutdown()
    reader.close()
    store.close()


def first_case(store: Store, status: str) -> tuple[int, str]:
    """(rowid, id) of the oldest case in ``status``."""
    row = store.db.execute(
        "SELECT rowid, id FROM permit_cases WHERE status = ? ORDER BY received_date, rowid",
        [status],
    ).fetchone()
    assert row is not None, f"the demo has no case in {status}"
    return row[0], row[1]

"""Shared set-up for the Expedientes UI tests: a 300-case demo folder copied per test.

Test modules import ``demo_template_fixture`` and ``env_fixture`` to make the ``demo_template``
and ``env`` fixtures available (they are named apart so the test arguments do not shadow them).
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

from desktop.demo import create_demo
from desktop.store import Actor, Store, open_store
from desktop.ui.tasks import TaskRunner

CASES = 300


@dataclass
class Env:
    store: Store
    runner: TaskRunner
    reader: Database
    actor: Actor
    locale: QLocale


@pytest.fixture(scope="module", name="demo_template")
def demo_template_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "data"
    create_demo(folder, cases=CASES)
    return folder


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

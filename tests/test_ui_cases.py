"""The Expedientes screen: search, status filter, sorting, refresh after writes, a lazy model."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from desktop.core import permits, users, workflow
from desktop.store import Store, open_store
from desktop.store.cases import CaseQuery, case_rowids
from desktop.ui.cases_model import COLUMN_INDEX, PAGE_SIZE, CasesModel, StatusRole
from desktop.ui.cases_view import CasesView
from desktop.ui.tasks import TaskRunner

# The offscreen platform plugin warns about this whenever a window is shown; it is harmless.

CASES = 300  # the size of conftest.py's demo_template


@dataclass
class Screen:
    view: CasesView
    store: Store
    runner: TaskRunner
    reader: Database


@pytest.fixture
def screen(
    qtbot: QtBot, qapp: QApplication, demo_template: Path, tmp_path: Path
) -> Iterator[Screen]:
    folder = tmp_path / "data"
    shutil.copytree(demo_template, folder)
    store = open_store(folder)
    runner = TaskRunner("es")
    reader = store.reader()
    view = CasesView(store, runner, reader, locale=QLocale("es_MX"))
    qtbot.addWidget(view)
    view.resize(1000, 600)
    view.show()
    qtbot.waitUntil(lambda: view.model.rowCount() == CASES)
    yield Screen(view, store, runner, reader)
    runner.shutdown()
    reader.close()
    store.close()


def _column(view: CasesView, name: str) -> list[str]:
    model = view.model
    return [model.data(model.index(r, COLUMN_INDEX[name])) for r in range(model.rowCount())]


def test_the_heading_counts_every_case_for_es_mx(screen: Screen) -> None:
    assert screen.view.heading.text() == "300 expedientes"
    assert screen.view.status_combo.itemText(0) == "Todos los estados (300)"


def test_searching_narrows_the_list_as_you_type(qtbot: QtBot, screen: Screen) -> None:
    view = screen.view
    # QTest types ASCII only: pick the first ASCII word of a business name on the list.
    names = [view.model.case_at(r)["business"] for r in range(20)]
    word = next(w for n in names for w in n.split() if w.isascii() and len(w) > 3)
    expected = case_rowids(screen.store.db, CaseQuery(search=word))
    assert 0 < len(expected) < CASES
    with qtbot.waitSignal(view.loaded, timeout=5000) as loaded:
        qtbot.keyClicks(view.search_edit, word)
    assert loaded.args == [len(expected)]
    assert view.model.rowCount() == len(expected)
    assert view.heading.text() == f"{len(expected)} de 300 expedientes"
    assert list(view.model.rowids) == expected  # folio, business, owner or address match
    # The counts per status describe the searched list, so they add up to what is listed.
    assert view.status_combo.itemText(0) == f"Todos los estados ({len(expected)})"


def test_typing_a_word_queries_once_not_once_per_key(qtbot: QtBot, screen: Screen) -> None:
    view = screen.view
    counts: list[int] = []
    view.loaded.connect(counts.append)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        qtbot.keyClicks(view.search_edit, "farmacia")
    # Nothing else is queued or waiting to fire: the eight keystrokes made one query.
    assert len(counts) == 1
    assert screen.runner.pending == 0
    assert not view.search_timer.isActive()


def test_a_search_that_matches_nothing_says_so(qtbot: QtBot, screen: Screen) -> None:
    view = screen.view
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.search_edit.setText("zzzqqqxxx")
    assert view.model.rowCount() == 0
    assert view.heading.text() == "0 de 300 expedientes"
    assert view.body.currentWidget() is view.empty_label
    assert "Ningún expediente coincide" in view.empty_label.text()


def test_the_status_filter_narrows_the_list(qtbot: QtBot, screen: Screen) -> None:
    view = screen.view
    code = workflow.REQUIERE_DOCUMENTOS
    index = view.status_combo.findData(code)
    expected = case_rowids(screen.store.db, CaseQuery(status=code))
    assert 0 < len(expected) < CASES
    assert view.status_combo.itemText(index) == f"Requiere documentos ({len(expected)})"
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.status_combo.setCurrentIndex(index)
    model = view.model
    assert model.rowCount() == len(expected)
    assert {model.data(model.index(r, 0), StatusRole) for r in range(model.rowCount())} == {code}
    assert set(_column(view, "status")) == {"Requiere documentos"}
    assert view.heading.text() == f"{len(expected)} de 300 expedientes"


def test_clicking_a_header_sorts_and_clicking_again_reverses(qtbot: QtBot, screen: Screen) -> None:
    view = screen.view
    header = view.table.horizontalHeader()
    folio = COLUMN_INDEX["folio"]
    with qtbot.waitSignal(view.loaded, timeout=5000):
        header.setSortIndicator(folio, Qt.SortOrder.AscendingOrder)
    folios = _column(view, "folio")
    assert folios == sorted(folios)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        header.setSortIndicator(folio, Qt.SortOrder.DescendingOrder)
    assert _column(view, "folio") == sorted(folios, reverse=True)


def test_the_default_order_puts_the_oldest_case_first(screen: Screen) -> None:
    ages = [int(a.replace(",", "")) for a in _column(screen.view, "age")]
    assert ages == sorted(ages, reverse=True)


def test_the_list_refreshes_itself_after_a_write_announces_permit_cases(
    qtbot: QtBot, screen: Screen
) -> None:
    view, store = screen.view, screen.store
    code = workflow.RECIBIDO
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.status_combo.setCurrentIndex(view.status_combo.findData(code))
    before = view.model.rowCount()
    case_id = view.model.case_at(0)["id"]
    admin = users.authenticate(store, "admin", "demo1234")
    with qtbot.waitSignal(view.loaded, timeout=5000):
        screen.runner.run_db(
            lambda: permits.change_status(
                store, store.actor(admin.id), case_id, workflow.EN_REVISION
            ),
            changes={"permit_cases"},
        )
    assert view.model.rowCount() == before - 1
    assert view.heading.text() == f"{before - 1} de 300 expedientes"


def test_the_model_reads_only_the_rows_asked_for(screen: Screen) -> None:
    rowids = case_rowids(screen.store.db, CaseQuery())
    model = CasesModel(screen.reader)
    model.set_rowids(rowids)
    assert model.rowCount() == len(rowids) == CASES
    assert model.cached_row_count() == 0
    assert model.data(model.index(0, COLUMN_INDEX["folio"])) is not None
    assert model.cached_row_count() == PAGE_SIZE
    model.data(model.index(200, COLUMN_INDEX["business"]))
    assert model.cached_row_count() == 2 * PAGE_SIZE
    model.data(model.index(201, COLUMN_INDEX["business"]))  # already cached: no read
    assert model.cached_row_count() == 2 * PAGE_SIZE


def test_the_row_cache_is_bounded(screen: Screen) -> None:
    model = CasesModel(screen.reader, page_size=10, cache_size=30)
    model.set_rowids(case_rowids(screen.store.db, CaseQuery()))
    for row in range(0, CASES, 10):
        assert model.data(model.index(row, COLUMN_INDEX["folio"])) is not None
    assert model.cached_row_count() == 30


def test_age_is_days_since_the_case_was_received(screen: Screen) -> None:
    rowids = case_rowids(screen.store.db, CaseQuery(sort="folio"))
    model = CasesModel(screen.reader, locale=QLocale("es_MX"), today=lambda: dt.date(2030, 1, 1))
    model.set_rowids(rowids)
    received = dt.date.fromisoformat(model.case_at(0)["received_date"])
    expected = (dt.date(2030, 1, 1) - received).days
    shown = model.data(model.index(0, COLUMN_INDEX["age"]))
    assert shown == QLocale("es_MX").toString(expected)

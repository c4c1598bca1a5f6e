"""The Expedientes backlog screen: triage filters, search from two characters, saved filters,
status chips with counts, overdue rows, the forecast line, bulk status change and export."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtWidgets import QSpinBox
from pytestqt.qtbot import QtBot
from ui_case_support import CASES, Env, env_fixture  # noqa: F401 (fixtures)

from desktop.core import documents, workflow
from desktop.store.cases import UNASSIGNED, CaseQuery, case_rowids, status_counts_among
from desktop.ui.cases_model import COLUMN_INDEX, OVERDUE_COLOR, OverdueRole
from desktop.ui.cases_view import CasesView


@pytest.fixture
def view(qtbot: QtBot, env: Env) -> Iterator[CasesView]:
    v = CasesView(env.store, env.runner, env.reader, actor=env.actor, locale=env.locale)
    qtbot.addWidget(v)
    v.resize(1280, 700)
    v.show()
    qtbot.waitUntil(lambda: v.model.rowCount() == CASES and v.colonia_combo.count() > 1)
    yield v


def _set(qtbot: QtBot, view: CasesView, change: object) -> None:
    with qtbot.waitSignal(view.loaded, timeout=5000):
        change()  # type: ignore[operator]


def _expect(view: CasesView, env: Env, **filters: object) -> list[int]:
    expected = case_rowids(env.store.db, CaseQuery(sort="age", **filters))  # type: ignore[arg-type]
    assert 0 < len(expected) < CASES, f"{filters} does not narrow the demo"
    assert list(view.model.rowids) == expected
    assert view.heading.text() == f"{len(expected)} de {CASES} expedientes"
    return expected


@pytest.mark.parametrize(
    ("combo", "value"),
    [("age_combo", "31-90"), ("risk_combo", "medio"), ("assignee_combo", UNASSIGNED)],
)
def test_each_combo_filter_narrows_the_list(
    qtbot: QtBot, view: CasesView, env: Env, combo: str, value: str
) -> None:
    widget = getattr(view, combo)
    _set(qtbot, view, lambda: widget.setCurrentIndex(widget.findData(value)))
    key = {"age_combo": "age", "risk_combo": "risk", "assignee_combo": "assignee"}[combo]
    _expect(view, env, **{key: value})


def test_the_colonia_and_scian_filters_offer_the_values_in_use_and_narrow(
    qtbot: QtBot, view: CasesView, env: Env
) -> None:
    colonia = view.colonia_combo.itemData(1)
    assert view.colonia_combo.itemText(1).startswith(colonia)
    _set(qtbot, view, lambda: view.colonia_combo.setCurrentIndex(1))
    _expect(view, env, colonia=colonia)
    scian = view.scian_combo.itemData(1)
    _set(qtbot, view, lambda: view.scian_combo.setCurrentIndex(1))
    both = case_rowids(env.store.db, CaseQuery(sort="age", colonia=colonia, scian=scian))
    assert list(view.model.rowids) == both  # filters combine with AND
    _set(qtbot, view, lambda: view.colonia_combo.setCurrentIndex(0))
    _expect(view, env, scian=scian)


def test_the_overdue_filter_narrows_and_overdue_rows_stand_out(
    qtbot: QtBot, view: CasesView, env: Env
) -> None:
    _set(qtbot, view, lambda: view.overdue_check.setChecked(True))
    _expect(view, env, overdue=True)
    model = view.model
    due = COLUMN_INDEX["due"]
    for row in range(5):
        assert model.data(model.index(row, 0), OverdueRole) is True
        assert model.data(model.index(row, 1), 9) == OVERDUE_COLOR  # ForegroundRole
        assert model.data(model.index(row, due), 1) is not None  # DecorationRole: the icon
        assert int(model.data(model.index(row, due)).replace(",", "")) < 0  # días restantes


def test_the_missing_documents_filter_leaves_out_complete_cases(
    qtbot: QtBot, view: CasesView, env: Env
) -> None:
    rowid, case_id = env.store.db.execute("SELECT rowid, id FROM permit_cases").fetchone()
    codes = [d.code for d in documents.case_documents(env.store.db, case_id)]
    _set(
        qtbot,
        view,
        lambda: env.runner.run_db(
            lambda: documents.set_case_documents(
                env.store, env.actor, case_id, dict.fromkeys(codes, True)
            ),
            changes={"permit_cases"},
        ),
    )
    _set(qtbot, view, lambda: view.missing_check.setChecked(True))
    listed = _expect(view, env, missing_documents=True)
    assert rowid not in listed


def test_search_waits_for_two_characters_and_then_narrows_as_you_type(
    qtbot: QtBot, view: CasesView, env: Env
) -> None:
    qtbot.keyClicks(view.search_edit, "p")
    assert view.search_hint.isVisible()
    qtbot.waitUntil(lambda: not view.search_timer.isActive() and env.runner.pending == 0)
    assert view.model.rowCount() == CASES  # one character does not filter
    word = view.model.case_at(0)["folio"]
    view.search_edit.clear()
    with qtbot.waitSignal(view.loaded, timeout=5000):
        qtbot.keyClicks(view.search_edit, word)
    assert not view.search_hint.isVisible()
    assert list(view.model.rowids) == case_rowids(env.store.db, CaseQuery(search=word))
    assert view.model.rowCount() == 1


def test_a_saved_filter_round_trips_and_can_be_deleted(
    qtbot: QtBot, view: CasesView, env: Env
) -> None:
    _set(qtbot, view, lambda: view.age_combo.setCurrentIndex(view.age_combo.findData("90+")))
    _set(qtbot, view, lambda: view.overdue_check.setChecked(True))
    wanted = view.query()
    with qtbot.waitSignal(view.options_loaded, timeout=5000):
        view.save_current_filter("Vencidos viejos")
    assert view.saved_combo.findText("Vencidos viejos") > 0
    _set(qtbot, view, view.clear_filters)
    assert view.model.rowCount() == CASES
    with qtbot.waitSignal(view.loaded, timeout=5000):
        assert view.apply_saved_filter("Vencidos viejos")
    assert view.query() == wanted
    assert view.overdue_check.isChecked()
    assert list(view.model.rowids) == case_rowids(env.store.db, dataclasses.replace(wanted))
    with qtbot.waitSignal(view.options_loaded, timeout=5000):
        view.delete_current_filter()
    assert view.saved_combo.findText("Vencidos viejos") < 0


def test_status_chips_count_the_current_filter_and_pick_a_status(
    qtbot: QtBot, view: CasesView, env: Env
) -> None:
    chips = view.chips
    assert chips[None].text() == f"Todos {CASES}"
    assert (
        chips[workflow.RECIBIDO]
        .text()
        .endswith(str(len(case_rowids(env.store.db, CaseQuery(status=workflow.RECIBIDO)))))
    )
    _set(qtbot, view, lambda: view.age_combo.setCurrentIndex(view.age_combo.findData("90+")))
    old = case_rowids(env.store.db, CaseQuery(age="90+"))
    counts = status_counts_among(env.store.db, old)
    assert chips[None].text() == f"Todos {len(old)}"
    for code, n in counts.items():
        assert chips[code].text().endswith(f" {n}") and chips[code].isVisible()
    _set(qtbot, view, lambda: chips[workflow.EN_REVISION].click())
    assert view.status_combo.currentData() == workflow.EN_REVISION
    assert view.model.rowCount() == counts[workflow.EN_REVISION]
    # The chips keep counting every status of the age filter, not just the chosen one.
    assert chips[None].text() == f"Todos {len(old)}"
    assert chips[workflow.EN_REVISION].isChecked()


def test_the_forecast_line_is_shown(view: CasesView) -> None:
    text = view.forecast_label.text()
    assert text.startswith("Pendientes:")
    assert "Ritmo" in text or "No se puede estimar" in text


def _select_rows(view: CasesView, rows: list[int]) -> None:
    selection = view.table.selectionModel()
    selection.clearSelection()
    for row in rows:
        selection.select(
            view.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows,
        )


def _statuses(env: Env, rowids: list[int]) -> list[str]:
    marks = ",".join("?" * len(rowids))
    return [
        r[0]
        for r in env.store.db.execute(
            f"SELECT status FROM permit_cases WHERE rowid IN ({marks}) ORDER BY rowid", rowids
        )
    ]


def test_bulk_status_change_is_all_or_nothing_through_the_dialog(
    qtbot: QtBot, view: CasesView, env: Env
) -> None:
    from desktop.ui.bulk_dialogs import StatusDialog

    received = case_rowids(env.store.db, CaseQuery(status=workflow.RECIBIDO))[:3]
    delivered = case_rowids(env.store.db, CaseQuery(status=workflow.ENTREGADO))[:1]
    rows = [view.model.row_of(r) for r in received + delivered]
    _select_rows(view, [r for r in rows if r is not None])
    assert sorted(view.selected_rowids()) == sorted(received + delivered)
    dialog = view.open_bulk_status()
    assert isinstance(dialog, StatusDialog)
    dialog.target_combo.setCurrentIndex(dialog.target_combo.findData(workflow.EN_REVISION))
    with qtbot.waitSignal(dialog.reported, timeout=5000) as done:
        dialog.apply_button.click()
    assert not done.args[0].ok
    assert "no se cambió nada" in dialog.report_view.toPlainText()
    folio = env.store.db.execute(
        "SELECT folio FROM permit_cases WHERE rowid = ?", delivered
    ).fetchone()[0]
    assert folio in dialog.report_view.toPlainText()
    assert set(_statuses(env, received)) == {workflow.RECIBIDO}  # nothing moved
    dialog.close()

    _select_rows(view, [r for r in rows[:3] if r is not None])
    dialog = view.open_bulk_status()
    assert isinstance(dialog, StatusDialog)
    dialog.target_combo.setCurrentIndex(dialog.target_combo.findData(workflow.EN_REVISION))
    with qtbot.waitSignal(dialog.reported, timeout=5000) as done:
        dialog.apply_button.click()
    assert done.args[0].ok
    assert dialog.report_view.toPlainText() == "Cambiados: 3."
    assert set(_statuses(env, received)) == {workflow.EN_REVISION}
    # The list refreshes itself: the chips count the moved cases.
    qtbot.waitUntil(
        lambda: (
            view.chips[workflow.EN_REVISION]
            .text()
            .endswith(str(len(case_rowids(env.store.db, CaseQuery(status=workflow.EN_REVISION)))))
        )
    )


def test_export_writes_the_current_view_to_csv(
    qtbot: QtBot, view: CasesView, env: Env, tmp_path: Path
) -> None:
    _set(qtbot, view, lambda: view.risk_combo.setCurrentIndex(view.risk_combo.findData("medio")))
    target = tmp_path / "vista.csv"
    view.export_to(str(target))
    qtbot.waitUntil(lambda: "Exportados" in view.notice_label.text(), timeout=5000)
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert len(rows) - 1 == view.model.rowCount()


def test_printing_the_selection_writes_a_pdf_list_of_exactly_those_cases(
    qtbot: QtBot, view: CasesView, env: Env, tmp_path: Path
) -> None:
    import subprocess

    chosen = case_rowids(env.store.db, CaseQuery(status=workflow.EN_REVISION))[:3]
    _select_rows(view, [r for r in (view.model.row_of(c) for c in chosen) if r is not None])
    target = tmp_path / "lista.pdf"
    view.export_to(str(target))
    qtbot.waitUntil(lambda: "lista para imprimir" in view.notice_label.text(), timeout=5000)
    text = subprocess.run(
        ["pdftotext", "-layout", str(target), "-"], capture_output=True, text=True, check=True
    ).stdout
    folios = [
        r[0]
        for r in env.store.db.execute(
            f"SELECT folio FROM permit_cases WHERE rowid IN ({','.join('?' * len(chosen))})",
            chosen,
        )
    ]
    assert all(folio in text for folio in folios)
    assert text.count("PC-") == 3
    assert "En revisión" in text


def test_scheduling_previews_the_plan_then_schedules_within_capacity(
    qtbot: QtBot, view: CasesView, env: Env
) -> None:
    from desktop.ui.bulk_dialogs import ScheduleDialog

    chosen = case_rowids(env.store.db, CaseQuery(status=workflow.EN_REVISION))[:5]
    _select_rows(view, [r for r in (view.model.row_of(c) for c in chosen) if r is not None])
    dialog = view.open_schedule()
    assert isinstance(dialog, ScheduleDialog)
    qtbot.waitUntil(lambda: dialog.inspectors_table.rowCount() > 0)
    capacities = dialog.capacities()
    assert capacities  # the first inspectors come checked
    first = next(iter(capacities))
    for row in range(dialog.inspectors_table.rowCount()):
        item = dialog.inspectors_table.item(row, 0)
        assert item is not None
        keep = item.data(Qt.ItemDataRole.UserRole) == first
        item.setCheckState(Qt.CheckState.Checked if keep else Qt.CheckState.Unchecked)
        spin = dialog.inspectors_table.cellWidget(row, 1)
        assert isinstance(spin, QSpinBox)
        spin.setValue(2)
    with qtbot.waitSignal(dialog.planned, timeout=5000) as planned:
        dialog.preview_button.click()
    plan = planned.args[0]
    assert plan.ok and len(plan.visits) == 5
    assert all(len(v) <= 2 for day in plan.by_day().values() for v in day.values())
    assert dialog.apply_button.isEnabled()
    with qtbot.waitSignal(dialog.reported, timeout=5000) as done:
        dialog.apply_button.click()
    assert done.args[0].ok and done.args[0].changed == 5
    assert set(_statuses(env, chosen)) == {workflow.INSPECCION_PROGRAMADA}

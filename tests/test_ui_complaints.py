"""The Denuncias screen (pytest-qt): desk intake ends with the receipt, the list shows flags, the
detail shows contact data only to the assigned investigator, actions are audited, the follow-up
dialog answers folio + code, and other roles see counts only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from complaints_world import World, make_world
from pytestqt.qtbot import QtBot

from desktop.core import complaints
from desktop.core.users import User
from desktop.ui.complaint_dialogs import ReceiptDialog
from desktop.ui.complaints_view import ComplaintsView
from desktop.ui.tasks import TaskRunner


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path / "data")
    yield w
    w.store.close()


def _view(qtbot: QtBot, world: World, runner: TaskRunner, user: User) -> ComplaintsView:
    view = ComplaintsView(world.store, runner, user)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.show()
    qtbot.waitUntil(lambda: view.inspectors != [], timeout=5000)
    return view


def _cell(view: ComplaintsView, row: int, column: int) -> str:
    item = view.table.item(row, column)
    return item.text() if item is not None else ""


def test_desk_intake_shows_the_receipt_once_and_the_follow_up_finds_it(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    view = _view(qtbot, world, runner, world.investigator)
    dialog = view.open_intake()
    dialog.buttons.accepted.emit()  # nothing typed: refused in the dialog, nothing written
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=5000)
    assert dialog.isVisible()
    assert world.store.db.execute("SELECT count(*) FROM complaints").fetchone()[0] == 0

    dialog.kind.setCurrentIndex(dialog.kind.findData("corrupcion"))
    dialog.description.setPlainText("Pidió dinero para no clausurar.")
    dialog.inspector.setCurrentIndex(dialog.inspector.findData(world.beto))
    dialog.anonymous.setChecked(False)
    dialog.contact_name.setText("Lucía Pat")
    dialog.contact_phone.setText("998 123 4567")
    with qtbot.waitSignal(view.receipt_shown, timeout=5000) as shown:
        dialog.buttons.accepted.emit()
    folio = shown.args[0]
    receipt = view.dialog
    assert isinstance(receipt, ReceiptDialog)
    assert receipt.folio.text() == folio
    code = receipt.code.text()
    stored = world.store.db.execute("SELECT followup_code_hash FROM complaints").fetchone()[0]
    assert code.replace("-", "") not in stored
    qtbot.waitUntil(lambda: view.table.rowCount() == 1, timeout=5000)
    assert _cell(view, 0, 1) == folio

    follow = view.open_followup()
    follow.folio.setText(folio)
    follow.code.setText("AAAA-BBBB-CCCC")
    follow.ask.click()
    qtbot.waitUntil(lambda: follow.status.text() != "", timeout=5000)
    assert follow.status.text() == "Sin resultados"
    follow.code.setText(code)
    follow.ask.click()
    qtbot.waitUntil(lambda: "Recibida" in follow.status.text(), timeout=5000)
    assert "aún no publica" in follow.response.text()
    assert "Lucía" not in follow.response.text() + follow.status.text()


def test_the_list_flags_patterns_and_the_detail_hides_contact_from_others(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    store = world.store
    ids = [
        complaints.file_complaint(
            store, world.clerk, kind="maltrato", description=f"Queja {n}",
            inspector_id=world.beto, anonymous=False, contact_name="Lucía Pat",
            contact_phone="998 123 4567",
        ).complaint_id
        for n in range(3)
    ]  # fmt: skip
    calm = complaints.file_complaint(
        store, world.clerk, kind="otro", description="Sin patrón", inspector_id=world.ana
    ).complaint_id
    complaints.assign(store, world.admin, ids[0], world.investigator.id)

    other = _view(qtbot, world, runner, world.other_comptroller)
    assert other.table.rowCount() == 4
    flagged = {other.summaries[r].id: _cell(other, r, 0) for r in range(other.table.rowCount())}
    assert all(flagged[i] == "Inspector (3+)" for i in ids) and flagged[calm] == ""
    row = next(r for r, s in enumerate(other.summaries) if s.id == ids[0])
    with qtbot.waitSignal(other.detail_shown, timeout=5000):
        other.table.selectRow(row)
    assert "Lucía" not in other.contact.text() and complaints.REDACTED in other.contact.text()
    assert "3 o más denuncias" in other.detail_flags.text()

    mine = _view(qtbot, world, runner, world.investigator)
    row = next(r for r, s in enumerate(mine.summaries) if s.id == ids[0])
    with qtbot.waitSignal(mine.detail_shown, timeout=5000):
        mine.table.selectRow(row)
    assert "Lucía Pat" in mine.contact.text() and "998 123 4567" in mine.contact.text()
    opened = store.db.execute(
        "SELECT count(*) FROM audit_events WHERE action = 'complaints.open'"
    ).fetchone()[0]
    assert opened == 2

    # Start the investigation, then close it with a reason; add a note and a public response.
    assert mine.transition_buttons["en_investigacion"].isVisibleTo(mine)
    dialog = mine.change_status("en_investigacion")
    assert dialog is not None
    with qtbot.waitSignal(mine.detail_shown, timeout=5000):
        dialog.buttons.accepted.emit()
    assert mine.fields["status"].text() == "En investigación"
    dialog = mine.change_status("improcedente")
    assert dialog is not None
    dialog.buttons.accepted.emit()  # no reason: refused in the dialog
    qtbot.waitUntil(lambda: dialog.error.text() != "", timeout=5000)
    dialog.reason.setText("No hay elementos.")
    with qtbot.waitSignal(mine.detail_shown, timeout=5000):
        dialog.buttons.accepted.emit()
    mine.note_edit.setPlainText("Se revisó la bitácora del día.")
    with qtbot.waitSignal(mine.detail_shown, timeout=5000):
        mine.note_button.click()
    mine.response_edit.setPlainText("Su denuncia se revisó.")
    with qtbot.waitSignal(mine.detail_shown, timeout=5000):
        mine.response_button.click()
    assert "No hay elementos." in mine.history.text()
    assert "bitácora del día" in mine.notes.text()
    row = store.db.execute(
        "SELECT status, public_response FROM complaints WHERE id = ?", [ids[0]]
    ).fetchone()
    assert tuple(row) == ("improcedente", "Su denuncia se revisó.")
    assert not any(b.isVisibleTo(mine) for b in mine.transition_buttons.values())


def test_the_status_filter_and_other_roles_get_counts_only(
    qtbot: QtBot, world: World, runner: TaskRunner
) -> None:
    store = world.store
    for kind in ("riesgo", "otro"):
        complaints.file_complaint(store, world.clerk, kind=kind, description="x")
    view = _view(qtbot, world, runner, world.investigator)
    assert view.table.rowCount() == 2
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.kind_filter.setCurrentIndex(view.kind_filter.findData("riesgo"))
    assert view.table.rowCount() == 1 and _cell(view, 0, 3) == "Riesgo en un establecimiento"
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.status_filter.setCurrentIndex(view.status_filter.findData("turnada"))
    assert view.table.rowCount() == 0

    clerk = _view(qtbot, world, runner, world.supervisor)
    assert not clerk.table.isVisibleTo(clerk)
    assert "Recibida: 2" in clerk.counts.text()
    assert clerk.summaries == []
    assert dt.date.today().isoformat()[:4] not in clerk.counts.text()  # no folios

"""The case-detail dialog: data, deadline, documents, history, notes and workflow buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_case_support import Env, env_fixture, first_case  # noqa: F401 (fixtures)

from desktop.core import workflow
from desktop.core.case_detail import case_detail
from desktop.ui.case_detail_dialog import CaseDetailDialog


def _open(qtbot: QtBot, env: Env, rowid: int) -> CaseDetailDialog:
    dialog = CaseDetailDialog(env.store, env.runner, rowid, actor=env.actor, locale=env.locale)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.show()
    return dialog


def test_the_dialog_shows_the_business_deadline_documents_and_history(
    qtbot: QtBot, env: Env
) -> None:
    rowid, case_id = first_case(env.store, workflow.EN_REVISION)
    dialog = _open(qtbot, env, rowid)
    detail = case_detail(env.store.db, case_id)
    assert dialog.title.text() == f"{detail.folio} — {detail.business['name']}"
    assert dialog.status_label.text() == "En revisión"
    assert "días transcurridos" in dialog.deadline_label.text()
    assert dialog.documents_list.count() == len(detail.documents) > 0
    assert dialog.history_table.rowCount() == len(detail.history) > 0
    assert set(dialog.transition_buttons) == set(workflow.allowed_targets(workflow.EN_REVISION))


def test_a_reason_is_required_where_owed_and_the_history_shows_it(qtbot: QtBot, env: Env) -> None:
    rowid, case_id = first_case(env.store, workflow.EN_REVISION)
    dialog = _open(qtbot, env, rowid)
    history = dialog.history_table.rowCount()
    # The button asks for the reason inline; confirming an empty one is refused by the core.
    dialog.transition_buttons[workflow.REQUIERE_DOCUMENTOS].click()
    assert dialog.reason_prompt.isVisible()
    with qtbot.waitSignal(dialog.failed, timeout=5000) as refused:
        qtbot.keyClick(dialog.reason_prompt.edit, "\r")
    assert "requiere un motivo" in refused.args[0]
    assert dialog.error_label.isVisible()
    assert case_detail(env.store.db, case_id).status == workflow.EN_REVISION
    dialog.transition_buttons[workflow.REQUIERE_DOCUMENTOS].click()
    qtbot.keyClicks(dialog.reason_prompt.edit, "Falta el croquis")
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        qtbot.keyClick(dialog.reason_prompt.edit, "\r")
    assert dialog.status_label.text() == "Requiere documentos"
    assert dialog.history_table.rowCount() == history + 1
    newest = [dialog.history_table.item(0, c).text() for c in range(5)]
    who = env.store.db.execute(
        "SELECT display_name FROM users WHERE id = ?", [env.actor.user_id]
    ).fetchone()[0]
    assert newest[1:] == ["En revisión", "Requiere documentos", who, "Falta el croquis"]
    assert not dialog.error_label.isVisible()


def test_a_transition_without_a_reason_applies_at_once(qtbot: QtBot, env: Env) -> None:
    rowid, case_id = first_case(env.store, workflow.RECIBIDO)
    dialog = _open(qtbot, env, rowid)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.transition_buttons[workflow.EN_REVISION].click()
    assert case_detail(env.store.db, case_id).status == workflow.EN_REVISION
    assert dialog.history_table.item(0, 2).text() == "En revisión"


def test_toggling_a_document_and_adding_a_note_are_saved(qtbot: QtBot, env: Env) -> None:
    rowid, case_id = first_case(env.store, workflow.EN_REVISION)
    dialog = _open(qtbot, env, rowid)
    before = case_detail(env.store.db, case_id)
    index = next(i for i, d in enumerate(before.documents) if not d.received)
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.documents_list.item(index).setCheckState(Qt.CheckState.Checked)
    after = case_detail(env.store.db, case_id)
    assert after.documents[index].received
    assert after.missing_documents <= before.missing_documents
    notes = dialog.notes_list.count()
    dialog.note_edit.setPlainText("Llamar al titular el lunes")
    with qtbot.waitSignal(dialog.loaded, timeout=5000):
        dialog.add_note_button.click()
    assert dialog.notes_list.count() == notes + 1
    assert "Llamar al titular el lunes" in dialog.notes_list.item(notes).text()

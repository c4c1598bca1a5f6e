"""Review mode: J/K move through the queue, one key per decision, the reason prompt inline."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from ui_case_support import Env, env_fixture  # noqa: F401 (fixtures)

from desktop.core import workflow
from desktop.core.case_detail import case_detail
from desktop.store.cases import CaseQuery, case_rowids
from desktop.ui.review_mode import ReviewDialog


def _review(qtbot: QtBot, env: Env, rowids: list[int]) -> ReviewDialog:
    dialog = ReviewDialog(env.store, env.runner, rowids, 0, actor=env.actor, locale=env.locale)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.shown, timeout=5000):
        dialog.show()
    dialog.setFocus()
    return dialog


def _key(qtbot: QtBot, dialog: ReviewDialog, key: Qt.Key, signal: str = "shown") -> list:
    with qtbot.waitSignal(getattr(dialog, signal), timeout=5000) as caught:
        qtbot.keyClick(dialog, key)
    return caught.args


def test_j_and_k_move_through_the_queue_and_the_key_map_is_on_screen(
    qtbot: QtBot, env: Env
) -> None:
    queue = case_rowids(env.store.db, CaseQuery(status=workflow.RECIBIDO))[:5]
    dialog = _review(qtbot, env, queue)
    assert dialog.position_label.text() == "Expediente 1 de 5"
    assert "J/→ siguiente" in dialog.key_map.text() and "D Requiere documentos" in (
        dialog.key_map.text()
    )
    assert _key(qtbot, dialog, Qt.Key.Key_J)[0].rowid == queue[1]
    assert _key(qtbot, dialog, Qt.Key.Key_Right)[0].rowid == queue[2]
    assert _key(qtbot, dialog, Qt.Key.Key_K)[0].rowid == queue[1]
    assert dialog.position_label.text() == "Expediente 2 de 5"


def test_a_decision_key_applies_and_moves_to_the_next_case(qtbot: QtBot, env: Env) -> None:
    queue = case_rowids(env.store.db, CaseQuery(status=workflow.RECIBIDO))[:3]
    dialog = _review(qtbot, env, queue)
    with qtbot.waitSignal(dialog.shown, timeout=5000) as shown:
        qtbot.keyClick(dialog, Qt.Key.Key_R)
    assert case_detail(env.store.db, queue[0]).status == workflow.EN_REVISION
    assert shown.args[0].rowid == queue[1]
    # D owes a reason: the prompt opens; Enter with the reason typed applies it.
    _key(qtbot, dialog, Qt.Key.Key_K)
    qtbot.keyClick(dialog, Qt.Key.Key_D)
    assert dialog.reason_prompt.isVisible()
    qtbot.keyClicks(dialog.reason_prompt.edit, "Falta el comprobante de domicilio")
    with qtbot.waitSignal(dialog.decided, timeout=5000):
        qtbot.keyClick(dialog.reason_prompt.edit, Qt.Key.Key_Return)
    detail = case_detail(env.store.db, queue[0])
    assert detail.status == workflow.REQUIERE_DOCUMENTOS
    assert detail.history[-1].reason == "Falta el comprobante de domicilio"


def test_a_decision_the_workflow_forbids_is_refused_plainly(qtbot: QtBot, env: Env) -> None:
    queue = case_rowids(env.store.db, CaseQuery(status=workflow.RECIBIDO))[:2]
    dialog = _review(qtbot, env, queue)
    with qtbot.waitSignal(dialog.failed, timeout=5000) as failed:
        qtbot.keyClick(dialog, Qt.Key.Key_A)  # aprobado, straight from recibido
    assert failed.args[0] == "Desde «Recibido» no se puede pasar a «Aprobado»."
    assert dialog.message.text() == failed.args[0]
    assert case_detail(env.store.db, queue[0]).status == workflow.RECIBIDO

"""Screenshots of the Denuncias section, signed in as the demo's Contraloría user.

Called from tools/screenshots.py on its demo folder; writes ``complaints-list.png`` (the list with
its pattern flags), ``complaint-detail.png`` (a complaint assigned to the user: contact data,
history, notes, public response), ``complaint-receipt.png`` (a desk complaint filed through the
real intake dialog) and ``complaint-followup.png`` (folio + code answered with status and public
response). The investigation steps are the real use-cases of desktop.core.complaints.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QWidget

from desktop.core import complaints, users
from desktop.store import Store
from desktop.ui.complaint_dialogs import ReceiptDialog
from desktop.ui.complaints_view import ComplaintsView
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import TaskRunner

DEMO_PASSWORD = "demo1234"


def _prepare(store: Store, user: users.User) -> str:
    """Take one flagged complaint with contact data through the first investigation steps."""
    listed = complaints.list_complaints(store, user, status=complaints.RECIBIDA)
    named = {str(r[0]) for r in store.db.execute("SELECT id FROM complaints WHERE anonymous = 0")}
    # With contact data (what only the investigator sees), a flagged one if there is one.
    with_contact = [s for s in listed if s.id in named and s.inspector_id]
    chosen = next((s for s in with_contact if s.flags), with_contact[0])
    complaints.assign(store, user, chosen.id, user.id)
    complaints.transition(store, user, chosen.id, complaints.EN_INVESTIGACION)
    complaints.add_note(
        store, user, chosen.id, "Se solicitó al área la bitácora de visitas del inspector."
    )
    complaints.set_public_response(
        store,
        user,
        chosen.id,
        "Su denuncia está en investigación. Le informaremos el resultado por este medio.",
    )
    return chosen.id


def shoot_complaints(
    store: Store,
    runner: TaskRunner,
    out: Path,
    *,
    size: tuple[int, int],
    locale: QLocale,
    wait_until: Callable[[Callable[[], bool], str], None],
    save: Callable[[QWidget, Path], None],
) -> None:
    user = users.authenticate(store, "contraloria", DEMO_PASSWORD)
    chosen = _prepare(store, user)
    reader = store.reader()
    window = MainWindow(store, runner, reader, user, lang="es", locale=locale)
    window.resize(*size)
    window.show()
    view = window.findChild(ComplaintsView)
    assert view is not None, "the Denuncias section is not plugged in"
    wait_until(lambda: bool(view.summaries) and bool(view.inspectors), "the complaint list")

    flagged = next(r for r, s in enumerate(view.summaries) if s.flags and s.id != chosen)
    view.table.selectRow(flagged)
    wait_until(
        lambda: view.detail is not None and view.detail.summary.id != chosen, "a flagged complaint"
    )
    save(window, out / "complaints-list.png")

    row = next(r for r, s in enumerate(view.summaries) if s.id == chosen)
    view.table.selectRow(row)
    wait_until(
        lambda: view.detail is not None and view.detail.summary.id == chosen, "the chosen one"
    )
    window.resize(size[0], size[1] + 260)
    QApplication.processEvents()
    save(window, out / "complaint-detail.png")
    window.resize(*size)

    intake = view.open_intake()
    intake.kind.setCurrentIndex(intake.kind.findData("corrupcion"))
    intake.source.setCurrentIndex(intake.source.findData("telefono"))
    intake.description.setPlainText(
        "El inspector pidió $2,000 para no suspender la fonda. Ocurrió frente a testigos."
    )
    intake.location.setText("Región 94, Cancún")
    intake.inspector.setCurrentIndex(1)
    receipts: list[str] = []
    view.receipt_shown.connect(receipts.append)
    intake.buttons.accepted.emit()
    wait_until(lambda: bool(receipts), "the receipt")
    receipt = view.dialog
    assert isinstance(receipt, ReceiptDialog)
    folio, code = receipt.folio.text(), receipt.code.text()
    save(receipt, out / "complaint-receipt.png")
    receipt.accept()

    filed = store.db.execute("SELECT id FROM complaints WHERE folio = ?", [folio]).fetchone()[0]
    complaints.assign(store, user, filed, user.id)
    complaints.set_public_response(
        store,
        user,
        filed,
        "Recibimos su denuncia y se turnó a investigación. Consulte de nuevo en 10 días hábiles.",
    )
    follow = view.open_followup()
    follow.folio.setText(folio)
    follow.code.setText(code)
    follow.ask.click()
    wait_until(lambda: follow.status.text() != "", "the follow-up answer")
    save(follow, out / "complaint-followup.png")
    follow.close()
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    reader.close()

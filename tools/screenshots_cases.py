"""Screenshots of the Expedientes screens: filtered backlog, case detail, review mode, import.

Called from tools/screenshots.py with the demo store already open; writes
``backlog-filtered.png``, ``case-detail.png``, ``review-mode.png`` and ``import-dialog.png``.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from desktop.core import users
from desktop.store import Store
from desktop.ui.case_detail_dialog import CaseDetailDialog
from desktop.ui.import_dialog import ImportDialog
from desktop.ui.main_window import MainWindow
from desktop.ui.review_mode import ReviewDialog
from desktop.ui.tasks import TaskRunner

MESSY_CSV = (
    "Folio;Fecha de recepción;Nombre comercial;Propietario;Domicilio;Colonia;Giro;Riesgo\n"
    "PC-2026-90001;05/02/2026;Tortillería La Güera;Ana Pérez Ruiz;Av. Juárez 120;Centro;"
    "Tortillería;bajo\n"
    "PC-2026-90002;5-ene-2026;Papelería El Lápiz;Luis Mora;Calle 5 #44;Centro;Papelería;Bajo\n"
    "PC-2026-90002;06/02/2026;Otra Papelería;Luis Mora;Calle 5 #46;Centro;Papelería;bajo\n"
    "PC-2026-90004;31/02/2026;Estética Lupita;Guadalupe Ruiz;Av. Tulum 8;Avante;Estética;"
    "medio\n"
    "PC-2026-90005;07/02/2026;;José Díaz;Calle 12;Centro;Abarrotes;bajo\n"
    "PC-2026-90006;07/02/2026;Abarrotes Don Pepe;José Díaz;Calle 14;Centro;Abarrotes;"
    "altísimo\n"
)


def shoot_cases(
    store: Store,
    runner: TaskRunner,
    user: users.User,
    out: Path,
    *,
    size: tuple[int, int],
    locale: object,
    wait_until: Callable[[Callable[[], bool], str], None],
    save: Callable[[QWidget, Path], None],
) -> None:
    """Write the four Expedientes screenshots (Spanish)."""
    reader = store.reader()
    window = MainWindow(store, runner, reader, user, lang="es", locale=locale)  # type: ignore[arg-type]
    window.resize(*size)
    window.show()
    view = window.cases_view
    assert view is not None
    wait_until(lambda: view.model.rowCount() > 0 and view.colonia_combo.count() > 1, "the list")
    view.age_combo.setCurrentIndex(view.age_combo.findData("90+"))
    view.overdue_check.setChecked(True)
    view.search_edit.setText("ab")
    wait_until(lambda: runner.pending == 0 and not view.search_timer.isActive(), "the filter")
    view.table.selectRow(2)
    save(window, out / "backlog-filtered.png")

    detail = view.open_case(2)
    assert isinstance(detail, CaseDetailDialog)
    wait_until(lambda: detail.detail is not None, "the case detail")
    detail.tabs.setCurrentIndex(1)
    save(detail, out / "case-detail.png")
    detail.close()

    view.clear_filters()
    view.status_combo.setCurrentIndex(view.status_combo.findData("en_revision"))
    wait_until(lambda: runner.pending == 0 and view.model.rowCount() > 10, "the review queue")
    view.table.selectRow(0)
    review = view.open_review()
    assert isinstance(review, ReviewDialog)
    wait_until(lambda: review.detail is not None, "review mode")
    save(review, out / "review-mode.png")
    review.close()

    with tempfile.TemporaryDirectory(prefix="verifica-import-") as tmp:
        path = Path(tmp) / "expedientes-marzo.csv"
        path.write_text(MESSY_CSV, encoding="utf-8")
        actor = store.actor(user.id)
        dialog = ImportDialog(store, runner, actor, lang="es", parent=window)
        dialog.show()
        dialog.load_file(str(path))
        wait_until(lambda: dialog.sheet is not None, "the import preview")
        dialog.validate()
        wait_until(lambda: dialog.plan is not None, "the import validation")
        save(dialog, out / "import-dialog.png")
        dialog.close()
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    reader.close()

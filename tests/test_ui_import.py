"""The import dialog: preview, mapping, every bad row listed before anything is written."""

from __future__ import annotations

from pathlib import Path

from pytestqt.qtbot import QtBot
from ui_case_support import Env, env_fixture  # noqa: F401 (fixtures)

from desktop.core import imports
from desktop.store.cases import count_cases
from desktop.ui.import_dialog import ImportDialog

GOOD = (
    "Folio;Fecha de recepción;Nombre comercial;Propietario;Colonia;Riesgo\n"
    "IMP-0001;05/02/2025;Tortillería La Güera;Ana Pérez;Centro;bajo\n"
    "IMP-0002;5-ene-2025;Papelería El Lápiz;Luis Mora;Centro;Bajo\n"
    "IMP-0003;2025-03-10;Estética Lupita;Guadalupe Ruiz;Avante;medio\n"
)
BAD = (
    "Folio;Fecha de recepción;Nombre comercial;Propietario;Colonia;Riesgo\n"
    "IMP-0001;05/02/2025;Tortillería La Güera;Ana Pérez;Centro;bajo\n"
    "IMP-0001;06/02/2025;Otra Tortillería;Ana Pérez;Centro;bajo\n"
    "IMP-0003;31/02/2025;Estética Lupita;Guadalupe Ruiz;Avante;medio\n"
    "IMP-0004;07/02/2025;;Sin Nombre;Centro;bajo\n"
    "IMP-0005;07/02/2025;Abarrotes Don Pepe;José Díaz;Centro;altísimo\n"
)


def _dialog(qtbot: QtBot, env: Env, path: Path) -> ImportDialog:
    dialog = ImportDialog(env.store, env.runner, env.actor)
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.file_loaded, timeout=5000):
        dialog.load_file(str(path))
    return dialog


def test_a_bad_file_lists_every_bad_row_and_writes_nothing(
    qtbot: QtBot, env: Env, tmp_path: Path
) -> None:
    path = tmp_path / "malo.csv"
    path.write_text(BAD, encoding="utf-8")
    before = count_cases(env.store.db)
    dialog = _dialog(qtbot, env, path)
    assert dialog.preview_table.rowCount() == 5
    assert dialog.mapping_combos["business_name"].currentData() == "Nombre comercial"
    with qtbot.waitSignal(dialog.validated, timeout=5000):
        dialog.validate_button.click()
    lines = [dialog.errors_list.item(i).text() for i in range(dialog.errors_list.count())]
    assert [line.split(",")[0] for line in lines] == ["fila 3", "fila 4", "fila 5", "fila 6"]
    assert "folio repetido" in lines[0]
    assert "Filas rechazadas: 4" in dialog.result_label.text()
    assert not dialog.import_button.isEnabled()
    dialog.start_import()  # even if called, a refused plan writes nothing
    assert count_cases(env.store.db) == before


def test_a_good_file_imports_with_the_mapping_and_remembers_it(
    qtbot: QtBot, env: Env, tmp_path: Path
) -> None:
    path = tmp_path / "bueno.csv"
    path.write_text(GOOD, encoding="utf-8")
    before = count_cases(env.store.db)
    dialog = _dialog(qtbot, env, path)
    # The clerk maps the owner column to nothing: the mapping used is the one on screen.
    dialog.mapping_combos["owner_name"].setCurrentIndex(0)
    with qtbot.waitSignal(dialog.validated, timeout=5000):
        dialog.validate_button.click()
    assert dialog.import_button.isEnabled()
    assert dialog.errors_list.count() == 0
    with qtbot.waitSignal(dialog.imported, timeout=5000) as done:
        dialog.import_button.click()
    assert done.args[0].imported == 3
    assert count_cases(env.store.db) == before + 3
    owner = env.store.db.execute(
        "SELECT b.owner_name FROM permit_cases c JOIN businesses b ON b.id = c.business_id "
        "WHERE c.folio = 'IMP-0002'"
    ).fetchone()[0]
    assert owner == ""
    remembered = imports.remembered_mapping(env.store)
    assert remembered is not None and "owner_name" not in remembered.columns
    assert remembered.columns["business_name"] == "Nombre comercial"
    # The next dialog starts from the remembered mapping, not from a fresh guess.
    again = _dialog(qtbot, env, path)
    assert again.mapping_combos["owner_name"].currentData() is None

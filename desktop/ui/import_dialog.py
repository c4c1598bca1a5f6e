"""The import dialog: pick a CSV/XLSX, preview it, map its columns, validate, then import.

Nothing is written until every row is valid: "Validar" lists every refused value (row, column,
reason) and only a clean plan enables "Importar", which writes all rows in one transaction behind
a progress dialog that can cancel. The mapping is pre-filled from the last one used on this
device (when its columns are in the file) or guessed from the headers, and remembered on success.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import imports
from desktop.core.imports import ColumnMapping, ImportPlan, ImportReport
from desktop.core.sheets import Sheet
from desktop.store import Actor, Store
from desktop.ui import messages
from desktop.ui.case_tasks import run_with_progress
from desktop.ui.tasks import TaskRunner

PREVIEW_ROWS = 8
IMPORT_CHANGES = frozenset({"permit_cases", "businesses", "case_notes"})


def _read(store: Store, path: str) -> tuple[Sheet, ColumnMapping]:
    """Runs on the database worker: the sheet and the mapping to start from."""
    sheet = imports.read_sheet(path)
    remembered = imports.remembered_mapping(store)
    if remembered is not None and all(h in sheet.headers for h in remembered.columns.values()):
        return sheet, remembered
    return sheet, imports.guess_mapping(sheet.headers)


class ImportDialog(QDialog):
    """Import cases from a spreadsheet.

    Signals:
        file_loaded(object): a file was read; carries the :class:`Sheet`.
        validated(object): the file was checked; carries the :class:`ImportPlan`.
        imported(object): the import finished; carries the :class:`ImportReport`.
    """

    file_loaded = Signal(object)
    validated = Signal(object)
    imported = Signal(object)

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        actor: Actor,
        *,
        lang: str = "es",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._runner = runner
        self._actor = actor
        self._lang = lang
        self.sheet: Sheet | None = None
        self.plan: ImportPlan | None = None
        self.setObjectName("importDialog")
        self.setWindowTitle(self.tr("Importar expedientes"))
        self.resize(980, 720)

        self.path_edit = QLineEdit()
        self.path_edit.setReadOnly(True)
        self.path_edit.setPlaceholderText(self.tr("Elija un archivo CSV o XLSX"))
        self.browse_button = QPushButton(self.tr("&Elegir archivo…"))
        self.browse_button.clicked.connect(self.choose_file)
        picker = QHBoxLayout()
        picker.addWidget(self.path_edit, 1)
        picker.addWidget(self.browse_button)

        self.preview_table = QTableWidget(0, 0)
        self.preview_table.setObjectName("previewTable")
        self.preview_table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.preview_table.setMaximumHeight(220)
        self.file_info = QLabel()

        self.mapping_box = QGroupBox(self.tr("Columnas del archivo para cada campo"))
        grid = QGridLayout(self.mapping_box)
        self.mapping_combos: dict[str, QComboBox] = {}
        for i, f in enumerate(imports.FIELDS):
            combo = QComboBox()
            combo.setObjectName(f"map_{f.key}")
            combo.addItem(self.tr("(no importar)"), None)
            combo.currentIndexChanged.connect(self._mapping_changed)
            caption = QLabel(f.label(lang) + (" *" if f.required else ""))
            caption.setBuddy(combo)
            grid.addWidget(caption, i // 3, (i % 3) * 2)
            grid.addWidget(combo, i // 3, (i % 3) * 2 + 1)
            self.mapping_combos[f.key] = combo

        self.result_label = QLabel()
        self.result_label.setObjectName("importResult")
        self.result_label.setWordWrap(True)
        self.errors_list = QListWidget()
        self.errors_list.setObjectName("errorsList")

        self.buttons = QDialogButtonBox()
        self.validate_button = self.buttons.addButton(
            self.tr("&Validar"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.import_button = self.buttons.addButton(
            self.tr("&Importar"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(self.tr("Cerrar"))
        self.validate_button.setEnabled(False)
        self.import_button.setEnabled(False)
        self.validate_button.clicked.connect(self.validate)
        self.import_button.clicked.connect(self.start_import)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(picker)
        layout.addWidget(self.file_info)
        layout.addWidget(self.preview_table)
        layout.addWidget(self.mapping_box)
        layout.addWidget(self.result_label)
        layout.addWidget(self.errors_list, 1)
        layout.addWidget(self.buttons)

    # -- own API -------------------------------------------------------------------------

    def choose_file(self) -> None:
        dialog = QFileDialog(self, self.tr("Importar expedientes"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setNameFilters([self.tr("Hojas de cálculo (*.csv *.xlsx)")])
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.load_file)
        dialog.open()

    def load_file(self, path: str) -> None:
        """Read ``path`` on the database worker and show its first rows and a mapping."""
        self.path_edit.setText(path)
        self.plan = None
        self.import_button.setEnabled(False)
        self.errors_list.clear()
        self.result_label.setText(self.tr("Leyendo el archivo…"))
        store = self._store
        self._runner.run_db(lambda: _read(store, path), self._show_file, self._failed)

    def mapping(self) -> ColumnMapping:
        return ColumnMapping(
            {key: combo.currentData() for key, combo in self.mapping_combos.items()
             if combo.currentData()}
        )  # fmt: skip

    def validate(self) -> None:
        """Check every row (nothing is written) and list every refused value."""
        if self.sheet is None:
            return
        store, sheet, mapping = self._store, self.sheet, self.mapping()
        self.import_button.setEnabled(False)
        self._runner.run_db(
            lambda: imports.validate(store.db, sheet, mapping), self._show_plan, self._failed
        )

    def start_import(self) -> None:
        if self.plan is None or not self.plan.ok:
            return
        store, actor, plan = self._store, self._actor, self.plan

        def op(progress: Any, cancelled: Any) -> ImportReport:
            report = imports.apply_import(
                store, actor, plan, on_progress=progress, is_cancelled=cancelled
            )
            if report.ok:
                imports.remember_mapping(store, plan.mapping)
            return report

        self.import_button.setEnabled(False)
        run_with_progress(
            self._runner, self, self.tr("Importando expedientes…"), op, self._imported,
            self._failed, changes=IMPORT_CHANGES,
        )  # fmt: skip

    # -- internals -----------------------------------------------------------------------

    def _show_file(self, loaded: tuple[Sheet, ColumnMapping]) -> None:
        sheet, mapping = loaded
        self.sheet = sheet
        headers = list(sheet.headers)
        self.preview_table.setColumnCount(len(headers))
        self.preview_table.setHorizontalHeaderLabels(headers)
        rows = sheet.preview(PREVIEW_ROWS)
        self.preview_table.setRowCount(len(rows))
        self.preview_table.setVerticalHeaderLabels([str(r.number) for r in rows])
        for r, row in enumerate(rows):
            for c, value in enumerate(row.values[: len(headers)]):
                text = "" if value is None else str(value)
                self.preview_table.setItem(r, c, QTableWidgetItem(text))
        self.preview_table.resizeColumnsToContents()
        self.file_info.setText(
            self.tr("{name}: {n} filas con datos; encabezados en la fila {h}.").format(
                name=sheet.name, n=len(sheet.rows), h=sheet.header_row
            )
        )
        for key, combo in self.mapping_combos.items():
            combo.blockSignals(True)
            while combo.count() > 1:
                combo.removeItem(1)
            for header in headers:
                combo.addItem(header, header)
            combo.setCurrentIndex(max(0, combo.findData(mapping.columns.get(key))))
            combo.blockSignals(False)
        self.validate_button.setEnabled(True)
        self.result_label.setText(
            self.tr("Revise el mapeo de columnas y pulse «Validar». No se escribe nada todavía.")
        )
        self.file_loaded.emit(sheet)

    def _mapping_changed(self) -> None:
        # A different mapping needs a new validation before importing.
        self.plan = None
        self.import_button.setEnabled(False)

    def _show_plan(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.errors_list.clear()
        if plan.ok:
            self.result_label.setText(
                self.tr("Todo correcto: {n} filas listas para importar. Pulse «Importar».").format(
                    n=len(plan.records)
                )
            )
        else:
            self.result_label.setText(
                self.tr(
                    "Filas rechazadas: {rows}; problemas: {n}. No se importará nada hasta "
                    "corregirlos en el archivo."
                ).format(rows=plan.refused_rows, n=len(plan.errors))
            )
            self.errors_list.addItems(plan.error_lines(self._lang))
        self.import_button.setEnabled(plan.ok and bool(plan.records))
        self.validated.emit(plan)

    def _imported(self, report: ImportReport) -> None:
        self.errors_list.clear()
        lines = report.lines(self._lang)
        self.result_label.setText(lines[-1] if lines else "")
        self.errors_list.addItems(lines)
        self.plan = None
        self.imported.emit(report)

    def _failed(self, error: BaseException) -> None:
        messages.failure_handler(self.result_label.setText, self._lang, self)(error)

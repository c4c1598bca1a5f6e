"""Bulk actions on the selected cases: change status, assign, schedule inspections.

Each is all-or-nothing in the core (:mod:`desktop.core.bulk`): when any selected case cannot take
the action nothing is written and the dialog lists which cases and why. The writes run on the
database worker behind a progress dialog that can cancel (everything is then rolled back).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QCoreApplication, QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import bulk, inspectors, workflow
from desktop.core.bulk import BulkReport, InspectionPlan
from desktop.store import Actor, Store
from desktop.ui import labels, messages
from desktop.ui.case_tasks import run_with_progress
from desktop.ui.tasks import TaskRunner

# The base class names its own context: tr() would use the subclass name at run time.
translate = QCoreApplication.translate

CASE_CHANGES = frozenset({"permit_cases", "case_status_history"})


class _BulkDialog(QDialog):
    """Common parts: the selection count, the report box and the apply button.

    Signals:
        reported(object): a bulk action finished; carries the :class:`BulkReport`.
    """

    reported = Signal(object)

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        actor: Actor,
        rowids: list[int],
        *,
        lang: str = "es",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._runner = runner
        self._actor = actor
        self.rowids = list(rowids)
        self._lang = lang
        self.summary = QLabel(
            translate("_BulkDialog", "{n} expedientes seleccionados.").format(n=len(rowids))
            if len(rowids) != 1
            else translate("_BulkDialog", "1 expediente seleccionado.")
        )
        self.form = QFormLayout()
        self.report_view = QPlainTextEdit()
        self.report_view.setObjectName("reportView")
        self.report_view.setReadOnly(True)
        self.report_view.setPlaceholderText(
            translate("_BulkDialog", "Aquí aparecerá el resultado.")
        )
        self.buttons = QDialogButtonBox()
        self.apply_button = self.buttons.addButton(
            translate("_BulkDialog", "Aplicar"), QDialogButtonBox.ButtonRole.ApplyRole
        )
        self.apply_button.setDefault(True)
        close = self.buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setText(translate("_BulkDialog", "Cerrar"))
        self.buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.summary)
        self.layout_.addLayout(self.form)

    def _finish_layout(self) -> None:
        self.layout_.addWidget(self.report_view, 1)
        self.layout_.addWidget(self.buttons)

    def apply(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def _show_report(self, report: BulkReport) -> None:
        self.report_view.setPlainText("\n".join(report.lines(self._lang)))
        self.reported.emit(report)

    def _failed(self, error: BaseException) -> None:
        messages.failure_handler(self.report_view.setPlainText, self._lang, self)(error)


class StatusDialog(_BulkDialog):
    """Move every selected case to one status — or none of them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setObjectName("bulkStatusDialog")
        self.setWindowTitle(self.tr("Cambiar estado"))
        self.target_combo = QComboBox()
        for code, label in labels.status_labels().items():
            if code != workflow.RECIBIDO:
                self.target_combo.addItem(labels.status_icon(code), label, code)
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("reasonEdit")
        self.reason_edit.setPlaceholderText(
            self.tr("Obligatorio para requiere documentos, observaciones, rechazo y cancelación")
        )
        self.form.addRow(self.tr("&Nuevo estado:"), self.target_combo)
        self.form.addRow(self.tr("&Motivo:"), self.reason_edit)
        self._finish_layout()
        self.resize(620, 420)

    def apply(self) -> None:
        store, actor, ids = self._store, self._actor, self.rowids
        target, reason = self.target_combo.currentData(), self.reason_edit.text()

        def op(progress: Any, cancelled: Any) -> BulkReport:
            return bulk.bulk_change_status(
                store, actor, ids, target, reason, on_progress=progress, is_cancelled=cancelled
            )

        run_with_progress(
            self._runner, self, self.tr("Cambiando estado…"), op, self._show_report,
            self._failed, changes=CASE_CHANGES,
        )  # fmt: skip


class AssignDialog(_BulkDialog):
    """Assign every selected case to one person (or unassign) — or none of them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setObjectName("bulkAssignDialog")
        self.setWindowTitle(self.tr("Asignar expedientes"))
        self.user_combo = QComboBox()
        self.user_combo.addItem(self.tr("Nadie (quitar asignación)"), None)
        self.form.addRow(self.tr("&Asignar a:"), self.user_combo)
        self._finish_layout()
        self.resize(560, 360)
        db = self._store.db
        self._runner.run_db(lambda: bulk.assignable_users(db), self._show_users)

    def _show_users(self, users: list[tuple[str, str]]) -> None:
        for uid, name in users:
            self.user_combo.addItem(name, uid)

    def apply(self) -> None:
        store, actor, ids = self._store, self._actor, self.rowids
        user_id = self.user_combo.currentData()

        def op(progress: Any, cancelled: Any) -> BulkReport:
            return bulk.bulk_assign(
                store, actor, ids, user_id, on_progress=progress, is_cancelled=cancelled
            )

        run_with_progress(
            self._runner, self, self.tr("Asignando…"), op, self._show_report, self._failed,
            changes=CASE_CHANGES,
        )  # fmt: skip


class ScheduleDialog(_BulkDialog):
    """Plan inspections over a date range with a daily capacity per inspector, preview, apply.

    Signals:
        planned(object): a plan was computed; carries the :class:`InspectionPlan`.
    """

    planned = Signal(object)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.setObjectName("scheduleDialog")
        self.setWindowTitle(self.tr("Programar inspecciones"))
        self.plan: InspectionPlan | None = None
        today = QDate.currentDate()
        self.start_edit = QDateEdit(today.addDays(1))
        self.end_edit = QDateEdit(today.addDays(14))
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
        dates = QHBoxLayout()
        dates.addWidget(self.start_edit)
        dates.addWidget(QLabel(self.tr("al")))
        dates.addWidget(self.end_edit)
        dates.addStretch(1)
        self.form.addRow(self.tr("&Del:"), dates)
        self.inspectors_table = QTableWidget(0, 2)
        self.inspectors_table.setObjectName("inspectorsTable")
        self.inspectors_table.setHorizontalHeaderLabels(
            [self.tr("Inspector"), self.tr("Visitas por día")]
        )
        self.inspectors_table.verticalHeader().hide()
        self.inspectors_table.horizontalHeader().setStretchLastSection(True)
        self.inspectors_table.setMaximumHeight(160)
        self.form.addRow(self.tr("Inspectores:"), self.inspectors_table)
        self.preview_button = QPushButton(self.tr("&Vista previa"))
        self.preview_button.clicked.connect(self.preview)
        self.layout_.addWidget(self.preview_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.apply_button.setText(self.tr("Programar"))
        self.apply_button.setEnabled(False)
        self._finish_layout()
        self.resize(680, 560)
        store = self._store
        self._runner.run_db(
            lambda: inspectors.list_inspectors(store, status="activo"), self._show_inspectors
        )

    def _show_inspectors(self, found: list[inspectors.Inspector]) -> None:
        self.inspectors_table.setRowCount(len(found))
        for row, inspector in enumerate(found):
            item = QTableWidgetItem(inspector.full_name)
            item.setData(Qt.ItemDataRole.UserRole, inspector.id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if row < 2 else Qt.CheckState.Unchecked)
            self.inspectors_table.setItem(row, 0, item)
            spin = QSpinBox()
            spin.setRange(1, bulk.MAX_DAILY_CAPACITY)
            spin.setValue(6)
            self.inspectors_table.setCellWidget(row, 1, spin)
        self.inspectors_table.resizeColumnToContents(0)

    def capacities(self) -> dict[str, int]:
        result: dict[str, int] = {}
        for row in range(self.inspectors_table.rowCount()):
            item = self.inspectors_table.item(row, 0)
            spin = self.inspectors_table.cellWidget(row, 1)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                assert isinstance(spin, QSpinBox)
                result[item.data(Qt.ItemDataRole.UserRole)] = spin.value()
        return result

    def set_range(self, start: dt.date, end: dt.date) -> None:
        self.start_edit.setDate(labels.qdate(start))
        self.end_edit.setDate(labels.qdate(end))

    def preview(self) -> None:
        db, ids, capacities = self._store.db, self.rowids, self.capacities()
        start = labels.pydate(self.start_edit.date())
        end = labels.pydate(self.end_edit.date())
        self.apply_button.setEnabled(False)
        self._runner.run_db(
            lambda: bulk.plan_inspections(db, ids, capacities, start, end),
            self._show_plan,
            self._failed,
        )

    def _show_plan(self, plan: InspectionPlan) -> None:
        self.plan = plan
        names = {}
        for row in range(self.inspectors_table.rowCount()):
            item = self.inspectors_table.item(row, 0)
            if item is not None:
                names[item.data(Qt.ItemDataRole.UserRole)] = item.text()
        lines: list[str] = []
        if plan.refused:
            lines.append(
                self.tr("{n} expedientes no se pueden programar; no se programará nada:").format(
                    n=len(plan.refused)
                )
            )
            lines += [r.text(self._lang) for r in plan.refused]
            lines.append("")
        for day, by_inspector in sorted(plan.by_day().items()):
            lines.append(day.strftime("%d/%m/%Y"))
            for inspector_id, visits in by_inspector.items():
                colonias = sorted({v.colonia for v in visits if v.colonia})
                lines.append(
                    f"   {names.get(inspector_id, inspector_id)}: {len(visits)} — "
                    + ", ".join(colonias)
                )
        self.report_view.setPlainText("\n".join(lines))
        self.apply_button.setEnabled(plan.ok and bool(plan.visits))
        self.planned.emit(plan)

    def apply(self) -> None:
        if self.plan is None:
            return
        store, actor, plan = self._store, self._actor, self.plan

        def op(progress: Any, cancelled: Any) -> BulkReport:
            return bulk.schedule_inspections(
                store, actor, plan, on_progress=progress, is_cancelled=cancelled
            )

        self.apply_button.setEnabled(False)
        run_with_progress(
            self._runner, self, self.tr("Programando inspecciones…"), op, self._show_report,
            self._failed, changes=CASE_CHANGES | {"inspections"},
        )  # fmt: skip

"""The Inspecciones section: the day plan ("Mis inspecciones") and, above it, the capture screen.

An inspector sees their own visits — overdue, today, tomorrow and the rest of the week — with the
business, address, status and whether what they captured has been sent ("Sin sincronizar").
Supervisors and administrators see everyone's plan ("Inspecciones programadas") with an inspector
filter and may open any inspection (the capture screen shows closed ones read-only); clerks see
the list only. Everything is read from the local store on the database worker: the page works
with no network at all.

Opening an inspection remembers it as this user's open inspection on this device
(:func:`desktop.core.day_plan.remember_open`); going back forgets it. When the page is built and
an inspection is still remembered (the app was killed, the battery ran out) it opens straight
into that inspection with a note saying so.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import day_plan
from desktop.core.day_plan import PlannedInspection
from desktop.core.inspection_capture import RESULT_LABELS
from desktop.ui import labels, messages, tables
from desktop.ui.pages import PageContext

# Record kinds whose change can alter the plan (answers, photos, closing, scheduling, a sync).
WATCHED = frozenset(
    {"inspections", "attachments", "attachment_links", "permit_cases", "businesses", "inspectors",
     "sync", "change_log"}
)  # fmt: skip
# Roles that may open any inspection (read-only when it is closed); clerks only list.
OPENERS = frozenset({"admin", "supervisor"})
COL_DAY, COL_FOLIO, COL_BUSINESS, COL_ADDRESS, COL_STATUS, COL_SYNC, COL_INSPECTOR = range(7)
UNSYNCED_COLOR = QColor("#b35c00")
SYNCED_COLOR = QColor("#2e7d32")
OVERDUE_COLOR = QColor("#b3261e")


class InspectionsView(QWidget):
    """The Inspecciones section: a stack of the day plan (page 0) and the capture screen.

    Signals:
        loaded(): the plan has been (re)read and shown.
        opened(str): the capture screen shows this inspection.
        returned(): back on the plan after the capture screen finished.
    """

    loaded = Signal()
    opened = Signal(str)
    returned = Signal()

    def __init__(
        self,
        ctx: PageContext,
        *,
        today: Callable[[], dt.date] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._store = ctx.store
        self._runner = ctx.runner
        self._user = ctx.user
        self._today = today or dt.date.today
        self.is_inspector = ctx.user.role == "inspector"
        self.can_open = self.is_inspector or ctx.user.role in OPENERS
        self.own_inspector: str | None = None  # the registry id linked to this login
        self.entries: list[PlannedInspection] = []
        self.form: Any = None  # the InspectionForm on screen, if any
        self.form_id: str | None = None
        self._ready = False  # the user's inspector is known: the plan can be read

        self.heading = QLabel(
            self.tr("Mis inspecciones")
            if self.is_inspector
            else self.tr("Inspecciones programadas")
        )
        self.heading.setObjectName("sectionHeading")
        self.inspector_filter = QComboBox()
        self.inspector_filter.setAccessibleName(self.tr("Inspector"))
        self.inspector_filter.addItem(self.tr("Todos"), None)
        self.inspector_filter.currentIndexChanged.connect(lambda _i: self.refresh())
        self.inspector_filter.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.inspector_filter.setVisible(not self.is_inspector)
        self.open_button = QPushButton(self.tr("Abrir inspección"))
        self.open_button.clicked.connect(self.open_selected)
        self.open_button.setVisible(self.can_open)
        self.refresh_button = QPushButton(self.tr("Actualizar"))
        self.refresh_button.setShortcut("F5")
        self.refresh_button.clicked.connect(self.refresh)
        bar = QHBoxLayout()
        bar.addWidget(self.heading)
        bar.addStretch(1)
        bar.addWidget(self.inspector_filter)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.open_button)
        self.summary = QLabel("")
        self.summary.setObjectName("planSummary")
        self.summary.setWordWrap(True)
        self.empty = QLabel(
            self.tr("No tiene inspecciones programadas para hoy ni los próximos 7 días.")
        )
        self.empty.setObjectName("placeholderText")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.hide()

        self.table = QTableWidget(0, 7)
        self.table.setObjectName("dayPlan")
        self.table.setHorizontalHeaderLabels(
            [
                self.tr("Día"),
                self.tr("Folio"),
                self.tr("Establecimiento"),
                self.tr("Domicilio"),
                self.tr("Estado"),
                self.tr("Sincronización"),
                self.tr("Inspector"),
            ]
        )
        tables.read_only(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_BUSINESS, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(COL_ADDRESS, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnHidden(COL_INSPECTOR, self.is_inspector)
        # Enter and double-click both arrive as ``activated``.
        self.table.activated.connect(lambda _index: self.open_selected())

        plan_page = QWidget()
        plan_layout = QVBoxLayout(plan_page)
        plan_layout.setContentsMargins(24, 16, 24, 16)
        plan_layout.addLayout(bar)
        plan_layout.addWidget(self.summary)
        plan_layout.addWidget(self.table, 1)
        plan_layout.addWidget(self.empty, 1)

        self.notice = QLabel("")
        self.notice.setObjectName("reopenedNotice")
        self.notice.setWordWrap(True)
        self.notice.setContentsMargins(24, 8, 24, 0)
        self.notice.hide()
        self.stack = QStackedWidget()
        self.stack.addWidget(plan_page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.notice)
        layout.addWidget(self.stack, 1)

        self._runner.changed.connect(self._records_changed)
        self._start()

    # -- loading ------------------------------------------------------------------------------

    def _start(self) -> None:
        """Find who this user is on the registry and any inspection left open, then the plan."""
        store, user = self._store, self._user

        def load() -> tuple[str | None, str | None, list[tuple[str, str]]]:
            db = store.db
            return (
                day_plan.inspector_for_user(db, user.id),
                day_plan.last_open(db, user.id),
                day_plan.plan_inspectors(db),
            )

        self._runner.run_db(load, self._started, self._failed)

    def _started(self, result: tuple[str | None, str | None, list[tuple[str, str]]]) -> None:
        self.own_inspector, reopen, people = result
        self.inspector_filter.blockSignals(True)
        for inspector_id, name in people:
            self.inspector_filter.addItem(name, inspector_id)
        self.inspector_filter.blockSignals(False)
        self._ready = True
        if reopen is not None and self.can_open:
            self.open_inspection(reopen, reopened=True)
        self.refresh()

    def refresh(self) -> None:
        """Reread the plan in the background (also under the capture screen, so that going back
        shows it at once)."""
        if not self._ready:
            return
        store, today = self._store, self._today()
        if self.is_inspector:
            inspector_id = self.own_inspector
            if inspector_id is None:
                self._show([])
                self.summary.setText(
                    self.tr(
                        "Su usuario no está vinculado a ningún inspector del padrón; pida a su "
                        "supervisor que lo vincule para ver sus visitas."
                    )
                )
                return
        else:
            inspector_id = self.inspector_filter.currentData()
        self._runner.run_db(
            lambda: day_plan.day_plan(store.db, inspector_id=inspector_id, today=today),
            self._show,
            self._failed,
        )

    def _records_changed(self, kinds: set[str]) -> None:
        # Every saved answer announces "inspections": while the capture screen is on top the
        # plan is reread once, on the way back, not after each keystroke.
        if kinds & WATCHED and self.form is None:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # Qt override
        super().showEvent(event)
        self.refresh()

    def _failed(self, error: BaseException) -> None:
        messages.show_error(error, self._ctx.lang, self)

    # -- showing the plan ---------------------------------------------------------------------

    def day_text(self, entry: PlannedInspection, today: dt.date) -> str:
        """The plan's day column: «Vencida · 08/06/2026», «Hoy», «Mañana», «viernes 12/06/2026»."""
        locale = self._ctx.locale
        qday = labels.qdate(entry.day)
        date = labels.short_date(locale, qday)
        if entry.overdue(today):
            return self.tr("Vencida · %1").replace("%1", date)
        if entry.day == today:
            return self.tr("Hoy")
        if entry.day == today + dt.timedelta(days=1):
            return self.tr("Mañana")
        return f"{locale.dayName(qday.dayOfWeek())} {date}"

    def status_text(self, entry: PlannedInspection) -> str:
        """Pendiente / En captura (n respuestas) / Cerrada: result."""
        if entry.is_closed:
            return self.tr("Cerrada: %1").replace("%1", self._result_label(entry.result or ""))
        if entry.started:
            if entry.answered == 1:
                return self.tr("En captura (1 respuesta)")
            return self.tr("En captura (%1 respuestas)").replace("%1", str(entry.answered))
        return self.tr("Pendiente")

    def _result_label(self, result: str) -> str:
        return {
            "cumple": self.tr("Cumple"),
            "cumple_con_observaciones": self.tr("Cumple con observaciones"),
            "no_cumple": self.tr("No cumple"),
        }.get(result, RESULT_LABELS.get(result, (result,))[0])

    def sync_text(self, entry: PlannedInspection) -> str:
        return self.tr("Sin sincronizar") if entry.pending_sync else self.tr("Sincronizada")

    def _show(self, entries: list[PlannedInspection]) -> None:
        selected = self.selected_id()
        today = self._today()
        self.entries = entries
        bold = QFont(self.table.font())
        bold.setBold(True)
        self.table.setRowCount(len(entries))
        previous_day: dt.date | None = None
        for row, entry in enumerate(entries):
            address = ", ".join(part for part in (entry.address, entry.colonia) if part)
            cells = (
                self.day_text(entry, today),
                entry.folio,
                entry.business_name,
                address,
                self.status_text(entry),
                self.sync_text(entry),
                entry.inspector_name,
            )
            items = [QTableWidgetItem(text) for text in cells]
            for column, item in enumerate(items):
                item.setData(Qt.ItemDataRole.UserRole, entry.inspection_id)
                self.table.setItem(row, column, item)
            day_item, status_item, sync_item = items[COL_DAY], items[COL_STATUS], items[COL_SYNC]
            if entry.day != previous_day:
                day_item.setFont(bold)  # the first visit of each day heads its group
            previous_day = entry.day
            if entry.overdue(today):
                day_item.setForeground(QBrush(OVERDUE_COLOR))
            sync_item.setForeground(QBrush(UNSYNCED_COLOR if entry.pending_sync else SYNCED_COLOR))
            if entry.pending_sync:
                sync_item.setFont(bold)
                sync_item.setToolTip(
                    self.tr("Capturada en este equipo y aún no enviada al servidor.")
                )
            if entry.is_closed:
                status_item.setForeground(QBrush(SYNCED_COLOR))
            if entry.inspection_id == selected:
                self.table.selectRow(row)
        if self.table.currentRow() < 0 and entries:
            self.table.selectRow(0)
        self.table.setVisible(bool(entries))
        self.empty.setVisible(not entries)
        unsent = sum(1 for e in entries if e.pending_sync)
        overdue = sum(1 for e in entries if e.overdue(today))
        self.summary.setText(
            self.tr("%1 visitas · %2 vencidas · %3 sin sincronizar")
            .replace("%1", str(len(entries)))
            .replace("%2", str(overdue))
            .replace("%3", str(unsent))
        )
        self.loaded.emit()

    def selected_id(self) -> str | None:
        row = self.table.currentRow()
        if row < 0 or row >= len(self.entries):
            return None
        return self.entries[row].inspection_id

    def row_of(self, inspection_id: str) -> int:
        """The table row showing ``inspection_id`` (-1: not in the plan)."""
        return next((n for n, e in enumerate(self.entries) if e.inspection_id == inspection_id), -1)

    # -- the capture screen -------------------------------------------------------------------

    def open_selected(self) -> None:
        """Open the selected visit (Enter, double-click or the button)."""
        inspection_id = self.selected_id()
        if inspection_id is None or not self.can_open:
            return
        entry = self.entries[self.table.currentRow()]
        if self.is_inspector and entry.inspector_id != self.own_inspector:
            return  # the plan holds only their own; never open another inspector's visit
        self.open_inspection(inspection_id)

    def open_inspection(self, inspection_id: str, *, reopened: bool = False) -> None:
        """Show the capture screen for ``inspection_id`` and remember it as open."""
        if self.form is not None:
            if self.form_id == inspection_id:
                return
            self._close_form()
        from desktop.ui.inspection_form import InspectionForm

        store, user_id = self._store, self._user.id
        self._runner.run_db(
            lambda: day_plan.remember_open(store, user_id, inspection_id),
            on_failure=self._failed,
        )
        form = InspectionForm(self._ctx, inspection_id)
        form.finished.connect(self.back_to_plan)
        self.form, self.form_id = form, inspection_id
        self.stack.addWidget(form)
        self.stack.setCurrentWidget(form)
        if reopened:
            self.notice.setText(
                self.tr("Se reabrió la inspección en curso; todo lo capturado sigue guardado.")
            )
            self.notice.show()
        else:
            self.notice.hide()
        self.opened.emit(inspection_id)

    def back_to_plan(self) -> None:
        """Leave the capture screen (its answers are already saved) and forget it as open."""
        store, user_id = self._store, self._user.id
        self._runner.run_db(
            lambda: day_plan.remember_open(store, user_id, None), on_failure=self._failed
        )
        self._close_form()
        self.notice.hide()
        self.stack.setCurrentIndex(0)
        self.table.setFocus()
        self.refresh()
        self.returned.emit()

    def _close_form(self) -> None:
        form, self.form, self.form_id = self.form, None, None
        if form is not None:
            self.stack.removeWidget(form)
            # Saves still in flight are stored, but their callbacks must not reach the deleted
            # widgets.
            form.release()
            form.deleteLater()

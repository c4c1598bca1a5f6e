"""The Expedientes screen: a keyboard-first triage tool over the lazy case table.

A filter bar (status, age bucket, colonia, SCIAN activity, risk, assignee, "faltan documentos",
"vencidos"), search as you type (debounced, from two characters), saved filters, a strip of status
chips with the counts of the current filter, the backlog forecast, and the actions on the current
case or selection (detail, review mode, bulk actions, export, import). Each change asks the
database worker for the matching rowids; the model then reads only the rows on screen. The screen
refreshes itself when a write announces ``permit_cases`` (or the records around them).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QFontMetrics, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop.core import bulk, exports, saved_filters, workflow
from desktop.core.forecast import backlog_forecast
from desktop.store import Actor, Store
from desktop.store.cases import (
    AGE_BUCKETS,
    UNASSIGNED,
    CaseQuery,
    case_rowids,
    colonias,
    count_cases,
    scian_activities,
    status_counts,
    status_counts_among,
)
from desktop.ui import labels, messages
from desktop.ui.case_tasks import run_with_progress
from desktop.ui.cases_model import AGE_COLUMN, COLUMN_INDEX, COLUMNS, CasesModel
from desktop.ui.tasks import TaskRunner

SEARCH_DELAY_MS = 150
#: Shorter searches match too much to be useful (and cost the most): the bar shows a hint.
MIN_SEARCH_CHARS = 2
#: The status chips wrap onto rows of this many.
CHIP_COLUMNS = 6

# Writes to these records can change what the list shows.
WATCHED = frozenset({"permit_cases", "businesses", "users", "saved_filters", "case_documents"})


@dataclass(frozen=True)
class CaseList:
    """What one refresh read on the database worker.

    ``by_status`` counts the cases matching every filter but the status one (the chips).
    """

    rowids: list[int]
    total: int
    by_status: dict[str, int]


@dataclass(frozen=True)
class FilterOptions:
    """The values the filter combos offer, the saved filters and the forecast line."""

    colonias: list[tuple[str, int]]
    activities: list[tuple[str, str, int]]
    users: list[tuple[str, str]]
    saved: list[saved_filters.SavedFilter]
    forecast: str


def _has_triage_filters(query: CaseQuery) -> bool:
    return bool(
        query.search.strip()
        or query.age
        or query.colonia
        or query.scian
        or query.risk
        or query.assignee
        or query.missing_documents
        or query.overdue
        or query.procedure_type
    )


def load_case_list(store: Store, query: CaseQuery) -> CaseList:
    """Runs on the database worker."""
    db = store.db
    rowids = case_rowids(db, query)
    if not _has_triage_filters(query):
        by_status = status_counts(db)
    elif query.status is None:
        by_status = status_counts_among(db, rowids)
    else:
        unfiltered = case_rowids(db, dataclasses.replace(query, status=None))
        by_status = status_counts_among(db, unfiltered)
    return CaseList(rowids=rowids, total=count_cases(db), by_status=by_status)


def load_options(store: Store, user_id: str | None, lang: str) -> FilterOptions:
    """Runs on the database worker."""
    db = store.db
    return FilterOptions(
        colonias=colonias(db),
        activities=scian_activities(db),
        users=bulk.assignable_users(db),
        saved=saved_filters.saved_filters(db, user_id),
        forecast=backlog_forecast(db).text(lang),
    )


class CasesView(QWidget):
    """The Expedientes section.

    Signals:
        loaded(int): a refresh finished; carries the number of cases listed.
        options_loaded(): the filter values, saved filters and forecast were (re)read.
    """

    loaded = Signal(int)
    options_loaded = Signal()

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        reader: Database,
        *,
        actor: Actor | None = None,
        lang: str = "es",
        locale: QLocale | None = None,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._runner = runner
        self._reader = reader
        self._actor = actor
        self._lang = lang
        self._locale = locale or QLocale()
        self._today = today
        self._generation = 0
        self._sort_key = "age"
        self._descending = False  # "age" ascending by received date: oldest first.
        self._last: CaseList | None = None
        self._options: FilterOptions | None = None
        self.setObjectName("casesView")

        self.heading = QLabel(self.tr("Expedientes"))
        self.heading.setObjectName("sectionHeading")
        self.forecast_label = QLabel()
        self.forecast_label.setObjectName("forecastLabel")
        self.forecast_label.setWordWrap(True)

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(
            self.tr("Buscar por folio, establecimiento, propietario o domicilio (Ctrl+F)")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(self.tr("Buscar expedientes"))
        self.search_hint = QLabel(self.tr("Escriba al menos 2 caracteres para buscar."))
        self.search_hint.setObjectName("searchHint")
        self.search_hint.hide()

        self.status_combo = self._combo("statusCombo", self.tr("Filtrar por estado"))
        self.status_combo.addItem(self.tr("Todos los estados"), None)
        for code, label in labels.status_labels().items():
            self.status_combo.addItem(label, code)
        self.age_combo = self._combo("ageCombo", self.tr("Filtrar por antigüedad"))
        self.age_combo.addItem(self.tr("Cualquier antigüedad"), None)
        age_names = {
            "0-15": self.tr("0 a 15 días"),
            "16-30": self.tr("16 a 30 días"),
            "31-90": self.tr("31 a 90 días"),
            "90+": self.tr("Más de 90 días"),
        }
        for key in AGE_BUCKETS:
            self.age_combo.addItem(age_names[key], key)
        self.colonia_combo = self._combo("coloniaCombo", self.tr("Filtrar por colonia"))
        self.colonia_combo.addItem(self.tr("Todas las colonias"), None)
        self.scian_combo = self._combo("scianCombo", self.tr("Filtrar por giro SCIAN"))
        self.scian_combo.addItem(self.tr("Todos los giros"), None)
        self.risk_combo = self._combo("riskCombo", self.tr("Filtrar por riesgo"))
        self.risk_combo.addItem(self.tr("Cualquier riesgo"), None)
        for code, label in (
            ("bajo", self.tr("Riesgo bajo")),
            ("medio", self.tr("Riesgo medio")),
            ("alto", self.tr("Riesgo alto")),
        ):
            self.risk_combo.addItem(label, code)
        self.assignee_combo = self._combo("assigneeCombo", self.tr("Filtrar por asignado"))
        self.assignee_combo.addItem(self.tr("Cualquier asignado"), None)
        self.assignee_combo.addItem(self.tr("Sin asignar"), UNASSIGNED)
        for combo in (self.colonia_combo, self.scian_combo, self.assignee_combo):
            combo.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            combo.setMinimumContentsLength(17)
        self.missing_check = QCheckBox(self.tr("Faltan &documentos"))
        self.missing_check.setObjectName("missingCheck")
        self.overdue_check = QCheckBox(self.tr("&Vencidos"))
        self.overdue_check.setObjectName("overdueCheck")

        self.saved_combo = self._combo("savedCombo", self.tr("Filtros guardados"))
        self.saved_combo.setMinimumContentsLength(16)
        self.saved_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.save_filter_button = QToolButton()
        self.save_filter_button.setText(self.tr("Guardar…"))
        self.save_filter_button.setObjectName("saveFilterButton")
        self.delete_filter_button = QToolButton()
        self.delete_filter_button.setText(self.tr("Borrar"))
        self.delete_filter_button.setObjectName("deleteFilterButton")
        self.clear_button = QToolButton()
        self.clear_button.setText(self.tr("Limpiar"))
        self.clear_button.setObjectName("clearFiltersButton")
        self.save_filter_button.setToolTip(self.tr("Guardar el filtro actual con un nombre"))
        self.delete_filter_button.setToolTip(self.tr("Borrar el filtro guardado elegido"))
        self.clear_button.setToolTip(self.tr("Quitar todos los filtros y la búsqueda"))

        # The status chips: one per status with its count for the current filter.
        self.chip_bar = QWidget()
        self.chip_bar.setObjectName("statusChips")
        chips = QGridLayout(self.chip_bar)
        chips.setContentsMargins(0, 0, 0, 0)
        chips.setHorizontalSpacing(4)
        chips.setVerticalSpacing(4)
        self.chips: dict[str | None, QToolButton] = {}
        for number, chip_status in enumerate((None, *workflow.STATUSES)):
            chip = QToolButton()
            chip.setObjectName("statusChip")
            chip.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            chip.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
            chip.setCheckable(True)
            chip.setAutoRaise(False)
            chip.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            if chip_status is not None:
                chip.setIcon(labels.status_icon(chip_status))
            chip.clicked.connect(lambda _checked=False, c=chip_status: self._chip_clicked(c))
            self.chips[chip_status] = chip
            chips.addWidget(chip, number // CHIP_COLUMNS, number % CHIP_COLUMNS)
        for column in range(CHIP_COLUMNS):
            chips.setColumnStretch(column, 1)

        self.model = CasesModel(reader, locale=self._locale, parent=self)
        self.table = QTableView()
        self.table.setObjectName("casesTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        vheader = self.table.verticalHeader()
        vheader.hide()
        # Fixed row heights: the view never asks the model for every row to measure it.
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionsClickable(True)
        header.setSortIndicatorShown(True)
        header.setSortIndicator(AGE_COLUMN, Qt.SortOrder.DescendingOrder)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COLUMN_INDEX["business"], QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(60)
        self._size_columns()
        header.sortIndicatorChanged.connect(self._sort_changed)
        self.table.doubleClicked.connect(lambda index: self.open_case(index.row()))

        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.body = QStackedWidget()
        self.body.addWidget(self.table)
        self.body.addWidget(self.empty_label)

        # Actions on the current case / the selection, each with a shortcut.
        self.actions_bar = QHBoxLayout()
        self.actions_bar.setSpacing(6)
        self.open_action = self._action(self.tr("Abrir expediente"), "Return", self._open_current)
        self.review_action = self._action(self.tr("Modo revisión"), "Ctrl+R", self.open_review)
        self.assign_action = self._action(self.tr("Asignar…"), "Ctrl+Shift+A", self.open_assign)
        self.schedule_action = self._action(
            self.tr("Programar inspecciones…"), "Ctrl+Shift+P", self.open_schedule
        )
        self.status_action = self._action(
            self.tr("Cambiar estado…"), "Ctrl+Shift+E", self.open_bulk_status
        )
        self.export_action = self._action(self.tr("Exportar…"), "Ctrl+E", self.choose_export)
        self.print_action = self._action(self.tr("Imprimir lista…"), "Ctrl+P", self.choose_print)
        self.import_action = self._action(self.tr("Importar…"), "Ctrl+I", self.open_import)
        self.actions_bar.addStretch(1)
        self.notice_label = QLabel()
        self.notice_label.setObjectName("noticeLabel")
        self.actions_bar.addWidget(self.notice_label)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.search_edit, 1)
        filters.addWidget(self.search_hint)
        status_caption = QLabel(self.tr("&Estado:"))
        status_caption.setBuddy(self.status_combo)
        filters.addWidget(status_caption)
        filters.addWidget(self.status_combo)
        filters.addWidget(self.age_combo)
        filters.addWidget(self.risk_combo)
        triage = QHBoxLayout()
        triage.setSpacing(8)
        triage.addWidget(self.colonia_combo)
        triage.addWidget(self.scian_combo)
        triage.addWidget(self.assignee_combo)
        triage.addWidget(self.missing_check)
        triage.addWidget(self.overdue_check)
        triage.addStretch(1)
        triage.addWidget(self.clear_button)
        self.actions_bar.addWidget(self.saved_combo)
        self.actions_bar.addWidget(self.save_filter_button)
        self.actions_bar.addWidget(self.delete_filter_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(self.heading)
        top.addStretch(1)
        top.addWidget(self.forecast_label, 3)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(triage)
        layout.addWidget(self.chip_bar)
        layout.addLayout(self.actions_bar)
        layout.addWidget(self.body, 1)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(self._search_changed)
        self.search_edit.returnPressed.connect(self._search_now)
        for combo in (
            self.status_combo,
            self.age_combo,
            self.colonia_combo,
            self.scian_combo,
            self.risk_combo,
            self.assignee_combo,
        ):
            combo.currentIndexChanged.connect(self.refresh)
        self.missing_check.toggled.connect(self.refresh)
        self.overdue_check.toggled.connect(self.refresh)
        self.saved_combo.activated.connect(self._saved_picked)
        self.save_filter_button.clicked.connect(self._ask_filter_name)
        self.delete_filter_button.clicked.connect(self.delete_current_filter)
        self.clear_button.clicked.connect(self.clear_filters)
        runner.changed.connect(self._records_changed)

        self.refresh()
        self.reload_options()

    def _combo(self, name: str, accessible: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(name)
        combo.setAccessibleName(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        return combo

    def _action(self, text: str, shortcut: str, slot: Any) -> QAction:
        action = QAction(text, self)
        action.setShortcut(QKeySequence(shortcut))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        if shortcut != "Return":
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolTip(f"{text} ({QKeySequence(shortcut).toString()})")
            self.actions_bar.addWidget(button)
        return action

    # -- own API: the list -----------------------------------------------------------------

    def search_text(self) -> str:
        """The search that applies: empty while fewer than MIN_SEARCH_CHARS are typed."""
        text = self.search_edit.text().strip()
        return text if len(text) >= MIN_SEARCH_CHARS else ""

    def query(self) -> CaseQuery:
        return CaseQuery(
            search=self.search_text(),
            status=self.status_combo.currentData(),
            sort=self._sort_key,
            descending=self._descending,
            age=self.age_combo.currentData(),
            colonia=self.colonia_combo.currentData(),
            scian=self.scian_combo.currentData(),
            risk=self.risk_combo.currentData(),
            assignee=self.assignee_combo.currentData(),
            missing_documents=self.missing_check.isChecked(),
            overdue=self.overdue_check.isChecked(),
            today=self._today,
        )

    def apply_query(self, query: CaseQuery) -> None:
        """Set every filter widget from ``query`` (a saved filter) and refresh once."""
        widgets: list[QWidget] = [
            self.search_edit,
            self.status_combo,
            self.age_combo,
            self.colonia_combo,
            self.scian_combo,
            self.risk_combo,
            self.assignee_combo,
            self.missing_check,
            self.overdue_check,
        ]
        for widget in widgets:
            widget.blockSignals(True)
        try:
            self.search_edit.setText(query.search)
            self._select(self.status_combo, query.status)
            self._select(self.age_combo, query.age)
            self._select(self.colonia_combo, query.colonia)
            self._select(self.scian_combo, query.scian)
            self._select(self.risk_combo, query.risk)
            self._select(self.assignee_combo, query.assignee)
            self.missing_check.setChecked(query.missing_documents)
            self.overdue_check.setChecked(query.overdue)
        finally:
            for widget in widgets:
                widget.blockSignals(False)
        self.search_hint.setVisible(self._search_too_short())
        self.refresh()

    def clear_filters(self) -> None:
        self.apply_query(CaseQuery())

    def refresh(self) -> None:
        """Read the matching rowids again on the database worker."""
        self.search_timer.stop()
        self._generation += 1
        generation = self._generation
        store, query = self._store, self.query()
        self._runner.run_db(
            lambda: load_case_list(store, query),
            lambda result: self._show(result, generation),
        )

    def reload_options(self) -> None:
        """Read the filter values, saved filters and forecast again on the database worker."""
        store, lang = self._store, self._lang
        user_id = self._actor.user_id if self._actor else None
        self._runner.run_db(lambda: load_options(store, user_id, lang), self._show_options)

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def heading_text(self, shown: int, total: int, filtered: bool) -> str:
        n = self._locale.toString
        if filtered:
            if total == 1:
                return self.tr("{shown} de 1 expediente").format(shown=n(shown))
            return self.tr("{shown} de {total} expedientes").format(shown=n(shown), total=n(total))
        if total == 1:
            return self.tr("1 expediente")
        return self.tr("{total} expedientes").format(total=n(total))

    def selected_rowids(self) -> list[int]:
        """The selected cases' rowids in list order (or the current case when none is)."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        if not rows and self.table.currentIndex().isValid():
            rows = [self.table.currentIndex().row()]
        return [r for r in (self.model.rowid_at(row) for row in rows) if r is not None]

    # -- own API: saved filters ------------------------------------------------------------

    def save_current_filter(self, name: str) -> None:
        """Save the current filter under ``name`` for the signed-in user."""
        if self._actor is None:
            return
        store, actor, query = self._store, self._actor, self.query()
        self._runner.run_db(
            lambda: saved_filters.save_filter(store, actor, name, query),
            None,
            self._show_problem,
            changes={"saved_filters"},
        )

    def delete_current_filter(self) -> None:
        filter_id = self.saved_combo.currentData()
        if self._actor is None or not filter_id:
            return
        store, actor = self._store, self._actor
        self._runner.run_db(
            lambda: saved_filters.delete_filter(store, actor, filter_id),
            None,
            self._show_problem,
            changes={"saved_filters"},
        )

    def apply_saved_filter(self, name: str) -> bool:
        """Apply the saved filter called ``name``; False if there is none."""
        for saved in self._options.saved if self._options else []:
            if saved.name == name:
                self.saved_combo.setCurrentIndex(self.saved_combo.findData(saved.id))
                self.apply_query(dataclasses.replace(saved.query, today=self._today))
                return True
        return False

    # -- own API: actions ------------------------------------------------------------------

    def open_case(self, row: int) -> QWidget | None:
        """Open the detail dialog of the case shown at ``row``."""
        rowid = self.model.rowid_at(row)
        if rowid is None:
            return None
        from desktop.ui.case_detail_dialog import CaseDetailDialog

        dialog = CaseDetailDialog(
            self._store, self._runner, rowid, actor=self._actor, lang=self._lang,
            locale=self._locale, today=self._today, parent=self,
        )  # fmt: skip
        return self._keep(dialog)

    def open_review(self) -> QWidget | None:
        """Open review mode over the current list, starting at the current case."""
        rowids = list(self.model.rowids)
        if not rowids:
            return None
        from desktop.ui.review_mode import ReviewDialog

        start = max(0, self.table.currentIndex().row())
        dialog = ReviewDialog(
            self._store, self._runner, rowids, start, actor=self._actor, lang=self._lang,
            locale=self._locale, today=self._today, parent=self,
        )  # fmt: skip
        return self._keep(dialog)

    def open_assign(self) -> QWidget | None:
        from desktop.ui.bulk_dialogs import AssignDialog

        return self._bulk(AssignDialog)

    def open_schedule(self) -> QWidget | None:
        from desktop.ui.bulk_dialogs import ScheduleDialog

        return self._bulk(ScheduleDialog)

    def open_bulk_status(self) -> QWidget | None:
        from desktop.ui.bulk_dialogs import StatusDialog

        return self._bulk(StatusDialog)

    def open_import(self) -> QWidget | None:
        if self._actor is None:
            return None
        from desktop.ui.import_dialog import ImportDialog

        dialog = ImportDialog(self._store, self._runner, self._actor, lang=self._lang, parent=self)
        return self._keep(dialog)

    def choose_export(self) -> None:
        """Ask where to export the selection (or the whole current view when one row or none)."""
        dialog = QFileDialog(self, self.tr("Exportar expedientes"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters([self.tr("Excel (*.xlsx)"), self.tr("CSV (*.csv)")])
        dialog.setDefaultSuffix("xlsx")
        dialog.fileSelected.connect(self.export_to)
        self._keep(dialog)

    def choose_print(self) -> None:
        """Ask where to save the printable list (PDF, letter landscape) of the selection/view."""
        dialog = QFileDialog(self, self.tr("Imprimir lista de expedientes"))
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setNameFilters([self.tr("PDF (*.pdf)")])
        dialog.setDefaultSuffix("pdf")
        dialog.fileSelected.connect(self.export_to)
        self._keep(dialog)

    def export_to(self, path: str) -> None:
        """Export the selected cases (two or more) or the current view to ``path``."""
        selected = self.selected_rowids()
        selection: CaseQuery | list[int] = selected if len(selected) > 1 else self.query()
        reader_path = self._store.db
        lang = self._lang

        def op(progress: Any, cancelled: Any) -> exports.ExportReport:
            return exports.export_cases(
                reader_path, path, selection, lang=lang, on_progress=progress,
                is_cancelled=cancelled,
            )  # fmt: skip

        run_with_progress(
            self._runner, self, self.tr("Exportando expedientes…"), op, self._exported,
            self._show_problem,
        )  # fmt: skip

    # -- internals -----------------------------------------------------------------------

    def _keep(self, dialog: QWidget) -> QWidget:
        # Parented to this view, so Qt keeps it alive until it closes (and then deletes it).
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if hasattr(dialog, "open"):
            dialog.open()
        else:
            dialog.show()
        return dialog

    def _bulk(self, cls: Any) -> QWidget | None:
        rowids = self.selected_rowids()
        if not rowids or self._actor is None:
            return None
        dialog = cls(self._store, self._runner, self._actor, rowids, lang=self._lang, parent=self)
        return self._keep(dialog)

    def _open_current(self) -> None:
        if self.table.currentIndex().isValid():
            self.open_case(self.table.currentIndex().row())

    def _exported(self, report: exports.ExportReport) -> None:
        if report.cancelled:
            self.notice_label.setText(
                self.tr("Exportación cancelada; no se escribió ningún archivo.")
            )
        elif report.path.suffix.lower() == ".pdf":
            self.notice_label.setText(
                self.tr("Lista de {n} expedientes lista para imprimir: {file}.").format(
                    n=self._locale.toString(report.rows), file=report.path.name
                )
            )
        else:
            self.notice_label.setText(
                self.tr("Exportados {n} expedientes a {file}.").format(
                    n=self._locale.toString(report.rows), file=report.path.name
                )
            )

    def _show_problem(self, error: BaseException) -> None:
        messages.show_error(error, self._lang, self)

    @staticmethod
    def _select(combo: QComboBox, value: Any) -> None:
        index = combo.findData(value)
        if index < 0 and value is not None:
            combo.addItem(str(value), value)
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))

    def _search_too_short(self) -> bool:
        text = self.search_edit.text().strip()
        return 0 < len(text) < MIN_SEARCH_CHARS

    def _search_changed(self, _text: str) -> None:
        self.search_hint.setVisible(self._search_too_short())
        self.search_timer.start()

    def _size_columns(self) -> None:
        """Fit the fixed columns to their longest usual content; the business name stretches.

        Measured from text, never from the rows: sizing to contents would read every row.
        """
        cell = self.table.fontMetrics()
        bold = self.table.horizontalHeader().font()
        bold.setBold(True)
        head = QFontMetrics(bold)
        padding = 28  # cell padding plus a little air
        status_width = max(cell.horizontalAdvance(t) for t in labels.status_labels().values())
        samples = {
            "status": status_width + 22,  # the status dot
            "folio": cell.horizontalAdvance("PC-2025-000000"),
            "colonia": cell.horizontalAdvance("Hacienda Real del"),
            "age": 0,
            "due": cell.horizontalAdvance("-0000") + 22,  # the warning icon
            "assignee": cell.horizontalAdvance("Karla Itzel Hernández"),
        }
        for name, width in samples.items():
            column = COLUMN_INDEX[name]
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            # The header also holds the sort arrow.
            header_width = head.horizontalAdvance(title) + 30
            self.table.setColumnWidth(column, max(width + padding, header_width))

    def _is_filtered(self) -> bool:
        query = self.query()
        return _has_triage_filters(query) or query.status is not None

    def _show(self, result: CaseList, generation: int) -> None:
        if generation != self._generation:
            return  # an older query answered after a newer one was sent
        self._last = result
        current = self.model.rowid_at(self.table.currentIndex().row())
        self.model.set_rowids(result.rowids)
        if current is not None and (row := self.model.row_of(current)) is not None:
            self.table.setCurrentIndex(self.model.index(row, 0))
        shown = len(result.rowids)
        self.heading.setText(self.heading_text(shown, result.total, self._is_filtered()))
        self._update_status_counts(result.by_status)
        if shown:
            self.body.setCurrentWidget(self.table)
        else:
            if result.total == 0:
                self.empty_label.setText(
                    self.tr(
                        "Todavía no hay expedientes en esta carpeta de datos.\n"
                        "Impórtelos desde la hoja de cálculo con «Importar…» (Ctrl+I)."
                    )
                )
            else:
                self.empty_label.setText(
                    self.tr(
                        "Ningún expediente coincide con la búsqueda o los filtros elegidos.\n"
                        "Pruebe con otras palabras o use «Limpiar»."
                    )
                )
            self.body.setCurrentWidget(self.empty_label)
        self.loaded.emit(shown)

    def _show_options(self, options: FilterOptions) -> None:
        self._options = options
        n = self._locale.toString
        self.forecast_label.setText(options.forecast)
        self._refill(
            self.colonia_combo,
            [(f"{name} ({n(count)})", name) for name, count in options.colonias],
        )
        self._refill(
            self.scian_combo,
            [(f"{code} · {desc} ({n(count)})", code) for code, desc, count in options.activities],
        )
        self._refill(self.assignee_combo, [(name, uid) for uid, name in options.users], keep=2)
        self.saved_combo.blockSignals(True)
        current = self.saved_combo.currentData()
        self.saved_combo.clear()
        self.saved_combo.addItem(self.tr("Filtros guardados…"), None)
        for saved in options.saved:
            self.saved_combo.addItem(saved.name, saved.id)
        self.saved_combo.setCurrentIndex(max(0, self.saved_combo.findData(current)))
        self.saved_combo.blockSignals(False)
        self.delete_filter_button.setEnabled(bool(options.saved))
        self.options_loaded.emit()

    @staticmethod
    def _refill(combo: QComboBox, items: list[tuple[str, Any]], keep: int = 1) -> None:
        """Replace the combo's items after the first ``keep`` ones, keeping the choice."""
        current = combo.currentData()
        combo.blockSignals(True)
        while combo.count() > keep:
            combo.removeItem(keep)
        for text, value in items:
            combo.addItem(text, value)
        index = combo.findData(current)
        if index < 0 and current is not None:
            combo.addItem(str(current), current)
            index = combo.count() - 1
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def _update_status_counts(self, by_status: dict[str, int]) -> None:
        """Counts per status of the current filter (ignoring the status filter itself), on the
        chips and in the status combo."""
        status_names = labels.status_labels()
        n = self._locale.toString
        total = sum(by_status.values())
        self.status_combo.setItemText(0, self.tr("Todos los estados ({n})").format(n=n(total)))
        for i in range(1, self.status_combo.count()):
            code = self.status_combo.itemData(i)
            name = status_names.get(code, code)
            self.status_combo.setItemText(i, f"{name} ({n(by_status.get(code, 0))})")
        selected = self.status_combo.currentData()
        for code, chip in self.chips.items():
            count = total if code is None else by_status.get(code, 0)
            name = self.tr("Todos") if code is None else status_names.get(code, code)
            chip.setText(f"{name} {n(count)}")
            chip.setToolTip(f"{name}: {n(count)}")
            chip.setChecked(code == selected)
            # Empty statuses take no room unless chosen; "Todos" is always there.
            chip.setVisible(code is None or count > 0 or code == selected)

    def _chip_clicked(self, code: str | None) -> None:
        self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(code)))
        self.chips[code].setChecked(True)

    def _saved_picked(self, index: int) -> None:
        filter_id = self.saved_combo.itemData(index)
        for saved in self._options.saved if self._options else []:
            if saved.id == filter_id:
                self.apply_query(dataclasses.replace(saved.query, today=self._today))

    def _ask_filter_name(self) -> None:
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Guardar filtro"))
        dialog.setLabelText(self.tr("Nombre del filtro:"))
        dialog.textValueSelected.connect(self.save_current_filter)
        self._keep(dialog)

    def _search_now(self) -> None:
        self.refresh()
        self.table.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))

    def _sort_changed(self, column: int, order: Qt.SortOrder) -> None:
        self._sort_key = COLUMNS[column][1]
        descending = order == Qt.SortOrder.DescendingOrder
        # Age grows as the received date gets older: "largest age first" is "oldest date first".
        self._descending = not descending if column == AGE_COLUMN else descending
        self.refresh()

    def _records_changed(self, kinds: set[str]) -> None:
        if kinds & WATCHED:
            self.refresh()
        if kinds & {"permit_cases", "businesses", "users", "saved_filters"}:
            self.reload_options()

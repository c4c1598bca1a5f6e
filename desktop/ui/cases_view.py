"""The Expedientes screen: search, status filter, a count heading and the lazy case table.

Typing filters as you type (debounced), the status combo narrows the list, clicking a header
sorts. Each change asks the database worker for the matching rowids; the model then reads only
the rows on screen. The screen refreshes itself when a write announces ``permit_cases``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlite_utils import Database

from desktop.store import Store
from desktop.store.cases import CaseQuery, case_rowids, count_cases, status_counts
from desktop.ui import labels
from desktop.ui.cases_model import AGE_COLUMN, COLUMN_INDEX, COLUMNS, CasesModel
from desktop.ui.tasks import TaskRunner

SEARCH_DELAY_MS = 150

# Writes to these records can change what the list shows.
WATCHED = frozenset({"permit_cases", "businesses", "users"})


@dataclass(frozen=True)
class CaseList:
    """What one refresh read on the database worker."""

    rowids: list[int]
    total: int
    by_status: dict[str, int]


def load_case_list(store: Store, query: CaseQuery) -> CaseList:
    """Runs on the database worker."""
    return CaseList(
        rowids=case_rowids(store.db, query),
        total=count_cases(store.db),
        by_status=status_counts(store.db),
    )


class CasesView(QWidget):
    """The Expedientes section.

    Signals:
        loaded(int): a refresh finished; carries the number of cases listed.
    """

    loaded = Signal(int)

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        reader: Database,
        *,
        locale: QLocale | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._runner = runner
        self._locale = locale or QLocale()
        self._generation = 0
        self._sort_key = "age"
        self._descending = False  # "age" ascending by received date: oldest first.
        self._last: CaseList | None = None
        self.setObjectName("casesView")

        self.heading = QLabel(self.tr("Expedientes"))
        self.heading.setObjectName("sectionHeading")

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("searchEdit")
        self.search_edit.setPlaceholderText(
            self.tr("Buscar por folio, establecimiento, propietario o domicilio (Ctrl+F)")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName(self.tr("Buscar expedientes"))

        self.status_combo = QComboBox()
        self.status_combo.setObjectName("statusCombo")
        self.status_combo.setAccessibleName(self.tr("Filtrar por estado"))
        self.status_combo.addItem(self.tr("Todos los estados"), None)
        for code, label in labels.status_labels().items():
            self.status_combo.addItem(label, code)
        self.status_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

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

        self.empty_label = QLabel()
        self.empty_label.setObjectName("emptyLabel")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.body = QStackedWidget()
        self.body.addWidget(self.table)
        self.body.addWidget(self.empty_label)

        filters = QHBoxLayout()
        filters.setSpacing(8)
        filters.addWidget(self.search_edit, 1)
        status_caption = QLabel(self.tr("&Estado:"))
        status_caption.setBuddy(self.status_combo)
        filters.addWidget(status_caption)
        filters.addWidget(self.status_combo)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 14, 16, 10)
        layout.setSpacing(10)
        layout.addWidget(self.heading)
        layout.addLayout(filters)
        layout.addWidget(self.body, 1)

        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.refresh)
        self.search_edit.textChanged.connect(lambda _text: self.search_timer.start())
        self.search_edit.returnPressed.connect(self._search_now)
        self.status_combo.currentIndexChanged.connect(self.refresh)
        runner.changed.connect(self._records_changed)

        self.refresh()

    # -- own API -------------------------------------------------------------------------

    def query(self) -> CaseQuery:
        return CaseQuery(
            search=self.search_edit.text(),
            status=self.status_combo.currentData(),
            sort=self._sort_key,
            descending=self._descending,
        )

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

    # -- internals -----------------------------------------------------------------------

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
            "assignee": cell.horizontalAdvance("Karla Itzel Hernández Ma"),
        }
        for name, width in samples.items():
            column = COLUMN_INDEX[name]
            title = str(self.model.headerData(column, Qt.Orientation.Horizontal))
            # The header also holds the sort arrow.
            header_width = head.horizontalAdvance(title) + 36
            self.table.setColumnWidth(column, max(width + padding, header_width))

    def _is_filtered(self) -> bool:
        query = self.query()
        return bool(query.search.strip()) or query.status is not None

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
                        "La importación desde la hoja de cálculo llegará pronto."
                    )
                )
            else:
                self.empty_label.setText(
                    self.tr(
                        "Ningún expediente coincide con la búsqueda o el estado elegido.\n"
                        "Pruebe con otras palabras o elija «Todos los estados»."
                    )
                )
            self.body.setCurrentWidget(self.empty_label)
        self.loaded.emit(shown)

    def _update_status_counts(self, by_status: dict[str, int]) -> None:
        """Show how many cases each status has, while those numbers describe the list.

        The counts are for the whole folder, so while a search narrows the list the combo shows
        plain labels rather than numbers that would not add up to what is listed.
        """
        status_names = labels.status_labels()
        searching = bool(self.search_edit.text().strip())
        n = self._locale.toString
        if searching:
            self.status_combo.setItemText(0, self.tr("Todos los estados"))
        else:
            total = sum(by_status.values())
            self.status_combo.setItemText(0, self.tr("Todos los estados ({n})").format(n=n(total)))
        for i in range(1, self.status_combo.count()):
            code = self.status_combo.itemData(i)
            name = status_names.get(code, code)
            if searching:
                self.status_combo.setItemText(i, name)
            else:
                self.status_combo.setItemText(i, f"{name} ({n(by_status.get(code, 0))})")

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

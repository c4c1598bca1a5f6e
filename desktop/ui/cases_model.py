"""The lazy table model behind the Expedientes list: rowids plus a small LRU row cache.

Like Anki's browser table (``aqt/browser/table/model.py``): the model holds only the integer
rowids of the matching cases, in display order (fetched on the database worker), and reads the
columns of the rows the view actually paints, a page at a time, by rowid through a read-only
connection. A rowid lookup of a page is well under a millisecond, so it is done on the GUI thread;
the list stays smooth at 100,000 cases (DESIGN.md §3).
"""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QColor, QIcon
from PySide6.QtWidgets import QApplication, QStyle
from sqlite_utils import Database

from desktop.store.cases import CLOCK_STOPPED_STATUSES, case_rows, case_triage_rows
from desktop.ui import labels

ModelIndex = QModelIndex | QPersistentModelIndex

# Column order; the second item is the sort key in desktop.store.cases.SORT_COLUMNS.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("status", "status"),
    ("folio", "folio"),
    ("business", "business"),
    ("colonia", "colonia"),
    ("age", "age"),
    ("due", "received"),
    ("assignee", "assignee"),
)
COLUMN_INDEX = {name: i for i, (name, _key) in enumerate(COLUMNS)}
AGE_COLUMN = COLUMN_INDEX["age"]
STATUS_COLUMN = COLUMN_INDEX["status"]
DUE_COLUMN = COLUMN_INDEX["due"]

# Rows read per cache miss: about two screens, so scrolling rarely misses twice.
PAGE_SIZE = 64
# Rows kept in the cache; old pages are dropped first.
CACHE_SIZE = 1024

RowidRole = Qt.ItemDataRole.UserRole + 1
StatusRole = Qt.ItemDataRole.UserRole + 2
OverdueRole = Qt.ItemDataRole.UserRole + 3

OVERDUE_COLOR = QColor("#b3261e")


class CasesModel(QAbstractTableModel):
    """Rowids of the listed cases and a least-recently-used cache of their rows."""

    def __init__(
        self,
        reader: Database,
        *,
        locale: QLocale | None = None,
        today: Callable[[], dt.date] = dt.date.today,
        page_size: int = PAGE_SIZE,
        cache_size: int = CACHE_SIZE,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._reader = reader
        self._locale = locale or QLocale()
        self._today = today
        self._page_size = page_size
        self._cache_size = max(cache_size, page_size)
        self._rowids: list[int] = []
        self._cache: OrderedDict[int, dict[str, Any] | None] = OrderedDict()
        self._status_labels = labels.status_labels()
        self._icons: dict[str, QIcon] = {}
        self._overdue_icon: QIcon | None = None
        self._headers = (
            self.tr("Estado"),
            self.tr("Folio"),
            self.tr("Establecimiento"),
            self.tr("Colonia"),
            self.tr("Antigüedad"),
            self.tr("Días restantes"),
            self.tr("Asignado a"),
        )

    # -- own API -------------------------------------------------------------------------

    @property
    def rowids(self) -> Sequence[int]:
        return self._rowids

    def cached_row_count(self) -> int:
        """How many rows are held in memory (for tests and diagnostics)."""
        return len(self._cache)

    def set_rowids(self, rowids: list[int]) -> None:
        """Show these cases, in this order; cached rows are read again when next painted."""
        if rowids == self._rowids:
            self.reload_rows()
            return
        self.beginResetModel()
        self._rowids = rowids
        self._cache.clear()
        self.endResetModel()

    def reload_rows(self) -> None:
        """Forget cached rows (after a write) and let the view repaint what it shows."""
        self._cache.clear()
        if self._rowids:
            self.dataChanged.emit(
                self.index(0, 0), self.index(len(self._rowids) - 1, len(COLUMNS) - 1)
            )

    def rowid_at(self, row: int) -> int | None:
        return self._rowids[row] if 0 <= row < len(self._rowids) else None

    def row_of(self, rowid: int) -> int | None:
        try:
            return self._rowids.index(rowid)
        except ValueError:
            return None

    def case_at(self, row: int) -> dict[str, Any] | None:
        """The cached (or freshly read) columns of the case shown at ``row``."""
        rowid = self.rowid_at(row)
        if rowid is None:
            return None
        if rowid in self._cache:
            self._cache.move_to_end(rowid)
            return self._cache[rowid]
        self._fetch_page(row)
        return self._cache.get(rowid)

    def age_days(self, received_date: str) -> int | None:
        try:
            received = dt.date.fromisoformat(received_date[:10])
        except (TypeError, ValueError):
            return None
        return (self._today() - received).days

    def days_left(self, due_date: str | None) -> int | None:
        """Calendar days from today to the due date (negative once it has passed)."""
        if not due_date:
            return None
        try:
            return (dt.date.fromisoformat(due_date[:10]) - self._today()).days
        except ValueError:
            return None

    def _warning_icon(self) -> QIcon:
        if self._overdue_icon is None:
            style = QApplication.style()
            self._overdue_icon = style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return self._overdue_icon

    def _status_icon(self, status: str) -> QIcon:
        icon = self._icons.get(status)
        if icon is None:
            icon = self._icons[status] = labels.status_icon(status)
        return icon

    def _fetch_page(self, row: int) -> None:
        wanted = [
            rid for rid in self._rowids[row : row + self._page_size] if rid not in self._cache
        ]
        found = case_rows(self._reader, wanted)
        triage = case_triage_rows(self._reader, wanted, today=self._today())
        for rid in wanted:
            # None marks a case deleted since the ids were read: shown empty, not re-read.
            case = found.get(rid)
            if case is not None:
                case.update(triage.get(rid, {"due_date": None, "overdue": False}))
            self._cache[rid] = case
        while len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    # -- Qt overrides --------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rowids)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(COLUMNS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._headers[section]
        return None

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role not in (
            Qt.ItemDataRole.DisplayRole,
            Qt.ItemDataRole.ToolTipRole,
            Qt.ItemDataRole.TextAlignmentRole,
            Qt.ItemDataRole.DecorationRole,
            Qt.ItemDataRole.ForegroundRole,
            RowidRole,
            StatusRole,
            OverdueRole,
        ):
            return None
        if role == RowidRole:
            return self.rowid_at(index.row())
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in (AGE_COLUMN, DUE_COLUMN):
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        case = self.case_at(index.row())
        if case is None:
            return None
        if role == StatusRole:
            return case["status"]
        overdue = bool(case.get("overdue"))
        if role == OverdueRole:
            return overdue
        if role == Qt.ItemDataRole.ForegroundRole:
            return OVERDUE_COLOR if overdue else None
        if role == Qt.ItemDataRole.DecorationRole:
            if column == STATUS_COLUMN:
                return self._status_icon(case["status"])
            if column == DUE_COLUMN and overdue:
                return self._warning_icon()
            return None
        name = COLUMNS[column][0]
        if name == "due":
            left = self.days_left(case.get("due_date"))
            if role == Qt.ItemDataRole.ToolTipRole:
                if left is None:
                    return self.tr("Sin fecha límite")
                due = self._locale.toString(
                    QDate.fromString(case["due_date"][:10], Qt.DateFormat.ISODate),
                    QLocale.FormatType.LongFormat,
                )
                if overdue:
                    return self.tr("Vencido: la fecha límite era el {date}").format(date=due)
                return self.tr("Vence el {date}").format(date=due)
            if left is None or case["status"] in CLOCK_STOPPED_STATUSES:
                return "—"
            return self._locale.toString(left)
        if name == "status":
            return self._status_labels.get(case["status"], case["status"])
        if name == "age":
            days = self.age_days(case["received_date"])
            if days is None:
                return None
            if role == Qt.ItemDataRole.ToolTipRole:
                received = self._locale.toString(
                    QDate.fromString(case["received_date"][:10], Qt.DateFormat.ISODate),
                    QLocale.FormatType.LongFormat,
                )
                return self.tr("Recibido el {date}").format(date=received)
            return self._locale.toString(days)
        if name == "assignee" and not case["assignee"]:
            return self.tr("Sin asignar") if role == Qt.ItemDataRole.DisplayRole else None
        return case[name]

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

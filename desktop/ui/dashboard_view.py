"""The Tablero screen: weekly response capacity per department, with charts and exports.

Pick departments (none checked = all) and a range of weeks; the screen shows one row per week
(the figures of :mod:`desktop.core.metrics`, for the picked departments together), three charts
(received vs resolved bars, backlog line, turnaround median and P90 lines), the backlog forecast
of :mod:`desktop.core.forecast`, the citizens' ratings per department, and which data the figures
include. "¿Cómo se calculan?" shows the definitions. The weekly report (PDF, CSV, XLSX) of the
last week in the range can be written from here as from ``verifica report weekly``.

Complaint counts appear only for roles that may see complaints (the Contraloría and admins).
All database work runs on the runner's database worker; PDF writing on its pool. The screen
refreshes itself when ``runner.changed`` names cases, complaints, ratings or holidays.

Charts: pyqtgraph. It is maintained, pure Python over Qt's own painting (it runs on PySide6 6.11
with no extra binary), draws bars and lines in a few calls and renders offscreen for the tests
and screenshots. QtCharts is not in PySide6-Essentials, and matplotlib's QtAgg backend would add
a second, much larger plotting stack (and its font cache on first start) for three small charts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

# pyqtgraph uses the Qt binding already loaded: desktop.app and pages.py import PySide6 first.
import pyqtgraph as pg
from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core import metrics, roles
from desktop.core.forecast import Forecast, IsoWeek, backlog_forecast
from desktop.core.users import User
from desktop.print import weekly_report
from desktop.print.common import DEFAULT_MUNICIPALITY, MUNICIPALITY_SETTING
from desktop.store import Store
from desktop.ui import labels, messages, tables
from desktop.ui.tasks import TaskRunner

CHANGES = {"permit_cases", "complaints", "ratings", "holidays", "departments", "procedure_types"}
DEFAULT_WEEKS = 12
RECEIVED_COLOR = "#123B6D"
RESOLVED_COLOR = "#B38E2E"
BACKLOG_COLOR = "#8E2B2B"
P90_COLOR = "#7A7A7A"


@dataclass(frozen=True)
class DashboardData:
    """Everything the screen shows, loaded in one database job."""

    departments: list[metrics.Department]
    report: metrics.WeeklyReport
    forecast: Forecast
    ratings: list[metrics.DepartmentRatings]
    scope: metrics.DataScope


def _legend(plot: pg.PlotWidget) -> pg.LegendItem:
    return plot.addLegend(
        offset=(8, 4),
        brush=pg.mkBrush(255, 255, 255, 230),
        labelTextColor="#1B1B1B",
        colCount=2,
    )


def _plot(title: str) -> pg.PlotWidget:
    plot = pg.PlotWidget(background="w")
    plot.setTitle(title, color="#1B1B1B", size="10pt")
    plot.showGrid(x=False, y=True, alpha=0.25)
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(x=False, y=False)
    plot.hideButtons()
    for name in ("left", "bottom"):
        axis = plot.getAxis(name)
        axis.setPen(pg.mkPen("#555555"))
        axis.setTextPen(pg.mkPen("#1B1B1B"))
    plot.setMinimumHeight(170)
    plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    return plot


class DashboardView(QWidget):
    """The Tablero.

    Signals:
        loaded(): the figures of the current selection are on screen.
        report_written(str): a weekly report file was written (its path).
    """

    loaded = Signal()
    report_written = Signal(str)

    def __init__(
        self,
        store: Store,
        runner: TaskRunner,
        user: User,
        *,
        lang: str = "es",
        locale: QLocale | None = None,
        today: dt.date | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dashboardView")
        self._store = store
        self._runner = runner
        self._lang = lang
        self._locale = locale or QLocale()
        self._zone = metrics.local_zone()
        self.include_complaints = roles.can_see(user.role, roles.COMPLAINTS)
        self.data: DashboardData | None = None
        self._departments_known: list[str] = []
        today = today or dt.datetime.now(self._zone).date()
        last = IsoWeek.of(today)

        self.heading = QLabel(self.tr("Tablero de capacidad de respuesta"))
        self.heading.setObjectName("sectionHeading")
        self.scope_label = QLabel("")
        self.scope_label.setObjectName("scopeLabel")
        self.scope_label.setWordWrap(True)

        self.department_list = QListWidget()
        self.department_list.setObjectName("departmentList")
        self.department_list.setMinimumWidth(240)
        self.department_list.setMaximumWidth(300)
        self.department_list.setMaximumHeight(120)
        self.department_list.itemChanged.connect(lambda _item: self.refresh())
        self.from_date = QDateEdit(labels.qdate(last.plus(-(DEFAULT_WEEKS - 1)).monday))
        self.to_date = QDateEdit(labels.qdate(today))
        for edit in (self.from_date, self.to_date):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd/MM/yyyy")
            edit.dateChanged.connect(lambda _d: self.refresh())
        self.range_label = QLabel("")
        self.range_label.setObjectName("rangeLabel")
        self.help_button = QPushButton(self.tr("¿Cómo se calculan?"))
        self.help_button.clicked.connect(self.show_definitions)
        self.pdf_button = QPushButton(self.tr("Informe PDF…"))
        self.pdf_button.clicked.connect(lambda: self._ask_and_write("pdf"))
        self.csv_button = QPushButton(self.tr("CSV…"))
        self.csv_button.clicked.connect(lambda: self._ask_and_write("csv"))
        self.xlsx_button = QPushButton(self.tr("XLSX…"))
        self.xlsx_button.clicked.connect(lambda: self._ask_and_write("xlsx"))

        controls = QGridLayout()
        controls.addWidget(QLabel(self.tr("Dependencias (ninguna marcada = todas):")), 0, 0)
        controls.addWidget(self.department_list, 1, 0, 4, 1)
        controls.addWidget(QLabel(self.tr("Desde la semana del:")), 1, 1)
        controls.addWidget(self.from_date, 1, 2)
        controls.addWidget(QLabel(self.tr("Hasta la semana del:")), 2, 1)
        controls.addWidget(self.to_date, 2, 2)
        controls.addWidget(self.range_label, 3, 1, 1, 2)
        buttons = QHBoxLayout()
        for button in (self.help_button, self.pdf_button, self.csv_button, self.xlsx_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        controls.addLayout(buttons, 4, 1, 1, 3)
        controls.setColumnStretch(3, 1)

        self.table = QTableWidget(0, 0)
        self.table.setObjectName("weeksTable")
        tables.read_only(self.table, single=False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setMinimumSectionSize(60)

        self.flow_plot = _plot(self.tr("Recibidos y resueltos por semana"))
        self.backlog_plot = _plot(self.tr("Rezago al cierre de cada semana"))
        self.turnaround_plot = _plot(self.tr("Tiempo de respuesta (días hábiles)"))
        charts = QHBoxLayout()
        for plot in (self.flow_plot, self.backlog_plot, self.turnaround_plot):
            charts.addWidget(plot)

        self.forecast_label = QLabel("")
        self.forecast_label.setObjectName("forecastLabel")
        self.forecast_label.setWordWrap(True)
        self.ratings_table = QTableWidget(0, 5)
        self.ratings_table.setObjectName("ratingsTable")
        self.ratings_table.setHorizontalHeaderLabels(
            [
                self.tr("Dependencia"),
                self.tr("Calificaciones"),
                self.tr("Rapidez"),
                self.tr("Atención"),
                self.tr("Servicio"),
            ]
        )
        self.ratings_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.ratings_table.verticalHeader().hide()
        header = self.ratings_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.ratings_table.setMaximumHeight(150)
        self.ratings_empty = QLabel(self.tr("Sin calificaciones ciudadanas en estas semanas."))
        self.ratings_empty.setObjectName("emptyLabel")

        bottom = QHBoxLayout()
        forecast_box = QVBoxLayout()
        title = QLabel(self.tr("Pronóstico del rezago (todas las dependencias)"))
        title.setFont(QFont(title.font().family(), -1, QFont.Weight.Bold))
        forecast_box.addWidget(title)
        forecast_box.addWidget(self.forecast_label)
        forecast_box.addStretch(1)
        ratings_box = QVBoxLayout()
        title = QLabel(self.tr("Calificaciones ciudadanas por dependencia"))
        title.setFont(QFont(title.font().family(), -1, QFont.Weight.Bold))
        ratings_box.addWidget(title)
        ratings_box.addWidget(self.ratings_table)
        ratings_box.addWidget(self.ratings_empty)
        bottom.addLayout(forecast_box, 1)
        bottom.addLayout(ratings_box, 1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.scope_label)
        layout.addLayout(controls)
        layout.addWidget(self.table, 3)
        layout.addLayout(charts, 4)
        layout.addLayout(bottom, 2)
        runner.changed.connect(self._records_changed)
        self.refresh()

    # -- selection -------------------------------------------------------------------------

    def weeks(self) -> tuple[IsoWeek, IsoWeek]:
        """The first and last ISO week of the chosen range (swapped if given backwards)."""
        a, b = (
            IsoWeek.of(labels.pydate(self.from_date.date())),
            IsoWeek.of(labels.pydate(self.to_date.date())),
        )
        return (a, b) if a <= b else (b, a)

    def set_weeks(self, first: IsoWeek, last: IsoWeek) -> None:
        """Show ``first`` to ``last`` (one reload)."""
        self.from_date.blockSignals(True)
        self.from_date.setDate(labels.qdate(first.monday))
        self.from_date.blockSignals(False)
        self.to_date.setDate(labels.qdate(last.monday))

    def picked_codes(self) -> list[str]:
        """Codes of the checked departments (empty: all)."""
        codes = []
        for i in range(self.department_list.count()):
            item = self.department_list.item(i)
            if item.checkState() == Qt.CheckState.Checked:
                codes.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return codes

    def set_picked(self, codes: list[str]) -> None:
        """Check exactly ``codes`` (one reload)."""
        self.department_list.blockSignals(True)
        for i in range(self.department_list.count()):
            item = self.department_list.item(i)
            wanted = item.data(Qt.ItemDataRole.UserRole) in codes
            item.setCheckState(Qt.CheckState.Checked if wanted else Qt.CheckState.Unchecked)
        self.department_list.blockSignals(False)
        self.refresh()

    # -- loading ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Reload the figures for the current selection on the database worker."""
        store, zone = self._store, self._zone
        first, last = self.weeks()
        codes = self.picked_codes()
        include = self.include_complaints
        text = self.tr("Semanas %1 a %2").replace("%1", str(first)).replace("%2", str(last))
        if last == IsoWeek.of(dt.datetime.now(self._zone).date()):
            text += " " + self.tr("(la última está en curso)")
        self.range_label.setText(text)

        def load() -> DashboardData:
            db = store.db
            return DashboardData(
                departments=metrics.list_departments(db),
                report=metrics.weekly_figures(
                    db, first, last, departments=codes, tz=zone, include_complaints=include
                ),
                forecast=backlog_forecast(db, tz=zone),
                ratings=metrics.ratings_by_department(db, first, last, departments=codes, tz=zone),
                scope=metrics.data_scope(db),
            )

        self._runner.run_db(load, self._show, self._failed)

    def _records_changed(self, kinds: set[str]) -> None:
        if kinds & CHANGES:
            self.refresh()

    def _failed(self, error: BaseException) -> None:
        messages.show_error(error, self._lang, self)

    def _show(self, data: DashboardData) -> None:
        self.data = data
        self._fill_departments(data.departments)
        self.scope_label.setText(data.scope.text(self._lang))
        self.forecast_label.setText(
            data.forecast.text(self._lang) + "\n" + metrics.forecast_note(self._lang)
        )
        self._fill_table(data.report.total.weeks)
        self._draw(data.report.total.weeks)
        self._fill_ratings(data.ratings)
        self.loaded.emit()

    def _fill_departments(self, departments: list[metrics.Department]) -> None:
        codes = [d.code for d in departments]
        if codes == self._departments_known:
            return
        picked = set(self.picked_codes())
        self._departments_known = codes
        self.department_list.blockSignals(True)
        self.department_list.clear()
        for dep in departments:
            item = QListWidgetItem(f"{dep.name} ({dep.code})")
            item.setData(Qt.ItemDataRole.UserRole, dep.code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = dep.code in picked
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.department_list.addItem(item)
        self.department_list.blockSignals(False)

    def column_titles(self) -> list[str]:
        titles = [
            self.tr("Semana"),
            self.tr("Recibidos"),
            self.tr("Resueltos"),
            self.tr("Cancelados"),
            self.tr("Rezago"),
            self.tr("Vencidos"),
            self.tr("Mediana\ndías"),
            self.tr("P90\ndías"),
            self.tr("Mediana\nhábiles"),
            self.tr("P90\nhábiles"),
            self.tr("En plazo"),
        ]
        if self.include_complaints:
            titles.append(self.tr("Denuncias\nrecib. / resuel."))
        return titles

    def _fill_table(self, weeks: tuple[metrics.WeekFigures, ...]) -> None:
        titles = self.column_titles()
        self.table.setColumnCount(len(titles))
        self.table.setHorizontalHeaderLabels(titles)
        header = self.table.horizontalHeader()
        for column in (3, 11):  # the widest headers: "Cancelados", the complaints pair
            if column < len(titles):
                header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setRowCount(len(weeks))
        for row, f in enumerate(weeks):
            values: list[Any] = [
                str(f.week),
                f.received,
                f.resolved,
                f.cancelled,
                f.backlog,
                f.overdue,
                weekly_report.number(f.median_days),
                weekly_report.number(f.p90_days),
                weekly_report.number(f.median_business_days),
                weekly_report.number(f.p90_business_days),
                weekly_report.percent(f),
            ]
            if self.include_complaints:
                values.append(f"{f.complaints_received} / {f.complaints_resolved}")
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        if weeks:
            self.table.scrollToBottom()

    def _draw(self, weeks: tuple[metrics.WeekFigures, ...]) -> None:
        xs = list(range(len(weeks)))
        step = max(1, len(weeks) // 8)
        ticks = [[(i, f"S{weeks[i].week.week:02d}") for i in range(0, len(weeks), step)]]
        for plot in (self.flow_plot, self.backlog_plot, self.turnaround_plot):
            plot.clear()
            plot.getAxis("bottom").setTicks(ticks)
            if plot.plotItem.legend is not None:
                plot.plotItem.legend.clear()
        legend = self.flow_plot.plotItem.legend or _legend(self.flow_plot)
        received = pg.BarGraphItem(
            x=[x - 0.2 for x in xs],
            height=[f.received for f in weeks],
            width=0.38,
            brush=RECEIVED_COLOR,
            pen=pg.mkPen(None),
        )
        resolved = pg.BarGraphItem(
            x=[x + 0.2 for x in xs],
            height=[f.resolved for f in weeks],
            width=0.38,
            brush=RESOLVED_COLOR,
            pen=pg.mkPen(None),
        )
        self.flow_plot.addItem(received)
        self.flow_plot.addItem(resolved)
        legend.addItem(received, self.tr("Recibidos"))
        legend.addItem(resolved, self.tr("Resueltos"))
        self.backlog_plot.plot(
            xs,
            [f.backlog for f in weeks],
            pen=pg.mkPen(BACKLOG_COLOR, width=2),
            symbol="o",
            symbolSize=5,
            symbolBrush=BACKLOG_COLOR,
            symbolPen=None,
        )
        legend = self.turnaround_plot.plotItem.legend or _legend(self.turnaround_plot)
        for values, color, name in (
            ([f.median_business_days for f in weeks], RECEIVED_COLOR, self.tr("Mediana")),
            ([f.p90_business_days for f in weeks], P90_COLOR, self.tr("P90")),
        ):
            points = [(x, v) for x, v in zip(xs, values, strict=True) if v is not None]
            curve = self.turnaround_plot.plot(
                [p[0] for p in points],
                [p[1] for p in points],
                pen=pg.mkPen(color, width=2),
                symbol="o",
                symbolSize=5,
                symbolBrush=color,
                symbolPen=None,
            )
            legend.addItem(curve, name)
        for plot in (self.flow_plot, self.backlog_plot, self.turnaround_plot):
            plot.setXRange(-0.6, max(len(weeks) - 0.4, 0.6), padding=0)
            plot.enableAutoRange(axis="y")
        # Headroom above the bars and lines so the legends never cover them.
        top = max([f.received for f in weeks] + [f.resolved for f in weeks] + [1])
        self.flow_plot.setYRange(0, top * 1.4, padding=0)
        levels = [
            v for f in weeks for v in (f.median_business_days, f.p90_business_days) if v is not None
        ]
        if levels:
            low, high = min(levels), max(levels)
            self.turnaround_plot.setYRange(
                max(0.0, low - (high - low) * 0.1 - 1), high + (high - low) * 0.45 + 1, padding=0
            )

    def _fill_ratings(self, ratings: list[metrics.DepartmentRatings]) -> None:
        self.ratings_table.setRowCount(len(ratings))
        for row, r in enumerate(ratings):
            values = [
                r.department.name,
                str(r.count),
                self._locale.toString(r.speed, "f", 1),
                self._locale.toString(r.attention, "f", 1),
                self._locale.toString(r.service, "f", 1),
            ]
            for column, value in enumerate(values):
                item = QTableWidgetItem(value)
                if column:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.ratings_table.setItem(row, column, item)
        self.ratings_table.setVisible(bool(ratings))
        self.ratings_empty.setVisible(not ratings)

    # -- help and exports ------------------------------------------------------------------

    def show_definitions(self) -> QMessageBox:
        """The definitions of every figure (the same text the PDF prints)."""
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Cómo se calculan las cifras"),
            metrics.definitions_text(self._lang),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.open()
        return box

    def _ask_and_write(self, kind: str) -> None:
        filters = {
            "pdf": self.tr("PDF (*.pdf)"),
            "csv": self.tr("CSV (*.csv)"),
            "xlsx": self.tr("Excel (*.xlsx)"),
        }
        _, last = self.weeks()
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Guardar informe semanal"), f"informe-{last}.{kind}", filters[kind]
        )
        if name:
            self.write_report(Path(name), kind)

    def write_report(self, path: Path, kind: str) -> None:
        """Write the weekly report of the range's last week (and the 8 before for the PDF)."""
        store, zone, lang = self._store, self._zone, self._lang
        _, last = self.weeks()
        codes = self.picked_codes()
        include = self.include_complaints

        def load() -> tuple[metrics.WeeklyReport, weekly_report.PdfContext]:
            db = store.db
            report = metrics.weekly_figures(
                db, last.plus(-7), last, departments=codes, tz=zone, include_complaints=include
            )
            today = dt.datetime.now(zone).date()
            ctx = weekly_report.PdfContext(
                municipality=store.get_setting(MUNICIPALITY_SETTING) or DEFAULT_MUNICIPALITY,
                scope=metrics.data_scope(db),
                forecast=backlog_forecast(db, today=min(today, last.sunday), tz=zone),
                ratings=metrics.ratings_by_department(
                    db, report.first, last, departments=codes, tz=zone
                ),
                generated=dt.datetime.now(zone),
            )
            return report, ctx

        def write(loaded: tuple[metrics.WeeklyReport, weekly_report.PdfContext]) -> str:
            report, ctx = loaded
            if kind == "pdf":
                weekly_report.write_pdf(report, path, ctx, lang=lang)
            elif kind == "csv":
                weekly_report.write_csv(report, path, lang=lang)
            else:
                weekly_report.write_xlsx(report, path, lang=lang)
            return str(path)

        def render(loaded: tuple[metrics.WeeklyReport, weekly_report.PdfContext]) -> None:
            self._runner.run(lambda: write(loaded), self.report_written.emit, self._failed)

        self._runner.run_db(load, render, self._failed)
